// Two nodes on one PostgreSQL database and Redis: the same signed EPay notify, replayed 20 times
// and split between the nodes, credits the order once; both nodes then show the same balance.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { startCluster, startRedis } from "../cluster/nodes.mjs";
import { prepare } from "../relay/harness.mjs";
import { configureEpay, login, QUOTA_PER_DOLLAR, signedNotify } from "./harness.mjs";

let redis, cluster, a, b, ctx, dave;

before(async () => {
  redis = await startRedis();
  cluster = await startCluster(redis.url, ["node-a", "node-b"], { SYNC_FREQUENCY: "600" });
  [a, b] = cluster.nodes;
  ctx = await prepare(a, 9, { models: "gpt-4o-mini" });
  ctx.set = async (key, value) => assert.ok((await ctx.call("PUT", "/api/option/", { key, value })).success);
  await configureEpay(ctx, "http://127.0.0.1:9/epay", a.base);
  dave = await login(a, "dave", "davepass1234");
});
after(async () => {
  await cluster?.stop();
  await redis?.stop();
});

test("a notify replayed 20 times across both nodes credits once", async () => {
  const order = (await dave.call("POST", "/api/user/pay", { amount: 10, payment_method: "alipay" })).body.data;
  const self = (node) => fetch(node.base + "/api/user/self", { headers: dave.headers }).then((r) => r.json());
  const before = (await self(a)).data.quota;
  const q = signedNotify({ out_trade_no: order.out_trade_no, trade_no: "GW-N", money: "73.00" });
  // Node B learns the EPay settings through Redis; wait until it verifies notifies at all.
  for (let i = 0; i < 50 && (await (await fetch(`${b.base}/api/user/epay/notify?${signedNotify({ out_trade_no: "x", trade_no: "y", money: "1.00", trade_status: "WAIT" })}`)).text()) !== "success"; i++)
    await new Promise((r) => setTimeout(r, 100));
  const replies = await Promise.all(Array.from({ length: 20 }, (_, i) => fetch(`${(i % 2 ? a : b).base}/api/user/epay/notify?${q}`).then((r) => r.text())));
  assert.deepEqual([...new Set(replies)], ["success"]);
  assert.equal((await self(a)).data.quota, before + 10 * QUOTA_PER_DOLLAR);
  assert.equal((await self(b)).data.quota, before + 10 * QUOTA_PER_DOLLAR);
  const logs = await ctx.call("GET", `/api/log/?type=1&username=dave&p=1&page_size=50`);
  assert.equal(logs.data.items.filter((l) => l.content.startsWith("使用在线充值成功")).length, 1, JSON.stringify(logs.data.items));
});
