// Register a common user: the e-mail code when the site verifies addresses, an invitation code
// from ?aff= (kept for a sign-up through a provider too), Turnstile when asked for.
import { Button, Card, Form, Space, Toast, Typography } from "@douyinfe/semi-ui";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router-dom";

import { get, post } from "../api";
import LanguagePicker from "../components/LanguagePicker";
import Turnstile, { turnstileQuery } from "../components/Turnstile";
import { useAction } from "../components/useAction";
import { useSession } from "../session";

interface Fields {
  username: string;
  password: string;
  password2: string;
  email?: string;
  verification_code?: string;
}

export default function Register() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { status } = useSession();
  const [params] = useSearchParams();
  const [busy, run] = useAction();
  const [email, setEmail] = useState("");
  const [human, setHuman] = useState("");

  useEffect(() => {
    const aff = params.get("aff");
    if (aff) localStorage.setItem("gw.aff", aff);
  }, [params]);

  const sendCode = () =>
    run(async () => {
      const q = turnstileQuery(human);
      await get(`/api/verification${q ? q + "&" : "?"}email=${encodeURIComponent(email)}`);
      Toast.success(t("register.code_sent"));
    });
  const submit = (v: Fields) => {
    if (v.password !== v.password2) return Toast.error(t("register.mismatch"));
    return run(async () => {
      await post(`/api/user/register${turnstileQuery(human)}`, {
        username: v.username, password: v.password, email: v.email, verification_code: v.verification_code,
        aff_code: localStorage.getItem("gw.aff") || undefined });
      Toast.success(t("register.done"));
      navigate("/login");
    });
  };

  return (
    <div className="center-page">
      <Card style={{ width: 400, maxWidth: "94vw" }} title={t("register.title")} headerExtraContent={<LanguagePicker />}>
        <Form onSubmit={submit} labelPosition="top">
          <Form.Input field="username" label={t("common.username")} rules={[{ required: true, message: t("common.required") }]} />
          <Form.Input field="password" mode="password" label={t("common.password")}
                      rules={[{ required: true, min: 8, message: t("common.password_rule") }]} />
          <Form.Input field="password2" mode="password" label={t("setup.confirm")}
                      rules={[{ required: true, message: t("common.required") }]} />
          {status?.email_verification ? (
            <>
              <Form.Input field="email" label={t("common.email")} onChange={setEmail} />
              <Space>
                <Form.Input field="verification_code" label={t("register.code")} />
                <Button onClick={sendCode} disabled={!email}>{t("register.send_code")}</Button>
              </Space>
            </>
          ) : null}
          {status?.turnstile_check ? <Turnstile siteKey={String(status.turnstile_site_key)} onToken={setHuman} /> : null}
          <Button htmlType="submit" type="primary" theme="solid" block loading={busy}>{t("register.submit")}</Button>
        </Form>
        <Space style={{ marginTop: 16 }}>
          <Typography.Text>{t("register.have_account")}</Typography.Text>
          <Link to="/login">{t("login.submit")}</Link>
        </Space>
      </Card>
    </div>
  );
}
