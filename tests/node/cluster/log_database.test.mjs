// LOG_SQL_DSN: the main data on PostgreSQL, the logs on MariaDB. Consume and top-up logs land in
// the log database only, the log API reads them from there, and charges still match the logs.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { startMock } from "../mock/openai_upstream.mjs";
import { createDatabase, dropDatabase, prepare, startGateway } from "../relay/harness.mjs";

let mock, gw, key, call, mainDsn, logDsn;

const dbName = (dsn) => dsn.match(/\/(gw_n_[0-9_]+)/)[1];
const pgCount = (sql) => Number(execFileSync("psql", ["-h", "127.0.0.1", "-U", "gw", "-d", dbName(mainDsn), "-tAc", sql],
                                            { env: { ...process.env, PGPASSWORD: "gwpass" } }).toString().trim());
const myCount = (sql) => Number(execFileSync("mariadb", ["-h", "127.0.0.1", "-ugw", "-pgwpass", "-N", "-e", sql, dbName(logDsn)])
                                  .toString().trim());

before(async () => {
  mock = await startMock();
  mainDsn = createDatabase("postgres");
  logDsn = createDatabase("mysql");
  gw = await startGateway({ SQL_DSN: mainDsn, LOG_SQL_DSN: logDsn, BATCH_UPDATE_INTERVAL: "1" });
  ({ key, call } = await prepare(gw, mock.port, { models: "plain", selfUse: false }));
  await call("PUT", "/api/option/", { key: "ModelRatio", value: JSON.stringify({ plain: 2 }) });
});

after(async () => {
  await gw?.stop();
  dropDatabase(mainDsn);
  dropDatabase(logDsn);
  mock?.server.close();
});

test("consume and top-up logs are written to LOG_SQL_DSN and read back from it", async () => {
  const before = (await call("GET", "/api/user/self")).data.quota;
  for (let i = 0; i < 5; i++) {
    const r = await fetch(gw.base + "/v1/chat/completions", {
      method: "POST", headers: { "content-type": "application/json", authorization: "Bearer " + key },
      body: JSON.stringify({ model: "plain", messages: [{ role: "user", content: "hi" }] }) });
    assert.equal(r.status, 200);
    await r.text();
  }
  const made = await call("POST", "/api/redemption/", { name: "logs", count: 1, quota: 1000 });
  const topup = await call("POST", "/api/user/topup", { key: made.data[0] });
  assert.ok(topup.success, JSON.stringify(topup));
  await new Promise((r) => setTimeout(r, 2000));  // the ledger flushes

  const consume = (await call("GET", "/api/log/?p=1&page_size=50&type=2")).data;
  assert.equal(consume.total, 5);
  assert.equal(myCount("SELECT COUNT(*) FROM logs WHERE type = 2"), 5);
  assert.equal(myCount("SELECT COUNT(*) FROM logs WHERE type = 1"), 1);
  assert.equal(pgCount("SELECT COUNT(*) FROM logs"), 0);
  const charged = consume.items.reduce((s, l) => s + l.quota, 0);
  assert.equal(charged, 5 * (11 + 7) * 2);
  assert.equal(before + 1000 - (await call("GET", "/api/user/self")).data.quota, charged);
});
