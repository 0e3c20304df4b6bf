// System settings (admin): operation (retries, auto-disable, rate limits, logs), ratios and prices,
// payment (EPay, Stripe, amounts and discounts), accounts (registration, e-mail, Turnstile,
// passkeys, rewards), sign-in providers (and the operator's own), and the site (name, logo, notice). Each changed option is saved through PUT /api/option/.
import { Button, Input, InputNumber, Space, Spin, Switch, TabPane, Tabs, TextArea, Toast, Typography } from "@douyinfe/semi-ui";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

import { get, put } from "../api";
import CustomOAuthProviders from "../components/CustomOAuthProviders";
import JsonField, { jsonError } from "../components/JsonField";

// "secret": never shown (the API does not list it); typing a new value replaces it.
type Kind = "bool" | "number" | "text" | "long" | "json" | "secret";
const GROUPS: { tab: string; options: [string, Kind][] }[] = [
  { tab: "operation", options: [
    ["RetryTimes", "number"], ["AutomaticDisableChannelEnabled", "bool"], ["AutomaticEnableChannelEnabled", "bool"],
    ["AutomaticRetryStatusCodes", "text"], ["ModelRequestRateLimitEnabled", "bool"], ["ModelRequestRateLimitDurationMinutes", "number"],
    ["ModelRequestRateLimitCount", "number"], ["ModelRequestRateLimitSuccessCount", "number"], ["LogConsumeEnabled", "bool"],
    ["SelfUseModeEnabled", "bool"]] },
  { tab: "ratios", options: [["ModelRatio", "json"], ["CompletionRatio", "json"], ["CacheRatio", "json"], ["ModelPrice", "json"],
    ["GroupRatio", "json"]] },
  { tab: "payment", options: [
    ["PayAddress", "text"], ["EpayId", "text"], ["EpayKey", "secret"], ["CustomCallbackAddress", "text"], ["PayMethods", "json"],
    ["Price", "number"], ["MinTopUp", "number"], ["payment_setting.amount_options", "json"], ["payment_setting.amount_discount", "json"],
    ["TopupGroupRatio", "json"], ["StripeApiSecret", "secret"], ["StripeWebhookSecret", "secret"], ["StripePriceId", "text"],
    ["StripeUnitPrice", "number"], ["StripeMinTopUp", "number"], ["StripePromotionCodesEnabled", "bool"], ["TopUpLink", "text"]] },
  { tab: "auth", options: [
    ["RegisterEnabled", "bool"], ["PasswordLoginEnabled", "bool"], ["PasswordRegisterEnabled", "bool"],
    ["EmailVerificationEnabled", "bool"], ["EmailDomainRestrictionEnabled", "bool"], ["EmailDomainWhitelist", "text"],
    ["EmailAliasRestrictionEnabled", "bool"], ["SMTPServer", "text"], ["SMTPPort", "number"], ["SMTPAccount", "text"],
    ["SMTPFrom", "text"], ["SMTPToken", "secret"], ["SMTPSSLEnabled", "bool"], ["TurnstileCheckEnabled", "bool"],
    ["TurnstileSiteKey", "text"], ["TurnstileSecretKey", "secret"], ["passkey.enabled", "bool"], ["passkey.rp_id", "text"],
    ["passkey.origins", "text"], ["QuotaRemindThreshold", "number"], ["QuotaForNewUser", "number"],
    ["QuotaForInviter", "number"], ["QuotaForInvitee", "number"], ["checkin_setting.enabled", "bool"],
    ["checkin_setting.min_quota", "number"], ["checkin_setting.max_quota", "number"]] },
  { tab: "oauth", options: [
    ["GitHubOAuthEnabled", "bool"], ["GitHubClientId", "text"], ["GitHubClientSecret", "secret"], ["discord.enabled", "bool"],
    ["discord.client_id", "text"], ["discord.client_secret", "secret"], ["LinuxDOOAuthEnabled", "bool"],
    ["LinuxDOClientId", "text"], ["LinuxDOClientSecret", "secret"], ["LinuxDOMinimumTrustLevel", "number"],
    ["oidc.enabled", "bool"], ["oidc.client_id", "text"], ["oidc.client_secret", "secret"], ["oidc.well_known", "text"],
    ["oidc.authorization_endpoint", "text"], ["oidc.token_endpoint", "text"], ["oidc.user_info_endpoint", "text"],
    ["TelegramOAuthEnabled", "bool"], ["TelegramBotName", "text"], ["TelegramBotToken", "secret"],
    ["WeChatAuthEnabled", "bool"], ["WeChatServerAddress", "text"], ["WeChatServerToken", "secret"],
    ["WeChatAccountQRCodeImageURL", "text"]] },
  { tab: "site", options: [["SystemName", "text"], ["Logo", "text"], ["Notice", "long"], ["Footer", "long"], ["ServerAddress", "text"]] },
];

export default function Settings() {
  const { t } = useTranslation();
  const [saved, setSaved] = useState<Record<string, string>>({});
  const [values, setValues] = useState<Record<string, string>>({});
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    get<{ key: string; value: string }[]>("/api/option/")
      .then((list) => {
        const m = Object.fromEntries((list || []).map((o) => [o.key, o.value]));
        setSaved(m);
        setValues(m);
      })
      .catch((e) => Toast.error(e.message))
      .finally(() => setLoading(false));
  }, []);

  const set = (key: string, value: string) => setValues((v) => ({ ...v, [key]: value }));
  const save = async (keys: string[]) => {
    const changed = keys.filter((k) => (values[k] ?? "") !== (saved[k] ?? ""));
    if (changed.some((k) => GROUPS.some((g) => g.options.some(([o, kind]) => o === k && kind === "json")) && jsonError(values[k])))
      return Toast.error(t("common.invalid_json"));
    try {
      for (const k of changed) await put("/api/option/", { key: k, value: values[k] ?? "" });
      setSaved({ ...saved, ...Object.fromEntries(changed.map((k) => [k, values[k]])) });
      Toast.success(t("common.saved"));
    } catch (e) {
      Toast.error((e as Error).message);
    }
  };

  const control = (key: string, kind: Kind) => {
    const v = values[key] ?? "";
    switch (kind) {
      case "bool":
        return <Switch checked={v === "true"} onChange={(c) => set(key, String(c))} />;
      case "number":
        return <InputNumber value={Number(v) || 0} onChange={(n) => set(key, String(n ?? 0))} />;
      case "long":
        return <TextArea value={v} autosize onChange={(x) => set(key, x)} />;
      case "json":
        return <JsonField label="" value={v} onChange={(x) => set(key, x)} />;
      case "secret":
        return <Input mode="password" value={v} placeholder={t("settings.secret_hint")} onChange={(x) => set(key, x)} />;
      default:
        return <Input value={v} onChange={(x) => set(key, x)} />;
    }
  };

  return (
    <Spin spinning={loading}>
      <Typography.Title heading={4} style={{ marginBottom: 16 }}>{t("nav.settings")}</Typography.Title>
      <Tabs type="line">
        {GROUPS.map((g) => (
          <TabPane tab={t(`settings.tab_${g.tab}`)} itemKey={g.tab} key={g.tab}>
            <Space vertical align="start" style={{ width: "100%", maxWidth: 760, paddingTop: 12 }}>
              {g.options.map(([key, kind]) => (
                <div key={key} style={{ width: "100%" }} data-testid={`option-${key}`}>
                  <Typography.Text strong>{t(`settings.${key.replace(/\./g, "_")}`)}</Typography.Text>
                  <div>{control(key, kind)}</div>
                </div>
              ))}
              <Button theme="solid" onClick={() => void save(g.options.map(([k]) => k))}>{t("common.save")}</Button>
              {g.tab === "oauth" && <CustomOAuthProviders />}
            </Space>
          </TabPane>
        ))}
      </Tabs>
    </Spin>
  );
}
