// Forgotten passwords: /reset asks for the reset mail; the mail's link (/user/reset?email&token)
// trades its token for a new password, shown once.
import { Button, Card, Input, Space, Toast, Typography } from "@douyinfe/semi-ui";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router-dom";

import { get, post } from "../api";
import Turnstile, { turnstileQuery } from "../components/Turnstile";
import { useAction } from "../components/useAction";
import { useSession } from "../session";

export function RequestReset() {
  const { t } = useTranslation();
  const { status } = useSession();
  const [email, setEmail] = useState("");
  const [human, setHuman] = useState("");
  const [busy, run] = useAction();
  const send = () =>
    run(async () => {
      const q = turnstileQuery(human);
      await get(`/api/reset_password${q ? q + "&" : "?"}email=${encodeURIComponent(email)}`);
      Toast.success(t("reset.sent"));
    });
  return (
    <div className="center-page">
      <Card style={{ width: 400, maxWidth: "94vw" }} title={t("reset.title")}>
        <Space vertical align="start" style={{ width: "100%" }}>
          <Input value={email} onChange={setEmail} placeholder={t("common.email")} />
          {status?.turnstile_check ? <Turnstile siteKey={String(status.turnstile_site_key)} onToken={setHuman} /> : null}
          <Button type="primary" theme="solid" block loading={busy} onClick={send}>{t("reset.send")}</Button>
          <Link to="/login">{t("login.submit")}</Link>
        </Space>
      </Card>
    </div>
  );
}

export function ConfirmReset() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const [password, setPassword] = useState("");
  const [busy, run] = useAction();
  const confirm = () =>
    run(async () => setPassword(await post<string>("/api/user/reset", { email: params.get("email"), token: params.get("token") })));
  return (
    <div className="center-page">
      <Card style={{ width: 400, maxWidth: "94vw" }} title={t("reset.title")}>
        {password ? (
          <Space vertical align="start">
            <Typography.Text>{t("reset.new_password")}</Typography.Text>
            <Typography.Text copyable code data-testid="new-password">{password}</Typography.Text>
            <Link to="/login">{t("login.submit")}</Link>
          </Space>
        ) : (
          <Button type="primary" theme="solid" block loading={busy} onClick={confirm}>{t("reset.confirm")}</Button>
        )}
      </Card>
    </div>
  );
}
