// The user's passkey: register one in this browser, or remove it.
import { Button, Card, Space, Tag } from "@douyinfe/semi-ui";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

import { del, get } from "../../api";
import { registerPasskey } from "../../webauthn";
import { useAction } from "../useAction";

export default function PasskeyCard() {
  const { t } = useTranslation();
  const [enabled, setEnabled] = useState(false);
  const [busy, run] = useAction();
  const load = () => get<{ enabled: boolean }>("/api/user/passkey").then((d) => setEnabled(d.enabled)).catch(() => undefined);
  useEffect(() => void load(), []);
  return (
    <Card style={{ width: "100%", maxWidth: 560 }} title={t("passkey.title")}>
      <Space>
        <Tag color={enabled ? "green" : "grey"}>{enabled ? t("twofa.on") : t("twofa.off")}</Tag>
        <Button loading={busy} onClick={() => run(async () => { await registerPasskey(); await load(); })}>
          {enabled ? t("passkey.replace") : t("passkey.register")}
        </Button>
        {enabled && (
          <Button type="danger" loading={busy} onClick={() => run(async () => { await del("/api/user/passkey"); await load(); })}>
            {t("passkey.remove")}
          </Button>
        )}
      </Space>
    </Card>
  );
}
