// The ledger under pressure: parallel requests against a token with a tight quota cannot overdraw
// it by more than one request's hold, and a SIGTERM during load loses no charge: after a restart
// the consume logs add up to the balance change.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startMock } from "../mock/openai_upstream.mjs";
import { prepare, startGateway } from "./harness.mjs";

const chat = (gw, key, model = "plain") =>
  fetch(gw.base + "/v1/chat/completions", {
    method: "POST", headers: { "content-type": "application/json", authorization: "Bearer " + key },
    body: JSON.stringify({ model, messages: [{ role: "user", content: "hello" }] }) })
    .then(async (r) => ({ status: r.status, body: await r.text() }))
    .catch(() => ({ status: 0 }));

async function tokenNamed(call, name) {
  return (await call("GET", "/api/token/?p=1&size=50")).data.items.find((t) => t.name === name);
}

async function sumLogs(call, extra = "") {
  let total = 0, count = 0;
  for (let p = 1; ; p++) {
    const items = (await call("GET", `/api/log/?p=${p}&page_size=100&type=2${extra}`)).data.items;
    for (const l of items) { total += l.quota; count++; }
    if (items.length < 100) return { total, count };
  }
}

test("500 parallel requests never overdraw a tight token by more than one hold", { timeout: 120000 }, async () => {
  const mock = await startMock();
  const gw = await startGateway({ BATCH_UPDATE_INTERVAL: "1" });
  try {
    const { call } = await prepare(gw, mock.port, { models: "plain", selfUse: false });
    await call("PUT", "/api/option/", { key: "ModelRatio", value: JSON.stringify({ plain: 2 }) });
    const created = await call("POST", "/api/token/", { name: "tight", remain_quota: 3000, unlimited_quota: false, expired_time: -1 });
    assert.ok(created.success, JSON.stringify(created));
    const tight = await tokenNamed(call, "tight");
    const key = "sk-" + (await call("POST", `/api/token/${tight.id}/key`)).data.key;
    const results = await Promise.all(Array.from({ length: 500 }, () => chat(gw, key)));
    const ok = results.filter((r) => r.status === 200).length;
    const refused = results.filter((r) => r.status === 403).length;
    assert.ok(ok > 0, "some requests went through");
    assert.equal(ok + refused, 500, "every request was answered 200 or 403");
    await new Promise((r) => setTimeout(r, 1500));
    const after = await tokenNamed(call, "tight");
    const hold = 500 * 2;  // max(prompt, PreConsumedQuota 500) × ratio 2
    assert.ok(after.remain_quota >= -hold, `overdrawn to ${after.remain_quota}`);
    const logs = await sumLogs(call, `&token_name=tight`);
    assert.equal(logs.count, ok);
    assert.equal(3000 - after.remain_quota, logs.total);
    assert.equal(after.used_quota, logs.total);
  } finally {
    await gw.stop();
    mock.server.close();
  }
});

test("SIGTERM under load loses no charge: after a restart the logs equal the balance change", { timeout: 120000 }, async () => {
  const mock = await startMock();
  const dir = mkdtempSync(path.join(os.tmpdir(), "gw-ledger-"));
  const env = { BATCH_UPDATE_INTERVAL: "30" };  // nothing flushes on its own: only shutdown persists
  let gw = await startGateway(env, { dir });
  try {
    const { call, key } = await prepare(gw, mock.port, { models: "plain", selfUse: false });
    await call("PUT", "/api/option/", { key: "ModelRatio", value: JSON.stringify({ plain: 2 }) });
    const before = (await call("GET", "/api/user/self")).data.quota;
    const load = Promise.all(Array.from({ length: 300 }, (_, i) =>
      new Promise((r) => setTimeout(r, i)).then(() => chat(gw, key))));
    await new Promise((r) => setTimeout(r, 150));
    const exited = new Promise((resolve) => gw.child.once("exit", resolve));
    gw.child.kill("SIGTERM");
    const results = await load;
    assert.equal(await exited, 0);
    const ok = results.filter((r) => r.status === 200).length;
    assert.ok(ok > 0);
    gw = await startGateway(env, { dir });
    const login = await fetch(gw.base + "/api/user/login", { method: "POST", headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "root", password: "rootpass123" }) });
    const cookie = login.headers.get("set-cookie").split(";")[0];
    const call2 = async (method, p) =>
      (await fetch(gw.base + p, { method, headers: { cookie, "New-Api-User": "1" } })).json();
    const after = (await call2("GET", "/api/user/self")).data.quota;
    const logs = await sumLogs(call2);
    assert.equal(logs.count, ok, "one consume log per answered request");
    assert.equal(before - after, logs.total);
    assert.equal(logs.total, ok * (11 + 7) * 2);
  } finally {
    await gw.stop();
    rmSync(dir, { recursive: true, force: true });
    mock.server.close();
  }
});
