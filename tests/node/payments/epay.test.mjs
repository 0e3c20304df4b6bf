// EPay end to end against the real binary: the signed order form, notifies by GET and POST
// signed by an independent signer, exactly-once crediting under 20 concurrent replays, every
// refusal crediting nothing, New API's amount rules, order listings and manual completion.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { configureEpay, epaySign, login, QUOTA_PER_DOLLAR, signedNotify, sql, startPaymentGateway } from "./harness.mjs";

let gw, ctx, alice;
const PAY_ADDRESS = "http://127.0.0.1:9/epay";

before(async () => {
  ({ gw, ctx } = await startPaymentGateway());
  await configureEpay(ctx, PAY_ADDRESS, gw.base);
  alice = await login(gw, "alice", "alicepass123");
});
after(async () => gw?.stop());

const quota = async () => (await alice.call("GET", "/api/user/self")).body.data.quota;
const notify = (query) => fetch(`${gw.base}/api/user/epay/notify?${query}`);
// One row as "a|b|c" whatever the backend's client prints (tabs, "73" or "73.0").
const row = (statement) => sql(gw, statement).trim().split(/[|\t]/).map((f) => (/^\d+\.0+$/.test(f) ? String(Number(f)) : f)).join("|");
const order = (tradeNo) => row(`SELECT status, amount, money, payment_method FROM top_ups WHERE trade_no = '${tradeNo}'`);

async function pay(amount, method = "alipay") {
  const r = await alice.call("POST", "/api/user/pay", { amount, payment_method: method });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.message, "success", JSON.stringify(r.body));
  return r.body;
}

test("the order is a form for the gateway's submit.php, signed by the EPay rule, and a pending row", async () => {
  const { data, url } = await pay(10);
  assert.equal(url, `${PAY_ADDRESS}/submit.php`);
  assert.match(data.out_trade_no, new RegExp(`^USR${alice.id}NO[A-Za-z0-9]{6}\\d{10}$`));
  assert.equal(data.pid, "1001");
  assert.equal(data.type, "alipay");
  assert.equal(data.money, "73.00");  // 10 × Price 7.3
  assert.equal(data.name, "TUC10");
  assert.equal(data.notify_url, `${gw.base}/api/user/epay/notify`);
  assert.equal(data.sign_type, "MD5");
  assert.equal(data.sign, epaySign(data));
  assert.equal(order(data.out_trade_no), "pending|10|73|alipay");
});

test("a signed notify credits amount × QuotaPerUnit once, writes the top-up log, answers success", async () => {
  const { data } = await pay(10);
  const before = await quota();
  const q = signedNotify({ out_trade_no: data.out_trade_no, trade_no: "GW1", money: "73.00", name: "TUC10", type: "wxpay" });
  const r = await notify(q);
  assert.equal(r.status, 200);
  assert.equal(await r.text(), "success");
  assert.equal(await quota(), before + 10 * QUOTA_PER_DOLLAR);
  assert.equal(order(data.out_trade_no), "success|10|73|wxpay");  // the method actually used
  const log = row(`SELECT type, quota, content FROM logs WHERE user_id = ${alice.id} AND type = 1 ORDER BY id DESC LIMIT 1`);
  assert.match(log, /^1\|5000000\|使用在线充值成功，充值金额: ＄10\.000000 额度，支付金额：73\.000000/);
  assert.equal(await (await notify(q)).text(), "success");  // a replay is acknowledged, not paid again
  assert.equal(await quota(), before + 10 * QUOTA_PER_DOLLAR);
});

test("the same notify 20 times at once, by GET and by POST, credits once", async () => {
  const { data } = await pay(20);
  const before = await quota();
  const q = signedNotify({ out_trade_no: data.out_trade_no, trade_no: "GW2", money: "146.00" });
  const replies = await Promise.all(Array.from({ length: 20 }, (_, i) => i % 2
    ? notify(q)
    : fetch(`${gw.base}/api/user/epay/notify`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: q })));
  const texts = await Promise.all(replies.map((r) => r.text()));
  assert.deepEqual(new Set(texts), new Set(["success"]));
  assert.equal(await quota(), before + 20 * QUOTA_PER_DOLLAR);
  assert.equal(sql(gw, `SELECT COUNT(*) FROM logs WHERE type = 1 AND content LIKE '%支付金额：146.000000%'`).trim(), "1");
});

test("bad signature, wrong amount, unknown trade number, expired order, another provider's order: refused, nothing credited", async () => {
  const { data } = await pay(10);
  const before = await quota();
  const good = { out_trade_no: data.out_trade_no, trade_no: "GW3", money: "73.00" };
  const cases = {
    "bad signature": signedNotify(good, "not-the-key"),
    "tampered after signing": signedNotify(good).replace("money=73.00", "money=7.30"),
    "wrong amount": signedNotify({ ...good, money: "7.30" }),
    "unknown trade number": signedNotify({ ...good, out_trade_no: "USR1NOnope001700000000" }),
    "another merchant": signedNotify({ ...good, pid: "2002" }),
  };
  for (const [why, q] of Object.entries(cases)) {
    const r = await notify(q);
    assert.equal(await r.text(), "fail", why);
    assert.notEqual(r.status, 200, why);
  }
  assert.equal(order(data.out_trade_no), "pending|10|73|alipay");

  const expired = (await pay(10)).data.out_trade_no;
  sql(gw, `UPDATE top_ups SET status = 'expired' WHERE trade_no = '${expired}'`);
  assert.equal(await (await notify(signedNotify({ out_trade_no: expired, trade_no: "GW4", money: "73.00" }))).text(), "fail");
  const stripeOrder = (await pay(10)).data.out_trade_no;
  sql(gw, `UPDATE top_ups SET payment_provider = 'stripe' WHERE trade_no = '${stripeOrder}'`);
  assert.equal(await (await notify(signedNotify({ out_trade_no: stripeOrder, trade_no: "GW5", money: "73.00" }))).text(), "fail");
  assert.equal(order(expired).split("|")[0], "expired");
  assert.equal(order(stripeOrder).split("|")[0], "pending");
  assert.equal(await quota(), before);
});

test("an oversized notify is refused before its body is read", async () => {
  const r = await fetch(`${gw.base}/api/user/epay/notify`, { method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" }, body: "a=" + "x".repeat(200 * 1024) });
  assert.equal(r.status, 413);
});

test("an unpaid status is acknowledged and credits nothing", async () => {
  const { data } = await pay(10);
  const before = await quota();
  const r = await notify(signedNotify({ out_trade_no: data.out_trade_no, trade_no: "GW6", money: "73.00", trade_status: "WAIT_BUYER_PAY" }));
  assert.equal(await r.text(), "success");
  assert.equal(order(data.out_trade_no).split("|")[0], "pending");
  assert.equal(await quota(), before);
});

test("amounts below the minimum, negative, fractional, absurd or missing are a clear 400", async () => {
  const before = sql(gw, "SELECT COUNT(*) FROM top_ups").trim();
  for (const amount of [0, -5, 1.5, "10", 1e20, 9007199254740993, null]) {
    for (const path of ["/api/user/pay", "/api/user/amount"]) {
      const r = await alice.call("POST", path, { amount, payment_method: "alipay" });
      assert.equal(r.status, 400, `${path} ${amount}: ${JSON.stringify(r.body)}`);
      assert.equal(r.body.message, "error");
      assert.equal(r.body.success, false);
      assert.ok(typeof r.body.data === "string" && r.body.data.length > 0);
    }
  }
  const r = await alice.call("POST", "/api/user/pay", { amount: 10, payment_method: "bitcoin" });
  assert.equal(r.body.data, "支付方式不存在");
  assert.equal(sql(gw, "SELECT COUNT(*) FROM top_ups").trim(), before);
});

test("the amount preview applies Price, the group ratio and a preset discount", async () => {
  assert.deepEqual((await alice.call("POST", "/api/user/amount", { amount: 10 })).body.data, "73.00");
  assert.deepEqual((await alice.call("POST", "/api/user/amount", { amount: 100 })).body.data, "657.00");  // × 0.9
  await ctx.set("TopupGroupRatio", JSON.stringify({ default: 0.5 }));
  assert.deepEqual((await alice.call("POST", "/api/user/amount", { amount: 10 })).body.data, "36.50");
  await ctx.set("TopupGroupRatio", JSON.stringify({ default: 1 }));
});

test("topup info, the user's orders, everyone's orders for admins, and manual completion once", async () => {
  const info = (await alice.call("GET", "/api/user/topup/info")).body.data;
  assert.equal(info.enable_online_topup, true);
  assert.deepEqual(info.pay_methods.map((m) => m.type), ["alipay", "wxpay"]);
  assert.deepEqual(info.amount_options, [10, 20, 50, 100, 200, 500]);
  assert.deepEqual(info.discount, { 100: 0.9 });
  const mine = (await alice.call("GET", "/api/user/topup/self?p=1&page_size=100")).body.data;
  assert.ok(mine.total >= 5);
  assert.ok(mine.items.every((t) => t.user_id === alice.id));
  const { data } = await pay(50);
  assert.equal((await alice.call("GET", `/api/user/topup/self?keyword=${data.out_trade_no}`)).body.data.total, 1);
  const denied = await alice.call("POST", "/api/user/topup/complete", { trade_no: data.out_trade_no });
  assert.equal(denied.body.success, false);
  const all = await ctx.call("GET", "/api/user/topup?p=1&page_size=100");
  assert.ok(all.data.items.some((t) => t.trade_no === data.out_trade_no));
  const before = await quota();
  const done = await Promise.all([1, 2, 3].map(() => ctx.call("POST", "/api/user/topup/complete", { trade_no: data.out_trade_no })));
  assert.ok(done.every((d) => d.success), JSON.stringify(done));
  assert.equal(await quota(), before + 50 * QUOTA_PER_DOLLAR);
  assert.equal(sql(gw, `SELECT COUNT(*) FROM logs WHERE type = 1 AND content LIKE '管理员补单成功%'`).trim(), "1");
  assert.equal((await ctx.call("POST", "/api/user/topup/complete", { trade_no: "nope" })).success, false);
});

test("the plugins API lists the payment plugins with the webhook routes they declared", async () => {
  const loaded = (await ctx.call("GET", "/api/plugins")).data.loaded;
  const epay = loaded.find((p) => p.id === "org.newapi.payment.epay");
  assert.equal(epay.kind, "payment");
  assert.deepEqual(epay.payments.map((p) => [p.id, p.webhook_paths]), [["epay", ["/api/user/epay/notify"]]]);
  const stripe = loaded.find((p) => p.id === "org.newapi.payment.stripe");
  assert.deepEqual(stripe.payments[0].webhook_paths, ["/api/stripe/webhook"]);
  assert.ok(stripe.payments[0].config_schema.properties.StripeWebhookSecret);
});

test("payment secrets are hidden from the options listing", async () => {
  const options = (await ctx.call("GET", "/api/option/")).data;
  const keys = options.map((o) => o.key);
  assert.ok(!keys.includes("EpayKey"));
  assert.ok(!keys.includes("StripeApiSecret"));
  assert.ok(keys.includes("PayAddress"));
});
