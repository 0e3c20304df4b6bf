// Redis going away: both nodes keep serving on their own counters (a loud warning and a metric),
// every request stays billed, and the nodes return to the shared counters once Redis is back.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startMock } from "../mock/openai_upstream.mjs";
import { prepare } from "../relay/harness.mjs";
import { startCluster, startRedis } from "./nodes.mjs";

let mock, redis, cluster, a, b, call;

before(async () => {
  mock = await startMock();
  redis = await startRedis();
  cluster = await startCluster(redis.url, ["node-a", "node-b"], { BATCH_UPDATE_INTERVAL: "1" });
  [a, b] = cluster.nodes;
  ({ call } = await prepare(a, mock.port, { models: "plain", selfUse: false,
                                            tokenFields: { unlimited_quota: false, remain_quota: 1000000 } }));
  await call("PUT", "/api/option/", { key: "ModelRatio", value: JSON.stringify({ plain: 2 }) });
});

after(async () => {
  await cluster?.stop();
  await redis?.stop();
  mock?.server.close();
});

const cluster_state = async (node) =>
  (await fetch(node.base + "/api/cluster", { headers: (await adminHeaders()) }).then((r) => r.json())).data;
let headers;
async function adminHeaders() {
  if (headers) return headers;
  const login = await fetch(a.base + "/api/user/login", { method: "POST", headers: { "content-type": "application/json" },
                                                          body: JSON.stringify({ username: "root", password: "rootpass123" }) });
  headers = { cookie: login.headers.get("set-cookie").split(";")[0], "New-Api-User": "1" };
  return headers;
}

async function load(key, ms) {
  const statuses = [];
  const end = Date.now() + ms;
  await Promise.all([a, b].map(async (node) => {
    while (Date.now() < end) {
      const r = await fetch(node.base + "/v1/chat/completions", {
        method: "POST", headers: { "content-type": "application/json", authorization: "Bearer " + key },
        body: JSON.stringify({ model: "plain", max_tokens: 20, messages: [{ role: "user", content: "hi" }] }) });
      await r.text();
      statuses.push(r.status);
    }
  }));
  return statuses;
}

test("Redis stops: requests keep succeeding and billed on local counters, then the nodes recover", async () => {
  const tokens = (await call("GET", "/api/token/?p=1&size=10")).data.items;
  const token = tokens[0];
  const key = "sk-" + (await call("POST", `/api/token/${token.id}/key`)).data.key;

  const before = await load(key, 1000);
  assert.ok(before.length > 0 && before.every((s) => s === 200));

  await redis.stop();
  const during = await load(key, 3000);
  assert.ok(during.length > 10 && during.every((s) => s === 200), JSON.stringify(during.filter((s) => s !== 200)));
  for (const node of [a, b]) {
    const st = await cluster_state(node);
    assert.equal(st.redis.healthy, false);
    assert.ok(st.redis.failures > 0 && st.redis.local_fallbacks > 0, JSON.stringify(st.redis));
    assert.match(node.output(), /REDIS UNREACHABLE/);
  }

  // A change made while the nodes cannot hear each other reaches node B after its listener
  // reconnects (SYNC_FREQUENCY is 60 s here: only the reconnect's reload can bring it).
  assert.ok((await call("PUT", "/api/option/", { key: "SystemName", value: "renamed during the outage" })).success);
  redis = await startRedis(redis.port);
  const afterOutage = await load(key, 2500);
  assert.ok(afterOutage.every((s) => s === 200));
  for (const node of [a, b]) {
    const st = await cluster_state(node);
    assert.equal(st.redis.healthy, true, node.output());
    assert.match(node.output(), /is reachable again/);
  }

  const systemName = async () => (await (await fetch(b.base + "/api/status")).json()).data.system_name;
  for (let i = 0; i < 50 && (await systemName()) !== "renamed during the outage"; i++)
    await new Promise((r) => setTimeout(r, 100));
  assert.equal(await systemName(), "renamed during the outage");

  await new Promise((r) => setTimeout(r, 2500));  // both ledgers flush
  const served = before.length + during.length + afterOutage.length;
  const logs = (await call("GET", `/api/log/stat?type=2&token_name=${token.name}`)).data;
  const now = (await call("GET", `/api/token/${token.id}`)).data;
  assert.equal(logs.quota, served * (11 + 7) * 2, "a request went unbilled or was billed twice");
  assert.equal(1000000 - now.remain_quota, logs.quota);
});
