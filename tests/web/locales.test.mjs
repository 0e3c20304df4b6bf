// The five locale files carry the same keys, and every key the sources name exists in them.
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const web = path.join(path.dirname(fileURLToPath(import.meta.url)), "../../web/src");
const flat = (o, p = "") => Object.entries(o).flatMap(([k, v]) => (typeof v === "object" ? flat(v, `${p}${k}.`) : [`${p}${k}`]));
const keysOf = (lang) => new Set(flat(JSON.parse(readFileSync(path.join(web, "locales", `${lang}.json`), "utf8"))));

function sources(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith(".tsx") || e.name.endsWith(".ts") ? [path.join(dir, e.name)] : []);
}

test("every language has exactly the English keys", () => {
  const en = [...keysOf("en")].sort();
  for (const lang of ["zh-CN", "zh-TW", "fr", "ja"]) assert.deepEqual([...keysOf(lang)].sort(), en, lang);
});

test("every literal key used in the sources is translated", () => {
  const en = keysOf("en");
  const used = new Set();
  for (const file of sources(web))
    for (const m of readFileSync(file, "utf8").matchAll(/\bt\("([a-z_]+\.[A-Za-z_]+)"/g)) used.add(m[1]);
  assert.ok(used.size > 100, `found ${used.size} keys`);
  assert.deepEqual([...used].filter((k) => !en.has(k)), []);
});
