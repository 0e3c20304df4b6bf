// Sign in: password (then the second factor when the user has 2FA), a passkey, the third-party
// providers the site enabled, or a WeChat code; Turnstile when the site asks for it.
import { Button, Card, Divider, Form, Input, Space, Typography } from "@douyinfe/semi-ui";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router-dom";

import { get, post } from "../api";
import LanguagePicker from "../components/LanguagePicker";
import Turnstile, { turnstileQuery } from "../components/Turnstile";
import { useAction } from "../components/useAction";
import { setLanguage } from "../i18n";
import { enabledProviders, startOAuth } from "../oauth";
import { useSession, type User } from "../session";
import { usePasskey } from "../webauthn";

type Answer = User & { require_2fa?: boolean; flow_token?: string };

export default function Login() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { signedIn, status } = useSession();
  const [busy, run] = useAction();
  const [flow, setFlow] = useState("");
  const [code, setCode] = useState("");
  const [wechat, setWechat] = useState("");
  const [human, setHuman] = useState("");

  const enter = async (user: User) => {
    await signedIn(user);
    const saved = user.setting ? (JSON.parse(user.setting || "{}") as { language?: string }).language : undefined;
    if (saved) await setLanguage(saved);
    navigate("/console");
  };
  const submit = (v: { username: string; password: string }) =>
    run(async () => {
      const answer = await post<Answer>(`/api/user/login${turnstileQuery(human)}`, v);
      if (answer.require_2fa && answer.flow_token) return setFlow(answer.flow_token);
      await enter(answer);
    });
  const secondStep = () => run(async () => enter(await post<User>("/api/user/login/2fa", { code, flow_token: flow })));
  const providers = enabledProviders(status);

  return (
    <div className="center-page">
      <Card style={{ width: 400, maxWidth: "94vw" }} title={t("login.title", { name: status?.system_name || "New API" })}
            headerExtraContent={<LanguagePicker />}>
        {flow ? (
          <Space vertical align="start" style={{ width: "100%" }} data-testid="login-2fa">
            <Typography.Text>{t("login.twofa_prompt")}</Typography.Text>
            <Input value={code} onChange={setCode} placeholder={t("login.twofa_code")} />
            <Button type="primary" theme="solid" block loading={busy} onClick={secondStep}>{t("login.verify")}</Button>
          </Space>
        ) : (
          <Form onSubmit={submit} labelPosition="top">
            <Form.Input field="username" label={t("common.username")} rules={[{ required: true, message: t("common.required") }]} />
            <Form.Input field="password" mode="password" label={t("common.password")}
                        rules={[{ required: true, message: t("common.required") }]} />
            {status?.turnstile_check ? <Turnstile siteKey={String(status.turnstile_site_key)} onToken={setHuman} /> : null}
            <Button htmlType="submit" type="primary" theme="solid" block loading={busy}>{t("login.submit")}</Button>
          </Form>
        )}
        {Boolean(providers.length > 0 || status?.passkey_login || status?.wechat_login) && <Divider>{t("login.or")}</Divider>}
        <Space wrap>
          {status?.passkey_login ? (
            <Button onClick={() => run(async () => enter(await usePasskey<User>("login")))}>{t("login.passkey")}</Button>
          ) : null}
          {providers.map((p) => (
            <Button key={p.slug} onClick={() => run(() => startOAuth(p.slug, localStorage.getItem("gw.aff") || undefined))}>
              {t("login.with", { name: p.name })}
            </Button>
          ))}
        </Space>
        {status?.wechat_login ? (
          <Space style={{ marginTop: 12 }}>
            <Input value={wechat} onChange={setWechat} placeholder={t("login.wechat_code")} />
            <Button onClick={() => run(async () => enter(await get<User>(`/api/oauth/wechat?code=${encodeURIComponent(wechat)}`)))}>
              {t("login.submit")}
            </Button>
          </Space>
        ) : null}
        <Space style={{ marginTop: 16 }}>
          <Typography.Text>{t("login.no_account")}</Typography.Text>
          <Link to="/register">{t("register.title")}</Link>
          <Link to="/reset">{t("login.forgot")}</Link>
        </Space>
      </Card>
    </div>
  );
}
