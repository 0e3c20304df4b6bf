// The database (GW_TEST_BACKEND: postgres or mysql) stopped for 20 s under steady load: requests
// keep succeeding (auth, routing and the ledger work from memory), and once it is back every
// charge and every log row reach it. Stops and starts the local server, so it runs alone (ctest
// RUN_SERIAL) and needs root.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { startMock } from "../mock/openai_upstream.mjs";
import { prepare, startGateway } from "../relay/harness.mjs";
import { BACKEND, server } from "./servers.mjs";

let mock, gw, key, call;
before(async () => {
  assert.ok(["postgres", "mysql"].includes(BACKEND), "run with GW_TEST_BACKEND=postgres or mysql");
  mock = await startMock();
  gw = await startGateway({ BATCH_UPDATE_INTERVAL: "1", SYNC_FREQUENCY: "2" });
  ({ key, call } = await prepare(gw, mock.port, { models: "gpt-4o-mini", selfUse: false,
                                                  tokenFields: { unlimited_quota: false, remain_quota: 50000000 } }));
  await call("PUT", "/api/option/", { key: "ModelRatio", value: JSON.stringify({ "gpt-4o-mini": 1 }) });
});
after(async () => {
  try { server("start"); } catch { /* already running */ }
  await gw.stop();
  mock.server.close();
});

test(`a 20 s ${BACKEND} outage loses no request, charge or log`, async () => {
  const before = (await call("GET", "/api/user/self")).data.quota;
  let ok = 0, failed = 0, running = true;
  const load = (async () => {
    while (running) {
      const r = await fetch(`${gw.base}/v1/chat/completions`, { method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] }) })
        .catch(() => ({ status: 0, text: async () => "" }));
      await r.text();
      if (r.status === 200) ok++; else failed++;
      await new Promise((res) => setTimeout(res, 25));
    }
  })();
  await new Promise((res) => setTimeout(res, 2000));
  server("stop");
  const atStop = ok;
  await new Promise((res) => setTimeout(res, 20000));
  const duringOutage = ok - atStop;
  server("start");
  await new Promise((res) => setTimeout(res, 2000));
  running = false;
  await load;
  assert.equal(failed, 0);
  assert.ok(duringOutage > 100, `only ${duringOutage} requests succeeded during the outage`);
  // Every charge and log row reaches the database once it is back.
  let logs, self;
  for (let i = 0; i < 60; i++) {
    await new Promise((res) => setTimeout(res, 500));
    logs = (await call("GET", "/api/log/?p=1&page_size=1&type=2")).data.total;
    if (logs === ok) break;
  }
  assert.equal(logs, ok, "one consume log per successful request");
  const stat = (await call("GET", "/api/log/stat?type=2")).data;
  self = (await call("GET", "/api/user/self")).data;
  assert.equal(before - self.quota, stat.quota, "the balance moved by exactly the logged charges");
  assert.equal(self.request_count, ok);
});
