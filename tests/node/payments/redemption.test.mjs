// Redemption codes, the other way money comes in, on every backend: the code is read under a row
// lock (MySQL takes LIMIT before FOR UPDATE), credited once however many redeem it at once.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { login, QUOTA_PER_DOLLAR, startPaymentGateway } from "./harness.mjs";

let gw, ctx, bob;

before(async () => {
  ({ gw, ctx } = await startPaymentGateway());
  bob = await login(gw, "bob", "bobpass12345");
});
after(async () => gw?.stop());

test("a code redeemed by five requests at once credits once", async () => {
  const made = await ctx.call("POST", "/api/redemption/", { name: "gift", quota: 3 * QUOTA_PER_DOLLAR, count: 1 });
  assert.equal(made.success, true, JSON.stringify(made));
  const before = (await bob.call("GET", "/api/user/self")).body.data.quota;
  const tries = await Promise.all(Array.from({ length: 5 }, () => bob.call("POST", "/api/user/topup", { key: made.data[0] })));
  assert.ok(tries.every((t) => t.status === 200), JSON.stringify(tries));
  assert.equal(tries.filter((t) => t.body.success).length, 1, JSON.stringify(tries));
  assert.equal((await bob.call("GET", "/api/user/self")).body.data.quota, before + 3 * QUOTA_PER_DOLLAR);
});
