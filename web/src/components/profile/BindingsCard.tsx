// Accounts of other services: the built-in ids on the user row, the operator's own providers'
// bindings (removable), a bind button for each enabled provider, and the e-mail address with its code.
import { Button, Card, Input, Space, Tag, Toast, Typography } from "@douyinfe/semi-ui";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

import { del, get, post } from "../../api";
import { enabledProviders, startOAuth } from "../../oauth";
import { useSession } from "../../session";
import { useAction } from "../useAction";

interface Binding { provider_id: number; provider_name: string; provider_user_id: string }
const BUILT_IN: [string, string][] = [["GitHub", "github_id"], ["Discord", "discord_id"], ["Linux DO", "linux_do_id"],
  ["OIDC", "oidc_id"], ["WeChat", "wechat_id"], ["Telegram", "telegram_id"]];

export default function BindingsCard() {
  const { t } = useTranslation();
  const { user, status, refresh } = useSession();
  const [bindings, setBindings] = useState<Binding[]>([]);
  const [email, setEmail] = useState("");
  const [code, setCode] = useState("");
  const [busy, run] = useAction();
  const load = () => get<Binding[]>("/api/user/oauth/bindings").then(setBindings).catch(() => undefined);
  useEffect(() => void load(), []);
  const row = user as unknown as Record<string, string>;

  return (
    <Card style={{ width: "100%", maxWidth: 560 }} title={t("bindings.title")}>
      <Space vertical align="start" style={{ width: "100%" }}>
        <Space wrap>
          {BUILT_IN.filter(([, col]) => row?.[col]).map(([name, col]) => <Tag key={col}>{name}: {row[col]}</Tag>)}
          {bindings.map((b) => (
            <Tag key={b.provider_id} closable onClose={() => void del(`/api/user/oauth/bindings/${b.provider_id}`).then(load)}>
              {b.provider_name}: {b.provider_user_id}
            </Tag>
          ))}
        </Space>
        <Space wrap>
          {enabledProviders(status).map((p) => (
            <Button key={p.slug} onClick={() => run(() => startOAuth(p.slug))}>{t("bindings.bind", { name: p.name })}</Button>
          ))}
        </Space>
        <Typography.Text>{t("common.email")}: {row?.email || "-"}</Typography.Text>
        <Space>
          <Input value={email} onChange={setEmail} placeholder={t("common.email")} />
          <Button onClick={() => run(async () => { await get(`/api/verification?email=${encodeURIComponent(email)}`); Toast.success(t("register.code_sent")); })}>
            {t("register.send_code")}
          </Button>
        </Space>
        <Space>
          <Input value={code} onChange={setCode} placeholder={t("register.code")} />
          <Button loading={busy} onClick={() => run(async () => { await post("/api/oauth/email/bind", { email, code }); await refresh(); })}>
            {t("bindings.bind_email")}
          </Button>
        </Space>
      </Space>
    </Card>
  );
}
