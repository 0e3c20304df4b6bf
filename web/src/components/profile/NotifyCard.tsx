// Quota warnings: how (e-mail, webhook, Bark, Gotify) and below which balance.
import { Button, Card, Form } from "@douyinfe/semi-ui";
import { useTranslation } from "react-i18next";

import { put } from "../../api";
import { useSession } from "../../session";
import { useAction } from "../useAction";

type Setting = Record<string, string | number | boolean>;

export default function NotifyCard() {
  const { t } = useTranslation();
  const { user, refresh } = useSession();
  const [busy, run] = useAction();
  const current: Setting = { notify_type: "email", quota_warning_threshold: 500000, ...JSON.parse(user?.setting || "{}") };
  return (
    <Card style={{ width: "100%", maxWidth: 560 }} title={t("notify.title")}>
      <Form initValues={current} labelPosition="top"
            onSubmit={(v: Setting) => run(async () => { await put("/api/user/setting", v); await refresh(); })}>
        {({ formState }) => (
          <>
            <Form.RadioGroup field="notify_type" label={t("notify.type")}>
              {["email", "webhook", "bark", "gotify"].map((k) => <Form.Radio key={k} value={k}>{t(`notify.${k}`)}</Form.Radio>)}
            </Form.RadioGroup>
            <Form.InputNumber field="quota_warning_threshold" label={t("notify.threshold")} min={1} />
            {formState.values.notify_type === "email" && <Form.Input field="notification_email" label={t("common.email")} />}
            {formState.values.notify_type === "webhook" && (
              <>
                <Form.Input field="webhook_url" label={t("notify.webhook_url")} />
                <Form.Input field="webhook_secret" mode="password" label={t("notify.webhook_secret")} />
              </>
            )}
            {formState.values.notify_type === "bark" && <Form.Input field="bark_url" label={t("notify.bark_url")} />}
            {formState.values.notify_type === "gotify" && (
              <>
                <Form.Input field="gotify_url" label={t("notify.gotify_url")} />
                <Form.Input field="gotify_token" label={t("notify.gotify_token")} />
                <Form.InputNumber field="gotify_priority" label={t("notify.gotify_priority")} min={0} max={10} />
              </>
            )}
            <Form.Switch field="record_ip_log" label={t("notify.record_ip")} />
            <Button htmlType="submit" theme="solid" loading={busy}>{t("common.save")}</Button>
          </>
        )}
      </Form>
    </Card>
  );
}
