// Telegram's login widget (fields signed with SHA-256 of the bot token; the test signs them) and
// WeChat through an operator's WeChat server (mocked): binding, signing in, and refusals for a
// wrong signature, a stale or altered widget answer and an unknown code.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createHash, createHmac } from "node:crypto";
import { prepare, startGateway } from "../relay/harness.mjs";
import { startOAuthServices } from "../mock/oauth_services.mjs";
import { sessionClient } from "./session.mjs";

const BOT_TOKEN = "123456:bot-token-for-tests";
let gw, call, client, services, alice;

before(async () => {
  services = await startOAuthServices();
  gw = await startGateway();
  ({ call } = await prepare(gw, 1, { models: "unused" }));
  client = sessionClient(gw);
  for (const [key, value] of Object.entries({ TelegramOAuthEnabled: "true", TelegramBotToken: BOT_TOKEN, TelegramBotName: "gw_bot",
                                               WeChatAuthEnabled: "true", WeChatServerAddress: services.base + "/wechat",
                                               WeChatServerToken: "wechat-server-token" }))
    assert.ok((await call("PUT", "/api/option/", { key, value })).success, key);
  assert.ok((await client.register("alice_tg", "password123")).success);
  alice = (await client.login("alice_tg", "password123")).user;
});

after(async () => {
  await gw?.stop();
  services?.server.close();
});

function widget(fields, token = BOT_TOKEN) {
  const data = Object.keys(fields).sort().map((k) => `${k}=${fields[k]}`).join("\n");
  const hash = createHmac("sha256", createHash("sha256").update(token).digest()).update(data).digest("hex");
  return new URLSearchParams({ ...fields, hash });
}
const now = () => String(Math.floor(Date.now() / 1000));
const telegram = async (path, params, cookie) =>
  (await fetch(`${gw.base}/api/oauth/telegram/${path}?${params}`, { headers: cookie ? { cookie } : {} })).json();

test("Telegram: an unbound account cannot sign in; bound by its user, it signs in as them", async () => {
  const fields = { id: "424242", first_name: "Alice", username: "alice_on_tg", auth_date: now() };
  const unbound = await telegram("login", widget(fields));
  assert.equal(unbound.success, false);
  assert.match(unbound.message, /未绑定/);
  const bound = await telegram("bind", widget(fields), alice.cookie);
  assert.ok(bound.success, bound.message);
  const login = await fetch(`${gw.base}/api/oauth/telegram/login?${widget(fields)}`);
  const body = await login.json();
  assert.equal(body.data.id, alice.id);
  assert.ok(login.headers.get("set-cookie").startsWith("session="));
});

test("Telegram: a wrong bot token, an altered field or a stale answer is refused", async () => {
  const fields = { id: "424242", first_name: "Alice", auth_date: now() };
  assert.equal((await telegram("login", widget(fields, "999:other-bot"))).success, false);
  const altered = widget(fields);
  altered.set("id", "1");
  assert.match((await telegram("login", altered)).message, /无效的请求/);
  const stale = { ...fields, auth_date: String(Math.floor(Date.now() / 1000) - 2 * 86400) };
  assert.equal((await telegram("login", widget(stale))).success, false);
  assert.equal((await telegram("bind", widget(fields))).success, false, "bind needs a session");
});

test("WeChat: a code from the WeChat server signs up once, then signs in; a bad code does nothing", async () => {
  const first = await (await fetch(`${gw.base}/api/oauth/wechat?code=${services.issue("wechat", { openid: "wx-openid-1" })}`)).json();
  assert.ok(first.success, first.message);
  assert.match(first.data.username, /^wechat_\d+$/);
  const again = await (await fetch(`${gw.base}/api/oauth/wechat?code=${services.issue("wechat", { openid: "wx-openid-1" })}`)).json();
  assert.equal(again.data.id, first.data.id);
  const bad = await (await fetch(`${gw.base}/api/oauth/wechat?code=000000`)).json();
  assert.equal(bad.success, false);
  assert.match(bad.message, /验证码错误/);
  const taken = await alice.as("POST", "/api/oauth/wechat/bind", { code: services.issue("wechat", { openid: "wx-openid-1" }) });
  assert.equal(taken.success, false, "bound to the user it made");
  const mine = await alice.as("GET", `/api/oauth/wechat/bind?code=${services.issue("wechat", { openid: "wx-openid-2" })}`);
  assert.ok(mine.success, mine.message);
  assert.equal((await call("GET", `/api/user/${alice.id}`)).data.wechat_id, "wx-openid-2");
});
