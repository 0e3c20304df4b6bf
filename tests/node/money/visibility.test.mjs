// What users see is current: a finished call shows in /api/user/self (balance, used quota,
// request count), the token list and /api/log/self within 200 ms of its answer, without
// BATCH_UPDATE_ENABLED (New API's default).
import { test } from "node:test";
import assert from "node:assert/strict";
import { startMock } from "../mock/openai_upstream.mjs";
import { prepare, startGateway } from "../relay/harness.mjs";
import { chat, newUser } from "./accounts.mjs";

async function within(ms, check) {
  const start = Date.now();
  let last;
  while (Date.now() - start <= ms) {
    last = await check();
    if (last === true) return Date.now() - start;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`not visible within ${ms} ms: ${JSON.stringify(last)}`);
}

test("a finished call is visible at once in the balance, the token list and the logs", { timeout: 60000 }, async () => {
  const mock = await startMock();
  const gw = await startGateway();
  try {
    const { call } = await prepare(gw, mock.port, { models: "plain", selfUse: false });
    await call("PUT", "/api/option/", { key: "ModelRatio", value: JSON.stringify({ plain: 2 }) });
    const u = await newUser(gw, call, "watcher", 10000000);
    const get = (p) => fetch(gw.base + p, { headers: u.auth }).then((r) => r.json());
    for (const stream of [false, true]) {
      const self0 = (await get("/api/user/self")).data;
      const logs0 = (await get("/api/log/self?p=1&page_size=1")).data.total;
      const r = await chat(gw, u.key, { stream });
      await r.text();
      assert.equal(r.status, 200);
      const charge = (stream ? 9 + 4 : 11 + 7) * 2;  // the mock's usage for each mode, at ratio 2
      const waited = [
        await within(200, async () => {
          const s = (await get("/api/user/self")).data;
          return (s.quota === self0.quota - charge && s.used_quota === self0.used_quota + charge &&
                  s.request_count === self0.request_count + 1) || s;
        }),
        await within(200, async () => {
          const t = (await get("/api/token/?p=1&size=10")).data.items.find((x) => x.id === u.tokenId);
          return t.used_quota === self0.used_quota + charge || t;
        }),
        await within(200, async () => {
          const l = (await get("/api/log/self?p=1&page_size=1")).data;
          return (l.total === logs0 + 1 && l.items[0].quota === charge) || l.total;
        }),
      ];
      assert.ok(waited.every((ms) => ms <= 200), JSON.stringify(waited));
    }
  } finally {
    await gw.stop();
    mock.server.close();
  }
});
