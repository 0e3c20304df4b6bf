// Register a common user.
import { Button, Card, Form, Space, Toast, Typography } from "@douyinfe/semi-ui";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router-dom";

import { post } from "../api";
import LanguagePicker from "../components/LanguagePicker";
import { useAction } from "../components/useAction";

export default function Register() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [busy, run] = useAction();

  const submit = (v: { username: string; password: string; password2: string }) => {
    if (v.password !== v.password2) return Toast.error(t("register.mismatch"));
    return run(async () => {
      await post("/api/user/register", { username: v.username, password: v.password });
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
