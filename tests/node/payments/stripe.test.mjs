// Stripe end to end against the real binary and a mock Stripe API: the Checkout Session the
// gateway asks for, webhooks signed with the official stripe package's test-header helper,
// exactly-once crediting under 20 concurrent replays, refusals that credit nothing, expiry and
// failure, trusted redirect domains and New API's amount rules.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import Stripe from "stripe";

import { startStripeMock } from "../mock/stripe_api.mjs";
import { login, QUOTA_PER_DOLLAR, sql, startPaymentGateway } from "./harness.mjs";

const WEBHOOK_SECRET = "whsec_test_gateway_secret";
const stripe = new Stripe("sk_test_123");
let gw, ctx, mock, carol;

before(async () => {
  mock = await startStripeMock();
  ({ gw, ctx } = await startPaymentGateway({ TRUSTED_REDIRECT_DOMAINS: "example.com" }));
  for (const [k, v] of Object.entries({ StripeApiSecret: "sk_test_123", StripeWebhookSecret: WEBHOOK_SECRET,
    StripePriceId: "price_unit", StripeApiBase: mock.base, ServerAddress: gw.base, StripeUnitPrice: "8" }))
    await ctx.set(k, v);
  carol = await login(gw, "carol", "carolpass123");
});
after(async () => {
  await gw?.stop();
  mock?.server.close();
});

const quota = async () => (await carol.call("GET", "/api/user/self")).body.data.quota;
const status = (tradeNo) => sql(gw, `SELECT status FROM top_ups WHERE trade_no = '${tradeNo}'`).trim();

async function checkout(amount, extra = {}) {
  const r = await carol.call("POST", "/api/user/stripe/pay", { amount, payment_method: "stripe", ...extra });
  assert.equal(r.body.message, "success", JSON.stringify(r.body));
  const session = mock.sessions.at(-1);
  assert.equal(r.body.data.pay_link, `${mock.base}/pay/${session.id}`);
  return session;
}

function webhook(type, session, { secret = WEBHOOK_SECRET, status = "complete", paid = "paid", timestamp } = {}) {
  const payload = JSON.stringify({ id: `evt_${Math.random().toString(36).slice(2)}`, object: "event", type,
    data: { object: { id: session.id, object: "checkout.session", client_reference_id: session.form.client_reference_id,
                      status, payment_status: paid, amount_total: 1000, currency: "usd", customer: "cus_1" } } });
  const header = stripe.webhooks.generateTestHeaderString({ payload, secret, ...(timestamp ? { timestamp } : {}) });
  return fetch(`${gw.base}/api/stripe/webhook`, { method: "POST", headers: { "content-type": "application/json", "stripe-signature": header }, body: payload });
}

test("the order opens a Checkout Session, form-encoded, for amount units of the configured price", async () => {
  const s = await checkout(10);
  assert.equal(s.contentType, "application/x-www-form-urlencoded");
  assert.equal(s.form.mode, "payment");
  assert.equal(s.form["line_items[0][quantity]"], "10");
  assert.match(s.form.client_reference_id, /^ref_[0-9a-f]{40}$/);
  assert.equal(s.form.success_url, `${gw.base}/console/log`);
  assert.equal(s.form.cancel_url, `${gw.base}/console/topup`);
  assert.equal(status(s.form.client_reference_id), "pending");
});

test("a signed checkout.session.completed credits once, even replayed 20 times at once", async () => {
  const s = await checkout(10);
  const before = await quota();
  const replies = await Promise.all(Array.from({ length: 20 }, () => webhook("checkout.session.completed", s)));
  assert.deepEqual([...new Set(replies.map((r) => r.status))], [200]);
  assert.equal(await quota(), before + 10 * QUOTA_PER_DOLLAR);
  assert.equal(status(s.form.client_reference_id), "success");
  assert.equal(sql(gw, `SELECT COUNT(*) FROM logs WHERE type = 1 AND user_id = ${carol.id}`).trim(), "1");
});

test("an unpaid completion waits for async_payment_succeeded; a failed one marks the order failed", async () => {
  const s = await checkout(5);
  const before = await quota();
  assert.equal((await webhook("checkout.session.completed", s, { paid: "unpaid" })).status, 200);
  assert.equal(status(s.form.client_reference_id), "pending");
  assert.equal((await webhook("checkout.session.async_payment_succeeded", s)).status, 200);
  assert.equal(await quota(), before + 5 * QUOTA_PER_DOLLAR);
  const f = await checkout(5);
  assert.equal((await webhook("checkout.session.async_payment_failed", f, { paid: "unpaid" })).status, 200);
  assert.equal(status(f.form.client_reference_id), "failed");
  assert.equal((await webhook("checkout.session.completed", f)).status, 400);
  assert.equal(await quota(), before + 5 * QUOTA_PER_DOLLAR);
});

test("a wrong secret, a stale signature, an expired order, an unknown reference or another provider's order: refused, nothing credited", async () => {
  const s = await checkout(7);
  const before = await quota();
  assert.equal((await webhook("checkout.session.completed", s, { secret: "whsec_other" })).status, 400);
  assert.equal((await webhook("checkout.session.completed", s, { timestamp: Math.floor(Date.now() / 1000) - 3600 })).status, 400);
  assert.equal((await webhook("checkout.session.expired", s, { status: "expired", paid: "unpaid" })).status, 200);
  assert.equal(status(s.form.client_reference_id), "expired");
  assert.equal((await webhook("checkout.session.completed", s)).status, 400);
  const unknown = { id: "cs_x", form: { client_reference_id: "ref_" + "0".repeat(40) } };
  assert.equal((await webhook("checkout.session.completed", unknown)).status, 400);
  const other = await checkout(7);
  sql(gw, `UPDATE top_ups SET payment_provider = 'epay' WHERE trade_no = '${other.form.client_reference_id}'`);
  assert.equal((await webhook("checkout.session.completed", other)).status, 400);
  assert.equal(status(other.form.client_reference_id), "pending");
  assert.equal(await quota(), before);
});

test("custom return URLs must be on a trusted domain", async () => {
  const bad = await carol.call("POST", "/api/user/stripe/pay", { amount: 3, payment_method: "stripe", success_url: "https://evil.test/steal" });
  assert.equal(bad.status, 400);
  for (const url of ["https://example.com.evil.test/x", "https://user@evil.test/", "javascript:alert(1)"]) {
    const r = await carol.call("POST", "/api/user/stripe/pay", { amount: 3, payment_method: "stripe", cancel_url: url });
    assert.equal(r.status, 400, url);
  }
  const s = await checkout(3, { success_url: "https://shop.example.com/thanks", cancel_url: "https://example.com/back" });
  assert.equal(s.form.success_url, "https://shop.example.com/thanks");
  assert.equal(s.form.cancel_url, "https://example.com/back");
});

test("amount rules: the preview is amount × StripeUnitPrice, at most 10000 per checkout, whole positive numbers", async () => {
  assert.equal((await carol.call("POST", "/api/user/stripe/amount", { amount: 10 })).body.data, "80.00");
  for (const amount of [0, -1, 2.5, 10001, 1e18]) {
    const r = await carol.call("POST", "/api/user/stripe/pay", { amount, payment_method: "stripe" });
    assert.equal(r.status, 400, `${amount}: ${JSON.stringify(r.body)}`);
  }
  assert.equal((await carol.call("POST", "/api/user/stripe/pay", { amount: 10, payment_method: "alipay" })).body.data, "不支持的支付渠道");
  const info = (await carol.call("GET", "/api/user/topup/info")).body.data;
  assert.equal(info.enable_stripe_topup, true);
  assert.ok(info.pay_methods.some((m) => m.type === "stripe"));
});

test("a Stripe API error fails the order and says so", async () => {
  await ctx.set("StripePriceId", "price_missing");
  const r = await carol.call("POST", "/api/user/stripe/pay", { amount: 4, payment_method: "stripe" });
  assert.equal(r.body.message, "error");
  assert.equal(r.body.data, "拉起支付失败");
  assert.equal(sql(gw, "SELECT status FROM top_ups ORDER BY id DESC LIMIT 1").trim(), "failed");
  await ctx.set("StripePriceId", "price_unit");
});
