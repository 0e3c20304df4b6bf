// First run: create the root account (once; afterwards the page sends people to sign in).
import { Banner, Button, Card, Form, Toast, Typography } from "@douyinfe/semi-ui";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";

import { get, post } from "../api";
import LanguagePicker from "../components/LanguagePicker";
import { useAction } from "../components/useAction";

export default function Setup() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [done, setDone] = useState(false);
  const [busy, run] = useAction();

  useEffect(() => {
    get<{ status: boolean }>("/api/setup").then((s) => setDone(s.status)).catch(() => undefined);
  }, []);

  const submit = (v: { username: string; password: string; confirmPassword: string }) =>
    run(async () => {
      await post("/api/setup", v);
      Toast.success(t("setup.done"));
      navigate("/login");
    });

  return (
    <div className="center-page">
      <Card style={{ width: 420, maxWidth: "94vw" }} title={t("setup.title")} headerExtraContent={<LanguagePicker />}>
        {done ? (
          <>
            <Banner type="info" description={t("setup.already")} />
            <Button style={{ marginTop: 16 }} onClick={() => navigate("/login")}>{t("login.submit")}</Button>
          </>
        ) : (
          <Form onSubmit={submit} labelPosition="top">
            <Typography.Paragraph>{t("setup.intro")}</Typography.Paragraph>
            <Form.Input field="username" label={t("common.username")} rules={[{ required: true, message: t("common.required") }]} />
            <Form.Input field="password" mode="password" label={t("common.password")}
                        rules={[{ required: true, min: 8, message: t("common.password_rule") }]} />
            <Form.Input field="confirmPassword" mode="password" label={t("setup.confirm")}
                        rules={[{ required: true, message: t("common.required") }]} />
            <Button htmlType="submit" type="primary" theme="solid" block loading={busy}>{t("setup.submit")}</Button>
          </Form>
        )}
      </Card>
    </div>
  );
}
