// Balances move only by deltas: profile edits, logins, access-token and affiliate-code requests,
// token edits and admin edits racing a stream of charges (and the ledger's flushes every 100 ms)
// never put back a balance read earlier. Afterwards the consume logs equal the change of the
// user's balance, used quota and request count, and of the token's used quota. GW_TEST_BACKEND
// picks the database (SQLite when unset).
import { test } from "node:test";
import assert from "node:assert/strict";
import { startMock } from "../mock/openai_upstream.mjs";
import { prepare, startGateway } from "../relay/harness.mjs";
import { chat, consumeLogs, newUser, post, sum } from "./accounts.mjs";

test("edits racing a stream of charges never erase one", { timeout: 120000 }, async () => {
  const mock = await startMock();
  const gw = await startGateway();
  try {
    const { call } = await prepare(gw, mock.port, { models: "plain", selfUse: false });
    await call("PUT", "/api/option/", { key: "ModelRatio", value: JSON.stringify({ plain: 2 }) });
    const u = await newUser(gw, call, "racer", 50000000);
    const before = (await call("GET", `/api/user/${u.id}`)).data;
    const selfCall = (method, p, body) =>
      fetch(gw.base + p, { method, headers: { "content-type": "application/json", ...u.auth },
                           body: body ? JSON.stringify(body) : undefined }).then((r) => r.json());

    let running = true, ok = 0, edits = 0;
    const charger = async () => {
      while (running) {
        const r = await chat(gw, u.key);
        await r.text();
        assert.equal(r.status, 200);
        ok++;
      }
    };
    const editor = async (edit) => {
      for (let i = 0; running; i++) {
        const r = await edit(i);
        assert.ok(r.success !== false, JSON.stringify(r));
        edits++;
      }
    };
    const work = [
      ...Array.from({ length: 6 }, charger),
      editor((i) => selfCall("PUT", "/api/user/self", { display_name: "racer " + (i % 10) })),
      editor(() => post(gw, "/api/user/login", { username: u.name, password: u.password }).then((r) => r.json())),
      editor(() => selfCall("GET", "/api/user/token")),
      editor(() => selfCall("GET", "/api/user/aff")),
      editor((i) => selfCall("PUT", "/api/token/", { id: u.tokenId, name: "k" + (i % 10) })),
      editor((i) => call("PUT", "/api/user/", { id: u.id, display_name: "admin edit " + (i % 10), remark: "r" + i,
                                                 group: "default" })),
      editor(() => call("POST", "/api/user/manage", { id: u.id, action: "enable" })),
    ];
    await new Promise((r) => setTimeout(r, 5000));
    running = false;
    await Promise.all(work);
    // MariaDB answers reads of users rows slowly (Poco sizes MEDIUMTEXT buffers at 16 MB): fewer edits.
    assert.ok(ok > 100 && edits > 20, `${ok} charges and ${edits} edits`);

    await new Promise((r) => setTimeout(r, 400));  // the last flush
    const logs = await consumeLogs(call, u.name);
    const after = (await call("GET", `/api/user/${u.id}`)).data;
    const token = (await selfCall("GET", `/api/token/${u.tokenId}`)).data;
    assert.equal(logs.length, ok, "one consume log per answered request");
    assert.equal(sum(logs), ok * (11 + 7) * 2);
    assert.equal(before.quota - after.quota, sum(logs), "the balance moved by exactly the logged charges");
    assert.equal(after.used_quota - before.used_quota, sum(logs));
    assert.equal(after.request_count - before.request_count, ok);
    assert.equal(token.used_quota, sum(logs));
  } finally {
    await gw.stop();
    mock.server.close();
  }
});
