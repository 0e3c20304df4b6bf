// Sign in with a password (the OAuth buttons appear here as their providers are enabled).
import { Button, Card, Form, Space, Typography } from "@douyinfe/semi-ui";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router-dom";

import { post } from "../api";
import LanguagePicker from "../components/LanguagePicker";
import { useAction } from "../components/useAction";
import { setLanguage } from "../i18n";
import { useSession, type User } from "../session";

export default function Login() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { signedIn, status } = useSession();
  const [busy, run] = useAction();

  const submit = (v: { username: string; password: string }) =>
    run(async () => {
      const user = await post<User>("/api/user/login", v);
      await signedIn(user);
      const saved = user.setting ? (JSON.parse(user.setting || "{}") as { language?: string }).language : undefined;
      if (saved) await setLanguage(saved);
      navigate("/console");
    });

  return (
    <div className="center-page">
      <Card style={{ width: 400, maxWidth: "94vw" }} title={t("login.title", { name: status?.system_name || "New API" })}
            headerExtraContent={<LanguagePicker />}>
        <Form onSubmit={submit} labelPosition="top">
          <Form.Input field="username" label={t("common.username")} rules={[{ required: true, message: t("common.required") }]} />
          <Form.Input field="password" mode="password" label={t("common.password")}
                      rules={[{ required: true, message: t("common.required") }]} />
          <Button htmlType="submit" type="primary" theme="solid" block loading={busy}>{t("login.submit")}</Button>
        </Form>
        <Space style={{ marginTop: 16 }}>
          <Typography.Text>{t("login.no_account")}</Typography.Text>
          <Link to="/register">{t("register.title")}</Link>
        </Space>
      </Card>
    </div>
  );
}
