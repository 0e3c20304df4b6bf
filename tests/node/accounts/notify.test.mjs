// Quota warnings: a user's notification settings (PUT /api/user/setting, New API's checks), and a
// warning sent once when relay charges take the balance below the threshold: a signed webhook,
// Bark, Gotify and e-mail through their real wire shapes.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { createHmac } from "node:crypto";
import { startMock } from "../mock/openai_upstream.mjs";
import { startSmtpSink } from "../mock/smtp_sink.mjs";
import { prepare, startGateway } from "../relay/harness.mjs";
import { sessionClient } from "./session.mjs";

let gw, call, mock, client, smtp, hooks;
const PER_CALL = 1000;  // ModelPrice 0.002 × QuotaPerUnit 500000

before(async () => {
  mock = await startMock();
  smtp = await startSmtpSink();
  gw = await startGateway();
  ({ call } = await prepare(gw, mock.port, { models: "gpt-4o-mini", selfUse: false }));
  client = sessionClient(gw);
  for (const [key, value] of Object.entries({ ModelPrice: JSON.stringify({ "gpt-4o-mini": 0.002 }),
      SMTPServer: "127.0.0.1", SMTPPort: String(smtp.port), SMTPAccount: smtp.user, SMTPToken: smtp.pass,
      SMTPFrom: "noreply@gateway.test", ServerAddress: "https://console.example",
      "fetch_setting.allow_private_ip": "true" }))  // the receivers below listen on loopback
    assert.ok((await call("PUT", "/api/option/", { key, value })).success, key);
  hooks = await startHookReceiver();
});

after(async () => {
  await gw?.stop();
  mock?.server?.close?.();
  smtp?.server.close();
  hooks?.server.close();
});

async function startHookReceiver() {
  const received = [];
  const server = http.createServer(async (req, res) => {
    let body = "";
    for await (const c of req) body += c;
    received.push({ method: req.method, url: req.url, headers: req.headers, body });
    res.end("ok");
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return { server, received, base: `http://127.0.0.1:${server.address().port}` };
}

// A user with `quota`, a key, and settings; `spend(n)` makes n priced calls.
async function userWith(name, quota, setting) {
  assert.ok((await client.register(name, "password123")).success);
  const { user } = await client.login(name, "password123");
  assert.ok((await call("POST", "/api/user/manage", { id: user.id, action: "add_quota", mode: "add", value: quota })).success);
  const saved = await user.as("PUT", "/api/user/setting", setting);
  assert.ok(saved.success, saved.message);
  await user.as("POST", "/api/token/", { name: "k", unlimited_quota: true, expired_time: -1 });
  const id = (await user.as("GET", "/api/token/?p=1&size=10")).data.items[0].id;
  const key = "sk-" + (await user.as("POST", `/api/token/${id}/key`)).data.key;
  const spend = async (n) => {
    for (let i = 0; i < n; i++) {
      const r = await fetch(gw.base + "/v1/chat/completions", { method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] }) });
      assert.equal(r.status, 200, await r.text());
    }
  };
  return { user, spend };
}

const settle = () => new Promise((r) => setTimeout(r, 400));

test("settings are checked as New API checks them, and other setting keys survive", async () => {
  assert.ok((await client.register("setter", "password123")).success);
  const { user } = await client.login("setter", "password123");
  assert.ok((await user.as("PUT", "/api/user/self", { language: "fr" })).success);
  for (const [body, why] of [[{ notify_type: "sms", quota_warning_threshold: 1 }, /类型/],
                             [{ notify_type: "email", quota_warning_threshold: 0 }, /阈值/],
                             [{ notify_type: "webhook", quota_warning_threshold: 5 }, /Webhook/],
                             [{ notify_type: "bark", quota_warning_threshold: 5, bark_url: "ftp://x" }, /http/],
                             [{ notify_type: "gotify", quota_warning_threshold: 5, gotify_url: "http://g" }, /令牌/]]) {
    const r = await user.as("PUT", "/api/user/setting", body);
    assert.equal(r.success, false, JSON.stringify(body));
    assert.match(r.message, why);
  }
  assert.ok((await user.as("PUT", "/api/user/setting", { notify_type: "webhook", quota_warning_threshold: 7,
                                                           webhook_url: hooks.base + "/x", webhook_secret: "s1" })).success);
  assert.ok((await user.as("PUT", "/api/user/setting", { notify_type: "webhook", quota_warning_threshold: 8,
                                                           webhook_url: hooks.base + "/y" })).success);
  const s = JSON.parse((await user.as("GET", "/api/user/self")).data.setting);
  assert.equal(s.language, "fr");
  assert.equal(s.webhook_secret, "s1", "a blank secret keeps the saved one");
  assert.equal(s.quota_warning_threshold, 8);
});

test("a webhook warning, signed, is sent once when the balance falls below the threshold", async () => {
  const { spend } = await userWith("hooked", 3 * PER_CALL + 500, {
    notify_type: "webhook", quota_warning_threshold: 2000, webhook_url: hooks.base + "/quota", webhook_secret: "hook-secret" });
  await spend(1);  // 2500 left: above
  await settle();
  assert.equal(hooks.received.filter((h) => h.url === "/quota").length, 0);
  await spend(2);  // 1500, then 500: crossed once
  await settle();
  const calls = hooks.received.filter((h) => h.url === "/quota");
  assert.equal(calls.length, 1);
  const [hook] = calls;
  assert.equal(hook.headers["x-webhook-signature"], createHmac("sha256", "hook-secret").update(hook.body).digest("hex"));
  const payload = JSON.parse(hook.body);
  assert.equal(payload.type, "quota_exceed");
  assert.equal(payload.title, "您的额度即将用尽");
  assert.match(payload.content, /https:\/\/console\.example\/console\/topup/);
  assert.equal(payload.values.length, 4);
  assert.ok(Math.abs(payload.timestamp - Date.now() / 1000) < 60);
});

test("Bark gets its URL filled in; Gotify a JSON message with its priority; e-mail the notification address", async () => {
  const bark = await userWith("barker", PER_CALL + 100, {
    notify_type: "bark", quota_warning_threshold: 500, bark_url: hooks.base + "/bark/{{title}}/{{content}}" });
  const gotify = await userWith("gotifier", PER_CALL + 100, {
    notify_type: "gotify", quota_warning_threshold: 500, gotify_url: hooks.base + "/gotify/", gotify_token: "gt", gotify_priority: 8 });
  const mailed = await userWith("mailed", PER_CALL + 100, {
    notify_type: "email", quota_warning_threshold: 500, notification_email: "alerts@example.com" });
  await Promise.all([bark.spend(1), gotify.spend(1), mailed.spend(1)]);
  await settle();
  const b = hooks.received.find((h) => h.url.startsWith("/bark/"));
  assert.equal(b.method, "GET");
  assert.match(decodeURIComponent(b.url), /^\/bark\/您的额度即将用尽\/您的额度即将用尽，剩余额度：/);
  const g = hooks.received.find((h) => h.url.startsWith("/gotify/"));
  assert.equal(g.url, "/gotify/message?token=gt");
  assert.deepEqual(Object.keys(JSON.parse(g.body)).sort(), ["message", "priority", "title"]);
  assert.equal(JSON.parse(g.body).priority, 8);
  const mail = await smtp.next("alerts@example.com");
  assert.equal(mail.subject, "您的额度即将用尽");
  assert.match(mail.body, /console\/topup/);
});

test("with private addresses not allowed (the default), a warning to a loopback webhook is not sent", async () => {
  assert.ok((await call("PUT", "/api/option/", { key: "fetch_setting.allow_private_ip", value: "false" })).success);
  try {
    const { spend } = await userWith("inside", PER_CALL + 100, {
      notify_type: "webhook", quota_warning_threshold: 500, webhook_url: hooks.base + "/inside" });
    await spend(1);
    await settle();
    assert.equal(hooks.received.filter((h) => h.url === "/inside").length, 0);
    assert.match(gw.output(), /resolves to a private address/);
  } finally {
    assert.ok((await call("PUT", "/api/option/", { key: "fetch_setting.allow_private_ip", value: "true" })).success);
  }
});
