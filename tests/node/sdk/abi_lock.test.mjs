// The ABI lock: the checker passes the current headers and catches each kind of broken promise on
// a doctored copy, and a plugin compiled from the frozen 1.0 headers loads and serves here.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startOnPluginDir } from "./server.mjs";

const SDK = process.env.SDK_DIR;
const FROZEN = path.join(SDK, "abi-lock/1.0");
const check = (current) =>
  spawnSync("node", [path.join(SDK, "tools/check_abi_lock.mjs"), FROZEN, current], { encoding: "utf8" });

// A copy of the current headers with one edit applied to one file.
function doctored(file, edit) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "gw-abi-edit-"));
  cpSync(path.join(SDK, "include"), dir, { recursive: true });
  const p = path.join(dir, "gw/abi", file);
  const before = readFileSync(p, "utf8");
  const after = edit(before);
  assert.notEqual(after, before, "the edit applied");
  writeFileSync(p, after);
  return dir;
}

test("the current headers keep every 1.0 promise", () => {
  const r = check(path.join(SDK, "include"));
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /structs, \d+ constants kept/);
});

const cases = [
  ["a field inserted mid-struct", "provider.h", (s) => s.replace("    int32_t stream;      /*", "    int32_t inserted;\n    int32_t stream;      /*"), 1, /gw_request_info\.stream moved/],
  ["a field widened", "types.h", (s) => s.replace("    size_t len;\n} gw_str;", "    uint64_t pad; size_t len;\n} gw_str;"), 1, /gw_str\.len moved/],
  ["an enum value renumbered", "types.h", (s) => s.replace("GW_ERR_PARSE = 4", "GW_ERR_PARSE = 40"), 1, /GW_ERR_PARSE changed from 4 to 40/],
  ["a field renamed", "types.h", (s) => s.replace("void(GW_ABI* append)(void* ctx, gw_str bytes);", "void(GW_ABI* add)(void* ctx, gw_str bytes);"), 1, /gone/],
  ["a field appended at the tail", "types.h", (s) => s.replace("    void(GW_ABI* append)(void* ctx, gw_str bytes);\n} gw_buffer_sink;", "    void(GW_ABI* append)(void* ctx, gw_str bytes);\n    uint32_t added_in_1_1;\n} gw_buffer_sink;"), 0, /kept/],
];
for (const [name, file, edit, status, message] of cases)
  test(`the checker on ${name}: exit ${status}`, () => {
    const dir = doctored(file, edit);
    try {
      const r = check(dir);
      assert.equal(r.status, status, r.stdout + r.stderr);
      assert.match(r.stdout + r.stderr, message);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

test("a plugin built from the frozen 1.0 headers loads and serves in this host", async () => {
  const plugins = mkdtempSync(path.join(os.tmpdir(), "gw-abi10-"));
  const lib = path.join(plugins, "fixture_abi_1_0.so");
  copyFileSync(path.join(process.env.FIXTURE_PLUGIN_DIR, "fixture_abi_1_0.so"), lib);
  const sha = createHash("sha256").update(readFileSync(lib)).digest("hex");
  writeFileSync(path.join(plugins, "fixture_abi_1_0.xml"),
                `<plugin id="org.test.abi10" version="1.0.0" kind="provider" abi="1.0"><library>fixture_abi_1_0.so</library><sha256>${sha}</sha256></plugin>`);
  for (const f of ["provider-openai.so", "provider-openai.xml"])  // for the harness's own channel
    copyFileSync(path.join(process.env.PLUGIN_DIR, f), path.join(plugins, f));
  const { mock, gw, key, call, stop } = await startOnPluginDir(plugins);
  try {
    const loaded = (await call("GET", "/api/plugins")).data.loaded;
    assert.deepEqual(loaded.filter((p) => p.id === "org.test.abi10").map((p) => p.abi), ["1.0"]);
    const ch = await call("POST", "/api/channel/", { mode: "single", channel: {
      type: 9010, name: "abi10", key: "k", base_url: `http://127.0.0.1:${mock.port}`, models: "echo-1", group: "default" } });
    assert.ok(ch.success, JSON.stringify(ch));
    const r = await fetch(gw.base + "/v1/chat/completions", {
      method: "POST", headers: { "content-type": "application/json", authorization: "Bearer " + key },
      body: JSON.stringify({ model: "echo-1", messages: [{ role: "user", content: "from 1.0" }] }) });
    const body = await r.json();
    assert.equal(r.status, 200, JSON.stringify(body));
    assert.equal(body.choices[0].message.content, "echo: from 1.0");
    assert.equal(mock.requests.at(-1).url, "/echo");
  } finally {
    await stop();
    rmSync(plugins, { recursive: true, force: true });
  }
});
