// An existing New API database opens as-is: a SQLite file as New API's own migrations leave it
// (`json` columns, its newer tables) starts the gateway, logs its users in and relays with their
// keys, billed into its own tables.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startMock } from "../mock/openai_upstream.mjs";
import { startGateway } from "../relay/harness.mjs";
import { chat, post } from "./accounts.mjs";

const fixture = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../fixtures/new_api_schema.sql");

test("a database created by New API's migrations opens, logs in and relays", { timeout: 60000 }, async () => {
  const mock = await startMock();
  const dir = mkdtempSync(path.join(os.tmpdir(), "gw-legacy-"));
  const sql = readFileSync(fixture, "utf8").replace("@UPSTREAM@", `http://127.0.0.1:${mock.port}`);
  execFileSync("sqlite3", [path.join(dir, "one-api.db")], { input: sql });
  const gw = await startGateway({}, { dir });
  try {
    const status = await fetch(gw.base + "/api/status").then((r) => r.json());
    assert.equal(status.success, true, gw.output());
    const login = await post(gw, "/api/user/login", { username: "legacy", password: "legacypass1" });
    const body = await login.clone().json();
    assert.equal(body.success, true, JSON.stringify(body));
    const auth = { cookie: login.headers.get("set-cookie").split(";")[0], "New-Api-User": String(body.data.id) };
    const before = (await fetch(gw.base + "/api/user/self", { headers: auth }).then((r) => r.json())).data;
    assert.equal(before.quota, 50000000);

    const r = await chat(gw, "sk-legacylegacylegacylegacylegacylegacylegacylegacy", { model: "gpt-4o-mini" });
    const answer = await r.json();
    assert.equal(r.status, 200, JSON.stringify(answer));
    // 0.075 × (11 + 7 × 4) = 2.925 → 3
    const after = (await fetch(gw.base + "/api/user/self", { headers: auth }).then((r) => r.json())).data;
    assert.equal(before.quota - after.quota, 3);
    let logs;
    for (let i = 0; i < 20 && !(logs && logs.total === 2); i++) {  // the one New API wrote and ours
      await new Promise((r) => setTimeout(r, 50));
      logs = (await fetch(gw.base + "/api/log/self?p=1&page_size=10", { headers: auth }).then((r) => r.json())).data;
    }
    assert.equal(logs.total, 2);
    assert.equal(logs.items[0].quota, 3);

    const rootLogin = await post(gw, "/api/user/login", { username: "root", password: "legacypass1" });
    assert.equal((await rootLogin.json()).success, true);
  } finally {
    await gw.stop();
    rmSync(dir, { recursive: true, force: true });
    mock.server.close();
  }
});
