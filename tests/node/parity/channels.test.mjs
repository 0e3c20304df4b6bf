// New API's channel utilities: /api/channel/fix rebuilds abilities, /api/channel/tag/models gives
// a tag's longest model list, /api/models lists models per channel type.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { prepare, startGateway } from "../relay/harness.mjs";

let gw, call, dir;
before(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "gw-parity-channels-"));
  gw = await startGateway({}, { dir });
  ({ call } = await prepare(gw, 9, { models: "gpt-4o-mini" }));
  for (const [name, models] of [["t1", "a,b"], ["t2", "a,b,c"]])
    assert.ok((await call("POST", "/api/channel/", { mode: "single", channel: {
      type: 1, name, key: "k", base_url: "http://127.0.0.1:9", models, group: "default", tag: "team" } })).success);
});
after(() => gw.stop());

const sql = (text) => execFileSync("sqlite3", [path.join(dir, "one-api.db")], { input: text }).toString().trim();

test("fix rebuilds every channel's abilities", async () => {
  const before = sql("SELECT count(*) FROM abilities");
  sql("DELETE FROM abilities");
  const r = await call("POST", "/api/channel/fix");
  assert.deepEqual(r, { success: true, message: "", data: { success: 3, fails: 0 } });
  assert.equal(sql("SELECT count(*) FROM abilities"), before);
});

test("a tag's models are its longest list; the tag is required", async () => {
  assert.equal((await call("GET", "/api/channel/tag/models?tag=team")).data, "a,b,c");
  assert.equal((await call("GET", "/api/channel/tag/models")).success, false);
});

test("models by channel type come from the plugins", async () => {
  const r = await call("GET", "/api/models");
  assert.equal(r.success, true);
  assert.ok(Array.isArray(r.data["14"]) && r.data["14"].some((m) => m.startsWith("claude")), JSON.stringify(r.data["14"]));
  assert.ok(r.data["1"].includes("gpt-4o-mini"));
});
