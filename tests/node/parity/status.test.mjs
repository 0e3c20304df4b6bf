// GET /api/status answers with every key New API's front-ends read, and the console panels'
// contents when they are enabled.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { prepare, startGateway } from "../relay/harness.mjs";

let gw, call;
before(async () => {
  gw = await startGateway();
  ({ call } = await prepare(gw, 9));
});
after(() => gw.stop());

const status = async () => (await (await fetch(gw.base + "/api/status")).json()).data;

// The keys of New API's GetStatus (controller/misc.go), always present.
const NEW_API_KEYS = [
  "version", "start_time", "email_verification", "github_oauth", "github_client_id", "discord_oauth",
  "discord_client_id", "linuxdo_oauth", "linuxdo_client_id", "linuxdo_minimum_trust_level", "telegram_oauth",
  "telegram_bot_name", "system_name", "logo", "footer_html", "wechat_qrcode", "wechat_login", "server_address",
  "turnstile_check", "turnstile_site_key", "top_up_link", "docs_link", "quota_per_unit", "display_in_currency",
  "quota_display_type", "custom_currency_symbol", "custom_currency_exchange_rate", "enable_batch_update",
  "enable_drawing", "enable_task", "enable_data_export", "data_export_default_time", "default_collapse_sidebar",
  "mj_notify_enabled", "chats", "demo_site_enabled", "self_use_mode_enabled", "default_use_auto_group",
  "usd_exchange_rate", "price", "stripe_unit_price", "api_info_enabled", "uptime_kuma_enabled",
  "announcements_enabled", "faq_enabled", "HeaderNavModules", "SidebarModulesAdmin", "oidc_enabled",
  "oidc_client_id", "oidc_authorization_endpoint", "passkey_login", "passkey_display_name", "passkey_rp_id",
  "passkey_origins", "passkey_allow_insecure", "passkey_user_verification", "passkey_attachment", "setup",
  "user_agreement_enabled", "privacy_policy_enabled", "checkin_enabled",
];

test("every key New API's status carries is present", async () => {
  const data = await status();
  const missing = NEW_API_KEYS.filter((k) => !(k in data));
  assert.deepEqual(missing, []);
  assert.equal(data.custom_currency_symbol, "¤");
  assert.equal(data.passkey_user_verification, "preferred");
  assert.equal(data.checkin_enabled, false);
  assert.equal(data.register_enabled, true);
});

test("settings show through, and enabled console panels carry their contents", async () => {
  const set = (key, value) => call("PUT", "/api/option/", { key, value });
  await set("checkin_setting.enabled", "true");
  await set("legal.user_agreement", "Be nice.");
  await set("console_setting.announcements", JSON.stringify([{ content: "Maintenance at noon", type: "info" }]));
  await set("console_setting.faq_enabled", "false");
  await set("LinuxDOMinimumTrustLevel", "2");
  const data = await status();
  assert.equal(data.checkin_enabled, true);
  assert.equal(data.user_agreement_enabled, true);
  assert.equal(data.privacy_policy_enabled, false);
  assert.deepEqual(data.announcements, [{ content: "Maintenance at noon", type: "info" }]);
  assert.deepEqual(data.api_info, []);
  assert.equal(data.faq_enabled, false);
  assert.ok(!("faq" in data));
  assert.equal(data.linuxdo_minimum_trust_level, 2);
});
