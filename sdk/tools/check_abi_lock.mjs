#!/usr/bin/env node
// Checks that the current ABI headers keep every promise of a frozen release.
// Usage: check_abi_lock.mjs <frozen include dir> <current include dir>
// Every struct and constant of the frozen headers is compiled into a probe twice, once against
// each set of headers: field offsets and sizes and constant values must be equal, and a struct may
// only grow. Exit 1 with one line per broken promise.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const [frozen, current] = process.argv.slice(2);
if (!frozen || !current) {
  console.error("usage: check_abi_lock.mjs <frozen include dir> <current include dir>");
  process.exit(2);
}

const stripComments = (s) => s.replace(/\/\*[\s\S]*?\*\//g, " ").replace(/\/\/.*$/gm, " ");

// Field name of one declaration: `T name`, `T name[4]`, or `R(GW_ABI* name)(args)`.
function fieldName(decl) {
  const fn = decl.match(/\(\s*(?:GW_ABI\s*)?\*\s*(\w+)\s*\)/);
  if (fn) return fn[1];
  const m = decl.match(/(\w+)\s*(\[[^\]]*\])?\s*$/);
  return m ? m[1] : null;
}

// { structs: [{name, fields}], constants: [name] } of one header.
function parse(text) {
  const src = stripComments(text);
  const structs = [];
  // `typedef struct x {...} x;` and `struct x {...};` (vtables declared with a typedef first).
  for (const m of src.matchAll(/(?:typedef\s+)?struct\s+(\w+)\s*\{([\s\S]*?)\}\s*(\w*)\s*;/g)) {
    const fields = m[2].split(";").map((d) => d.trim()).filter(Boolean).map(fieldName).filter(Boolean);
    structs.push({ name: m[3] || m[1], fields });
  }
  const constants = [];
  for (const m of src.matchAll(/enum\s*(?:\w+\s*)?\{([\s\S]*?)\}/g))
    for (const item of m[1].split(",")) {
      const name = item.trim().match(/^(\w+)/);
      if (name) constants.push(name[1]);
    }
  for (const m of src.matchAll(/^\s*#define\s+(GW_ABI_MAJOR)\s/gm)) constants.push(m[1]);
  return { structs, constants };
}

const headers = readdirSync(path.join(frozen, "gw/abi")).filter((f) => f.endsWith(".h"));
const structs = [], constants = [];
for (const h of headers) {
  const p = parse(readFileSync(path.join(frozen, "gw/abi", h), "utf8"));
  structs.push(...p.structs);
  constants.push(...p.constants);
}

let probe = "#include <stddef.h>\n#include <stdio.h>\n";
for (const h of headers) probe += `#include "gw/abi/${h}"\n`;
probe += "int main(void) {\n";
for (const s of structs) {
  probe += `  printf("size ${s.name} %zu\\n", sizeof(${s.name}));\n`;
  for (const f of s.fields)
    probe += `  printf("field ${s.name}.${f} %zu %zu\\n", offsetof(${s.name}, ${f}), sizeof(((${s.name}*)0)->${f}));\n`;
}
for (const c of constants) probe += `  printf("const ${c} %lld\\n", (long long)(${c}));\n`;
probe += "  return 0;\n}\n";

const work = mkdtempSync(path.join(os.tmpdir(), "gw-abi-lock-"));
function measure(includeDir, tag) {
  const exe = path.join(work, tag);
  try {
    execFileSync("cc", ["-std=c99", "-Wall", "-I", includeDir, "-x", "c", "-", "-o", exe], { input: probe, stdio: ["pipe", "pipe", "pipe"] });
  } catch (e) {
    return { error: e.stderr.toString() };
  }
  const out = new Map();
  for (const line of execFileSync(exe).toString().trim().split("\n")) {
    const [kind, name, ...values] = line.split(" ");
    out.set(`${kind} ${name}`, values.map(Number));
  }
  return { out };
}

const before = measure(frozen, "frozen");
const after = measure(current, "current");
rmSync(work, { recursive: true, force: true });
if (before.error) {
  console.error("the frozen headers do not compile:\n" + before.error);
  process.exit(2);
}
if (after.error) {
  console.error("a released name is gone from the current headers:\n" + after.error);
  process.exit(1);
}

const broken = [];
for (const [key, was] of before.out) {
  const now = after.out.get(key);
  const [kind, name] = key.split(" ");
  if (kind === "size" && now[0] < was[0]) broken.push(`${name} shrank from ${was[0]} to ${now[0]} bytes`);
  if (kind === "field" && (now[0] !== was[0] || now[1] !== was[1]))
    broken.push(`${name} moved or changed size: offset ${was[0]} -> ${now[0]}, size ${was[1]} -> ${now[1]}`);
  if (kind === "const" && now[0] !== was[0]) broken.push(`${name} changed from ${was[0]} to ${now[0]}`);
}
if (broken.length) {
  console.error(`ABI promises broken against ${frozen}:\n  ` + broken.join("\n  "));
  process.exit(1);
}
console.log(`ABI lock ${frozen}: ${structs.length} structs, ${constants.length} constants kept`);
