// Two gateway nodes behind one (imaginary) load balancer, sharing PostgreSQL and Redis: one
// token's quota cannot be overspent by splitting requests between them, a change made through
// one node reaches the other at once, sessions work on both, and background jobs run once.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startMock } from "../mock/openai_upstream.mjs";
import { prepare } from "../relay/harness.mjs";
import { startCluster, startRedis } from "./nodes.mjs";

const CHARGE = (11 + 7) * 2;  // the mock's usage at ModelRatio 2
const HOLD = (500 + 20) * 2;  // pre-consumed: PreConsumedTokens (500) + max_tokens, at ModelRatio 2
let mock, redis, cluster, a, b, admin, call, channelId;

before(async () => {
  mock = await startMock();
  redis = await startRedis();
  cluster = await startCluster(redis.url, ["node-a", "node-b"],
                               { BATCH_UPDATE_INTERVAL: "1", CHANNEL_TEST_FREQUENCY: "60", SYNC_FREQUENCY: "600" });
  [a, b] = cluster.nodes;
  ({ admin, call, channelId } = await prepare(a, mock.port, { models: "plain", selfUse: false }));
  await call("PUT", "/api/option/", { key: "ModelRatio", value: JSON.stringify({ plain: 2 }) });
});

after(async () => {
  await cluster?.stop();
  await redis?.stop();
  mock?.server.close();
});

const chat = (node, key) =>
  fetch(node.base + "/v1/chat/completions", {
    method: "POST", headers: { "content-type": "application/json", authorization: "Bearer " + key },
    body: JSON.stringify({ model: "plain", max_tokens: 20, messages: [{ role: "user", content: "hello there" }] }) });

const on = (node, method, p, body) =>
  fetch(node.base + p, { method, headers: { "content-type": "application/json", ...admin },
                         body: body ? JSON.stringify(body) : undefined }).then((r) => r.json());

// A new key made through node A; node B learns of it through Redis within milliseconds (waited
// for here, up to a second, so tests start from a key both nodes know).
async function newKey(name, remain) {
  const made = await call("POST", "/api/token/", { name, unlimited_quota: false, remain_quota: remain, expired_time: -1 });
  assert.ok(made.success, JSON.stringify(made));
  const t = (await call("GET", "/api/token/?p=1&size=100")).data.items.find((x) => x.name === name);
  const key = "sk-" + (await call("POST", `/api/token/${t.id}/key`)).data.key;
  for (let i = 0; i < 100; i++) {
    const usage = await fetch(b.base + "/api/usage/token", { headers: { authorization: "Bearer " + key } });
    if (usage.status === 200) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  return { id: t.id, key };
}

async function consumeLogs(tokenName) {
  const rows = [];
  for (let p = 1; ; p++) {
    const page = (await call("GET", `/api/log/?p=${p}&page_size=100&type=2&token_name=${tokenName}`)).data;
    rows.push(...page.items);
    if (rows.length >= page.total || page.items.length === 0) return rows;
  }
}

test("400 concurrent requests split over both nodes never overdraw one token", async () => {
  const remain = HOLD + CHARGE * 40;
  const { id, key } = await newKey("shared", remain);
  const userBefore = (await on(a, "GET", "/api/user/self")).data.quota;
  const results = await Promise.all(Array.from({ length: 400 }, (_, i) =>
    chat(i % 2 ? b : a, key).then(async (r) => ({ status: r.status, body: await r.text() }))));
  const ok = results.filter((r) => r.status === 200).length;
  const refused = results.filter((r) => r.status === 403).length;
  assert.equal(ok + refused, 400, JSON.stringify(results.find((r) => r.status !== 200 && r.status !== 403)));
  assert.ok(ok > 0 && ok <= 40 + HOLD / CHARGE, `${ok} requests were served on a quota for ${remain / CHARGE}`);
  await new Promise((r) => setTimeout(r, 2500));  // both nodes flush (BATCH_UPDATE_INTERVAL=1)
  const token = (await call("GET", `/api/token/${id}`)).data;
  assert.ok(token.remain_quota >= 0, `token overdrawn: ${token.remain_quota}`);
  const logs = await consumeLogs("shared");
  assert.equal(logs.length, ok);
  const logged = logs.reduce((s, l) => s + l.quota, 0);
  assert.equal(logged, ok * CHARGE);
  assert.equal(remain - token.remain_quota, logged);
  assert.equal(userBefore - (await on(a, "GET", "/api/user/self")).data.quota, logged);
});

test("a token topped up through node A is usable on node B at once", async () => {
  const { id, key } = await newKey("topup", HOLD + CHARGE);
  const settled = () => new Promise((r) => setTimeout(r, 150));  // the hold is released after the answer
  let served = 0;
  for (let r = await chat(b, key); r.status === 200; await settled(), r = await chat(b, key)) served++;
  assert.equal(served, 2);  // the second hold takes exactly what is left
  await new Promise((r) => setTimeout(r, 1500));  // node B's charges reach the database
  const t = (await call("GET", `/api/token/${id}`)).data;
  const res = await on(a, "PUT", "/api/token/", { ...t, remain_quota: t.remain_quota + HOLD });
  assert.ok(res.success, JSON.stringify(res));
  const next = await chat(b, key);
  assert.equal(next.status, 200, await next.text());
});

test("a channel disabled through node A is not used by node B a second later", async () => {
  const { key } = await newKey("disable", CHARGE * 100);
  assert.equal((await chat(b, key)).status, 200);
  const ch = (await call("GET", `/api/channel/${channelId}`)).data;
  const disabledAt = Date.now();
  assert.ok((await on(a, "PUT", "/api/channel/", { ...ch, status: 2 })).success);
  let refusedAfter = -1;
  while (Date.now() - disabledAt < 3000) {
    const r = await chat(b, key);
    await r.text();
    if (r.status !== 200) { refusedAfter = Date.now() - disabledAt; break; }
  }
  assert.ok(refusedAfter >= 0 && refusedAfter < 1000, `node B still used the channel ${refusedAfter} ms later`);
  const seen = (await fetch(`http://127.0.0.1:${mock.port}/_mock/requests`).then((r) => r.json())).length;
  await new Promise((r) => setTimeout(r, 200));
  for (let i = 0; i < 5; i++) assert.notEqual((await chat(b, key)).status, 200);
  assert.equal((await fetch(`http://127.0.0.1:${mock.port}/_mock/requests`).then((r) => r.json())).length, seen);
  assert.ok((await on(a, "PUT", "/api/channel/", { ...ch, status: 1 })).success);
});

test("a session cookie from node A works on node B", async () => {
  const login = await fetch(a.base + "/api/user/login", {
    method: "POST", headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "root", password: "rootpass123" }) });
  const cookie = login.headers.get("set-cookie").split(";")[0];
  const self = await (await fetch(b.base + "/api/user/self", { headers: { cookie, "New-Api-User": "1" } })).json();
  assert.equal(self.success, true, JSON.stringify(self));
  assert.equal(self.data.username, "root");
});

test("only the master runs the background jobs", async () => {
  const ca = (await on(a, "GET", "/api/cluster")).data;
  const cb = (await on(b, "GET", "/api/cluster")).data;
  assert.equal(ca.node_name, "node-a");
  assert.equal(ca.node_type, "master");
  assert.deepEqual(ca.background_jobs, ["channel tests", "task polling"]);
  assert.equal(cb.node_name, "node-b");
  assert.equal(cb.node_type, "slave");
  assert.deepEqual(cb.background_jobs, []);
  assert.equal(ca.database, "postgres");
  assert.equal(ca.redis.healthy, true);
  assert.ok(cb.redis.sync_messages > 0, "node B heard no change from node A");
  assert.match(b.output(), /background jobs on node node-b: none \(slave\)/);
});

test("the per-user request limit counts requests on both nodes together", async () => {
  const { key } = await newKey("limited", HOLD * 100);
  const set = (k, v) => on(a, "PUT", "/api/option/", { key: k, value: v });
  await set("ModelRequestRateLimitCount", "6");
  await set("ModelRequestRateLimitSuccessCount", "1000");
  await set("ModelRequestRateLimitDurationMinutes", "1");
  await set("ModelRequestRateLimitEnabled", "true");
  try {
    const statuses = [];
    for (let i = 0; i < 12; i++) statuses.push((await chat(i % 2 ? b : a, key)).status);
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 200, 429, 429, 429, 429, 429, 429]);
  } finally {
    await set("ModelRequestRateLimitEnabled", "false");
  }
});
