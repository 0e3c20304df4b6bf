// E-mail through a real SMTP server (smtp-server, with authentication): registration codes,
// binding an address, password reset links; codes spent once, void after five wrong guesses,
// resends throttled, and the address rules (domain allow-list, aliases) refusing before any mail.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { prepare, startGateway } from "../relay/harness.mjs";
import { startSmtpSink } from "../mock/smtp_sink.mjs";
import { sessionClient } from "./session.mjs";

let gw, call, client, smtp;

const options = async (pairs) => {
  for (const [key, value] of Object.entries(pairs))
    assert.ok((await call("PUT", "/api/option/", { key, value })).success, key);
};
const get = async (p) => (await fetch(gw.base + p)).json();

before(async () => {
  smtp = await startSmtpSink();
  gw = await startGateway();
  ({ call } = await prepare(gw, 1, { models: "unused" }));
  client = sessionClient(gw);
  await options({ SMTPServer: "127.0.0.1", SMTPPort: String(smtp.port), SMTPAccount: smtp.user, SMTPToken: smtp.pass,
                  SMTPFrom: "noreply@gateway.test", SystemName: "GW", ServerAddress: "https://console.example" });
});

after(async () => {
  await gw?.stop();
  smtp?.server.close();
});

async function requestCode(email) {
  const seen = smtp.messages.length;
  const r = await get(`/api/verification?email=${encodeURIComponent(email)}`);
  assert.ok(r.success, r.message);
  const mail = await smtp.next(email, seen);
  assert.equal(mail.from, "noreply@gateway.test");
  assert.match(mail.subject, /GW邮箱验证邮件/);
  return mail.body.match(/<strong>(\w+)<\/strong>/)[1];
}

test("with e-mail verification on, registration needs the code the mail carried, and only once", async () => {
  await options({ EmailVerificationEnabled: "true" });
  try {
    assert.match((await client.register("mailuser", "password123")).message, /邮箱验证/);
    const code = await requestCode("mailuser@example.com");
    assert.match(code, /^[0-9a-f]{6}$/);
    const wrong = await client.register("mailuser", "password123", { email: "mailuser@example.com", verification_code: "zzzzzz" });
    assert.equal(wrong.success, false);
    const ok = await client.register("mailuser", "password123", { email: "MailUser@example.com", verification_code: code });
    assert.ok(ok.success, ok.message);
    const [u] = (await call("GET", "/api/user/search?keyword=mailuser")).data.items;
    assert.equal(u.email, "mailuser@example.com");
    const again = await client.register("mailuser2", "password123", { email: "mailuser@example.com", verification_code: code });
    assert.equal(again.success, false, "spent (and the address is taken)");
    assert.match((await get("/api/verification?email=mailuser@example.com")).message, /已被占用/);
  } finally {
    await options({ EmailVerificationEnabled: "false" });
  }
});

test("a resend within a minute is refused; five wrong guesses void the code", async () => {
  const code = await requestCode("guesser@example.com");
  const resend = await fetch(`${gw.base}/api/verification?email=guesser@example.com`);
  assert.equal(resend.status, 429);
  assert.ok(!smtp.messages.slice(-1)[0].to.includes("nobody"));
  assert.ok((await client.register("guesser", "password123")).success);
  const { user } = await client.login("guesser", "password123");
  for (let i = 0; i < 5; i++)
    assert.equal((await user.as("POST", "/api/oauth/email/bind", { email: "guesser@example.com", code: `bad${i}00` })).success, false);
  const late = await user.as("POST", "/api/oauth/email/bind", { email: "guesser@example.com", code });
  assert.equal(late.success, false, "void after five wrong guesses");
});

test("a signed-in user binds an address with its code", async () => {
  assert.ok((await client.register("binder", "password123")).success);
  const { user } = await client.login("binder", "password123");
  const code = await requestCode("binder@example.com");
  const r = await user.as("GET", `/api/oauth/email/bind?email=binder@example.com&code=${code}`);
  assert.ok(r.success, r.message);
  assert.equal((await user.as("GET", "/api/user/self")).data.email, "binder@example.com");
});

test("the domain allow-list and the alias rule refuse before any mail goes out", async () => {
  await options({ EmailDomainRestrictionEnabled: "true", EmailDomainWhitelist: "example.com", EmailAliasRestrictionEnabled: "true" });
  try {
    const sent = smtp.messages.length;
    assert.match((await get("/api/verification?email=someone@elsewhere.org")).message, /白名单/);
    assert.match((await get("/api/verification?email=some%2Balias@example.com")).message, /别名/);
    assert.match((await get("/api/verification?email=not-an-address")).message, /无效/);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(smtp.messages.length, sent);
  } finally {
    await options({ EmailDomainRestrictionEnabled: "false", EmailAliasRestrictionEnabled: "false" });
  }
});

test("a reset link's token buys one new password; the old password and sessions stop working", async () => {
  const code = await requestCode("resetme@example.com");
  assert.ok((await client.register("resetme", "oldpassword1", {})).success);
  const { user } = await client.login("resetme", "oldpassword1");
  assert.ok((await user.as("POST", "/api/oauth/email/bind", { email: "resetme@example.com", code })).success);

  assert.match((await get("/api/reset_password?email=nobody@example.com")).message, /未注册/);
  const seen = smtp.messages.length;
  assert.ok((await get("/api/reset_password?email=resetme@example.com")).success);
  const mail = await smtp.next("resetme@example.com", seen);
  assert.match(mail.subject, /GW密码重置/);
  const link = new URL(mail.body.match(/href='([^']+)'/)[1]);
  assert.equal(link.origin + link.pathname, "https://console.example/user/reset");
  const token = link.searchParams.get("token");

  const forged = await client.post("/api/user/reset", { email: "resetme@example.com", token: "0".repeat(32) });
  assert.equal((await forged.json()).success, false);
  const reset = await (await client.post("/api/user/reset", { email: "resetme@example.com", token })).json();
  assert.ok(reset.success, reset.message);
  assert.equal(reset.data.length, 12);
  const replay = await (await client.post("/api/user/reset", { email: "resetme@example.com", token })).json();
  assert.equal(replay.success, false, "a token resets once");
  assert.equal((await client.login("resetme", "oldpassword1")).body.success, false);
  assert.ok((await client.login("resetme", reset.data)).body.success);
  assert.equal((await user.as("GET", "/api/user/self")).success, false, "old sessions ended");
});

test("an SMTP server that refuses our credentials is reported, not hidden", async () => {
  await options({ SMTPToken: "wrong-password" });
  try {
    const r = await get("/api/verification?email=refused@example.com");
    assert.equal(r.success, false);
    assert.match(r.message, /邮件发送失败/);
  } finally {
    await options({ SMTPToken: smtp.pass });
  }
});
