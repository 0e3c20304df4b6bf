// TOTP 2FA: set up (secret, otpauth URI and backup codes shown once), enable with a code, then
// regenerate backup codes or disable with a code.
import { Button, Card, Input, Space, Tag, Typography } from "@douyinfe/semi-ui";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

import { get, post } from "../../api";
import { useAction } from "../useAction";

interface Status { enabled: boolean; locked: boolean; backup_codes_remaining?: number }
interface Setup { secret: string; qr_code_data: string; backup_codes: string[] }

export default function TwoFactorCard() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<Status | null>(null);
  const [setup, setSetup] = useState<Setup | null>(null);
  const [codes, setCodes] = useState<string[]>([]);
  const [code, setCode] = useState("");
  const [busy, run] = useAction();
  const load = () => get<Status>("/api/user/2fa/status").then(setStatus).catch(() => undefined);
  useEffect(() => void load(), []);
  const act = (path: string, after?: (d: { backup_codes?: string[] }) => void) =>
    run(async () => {
      const d = await post<{ backup_codes?: string[] }>(path, { code });
      after?.(d);
      setCode("");
      setSetup(null);
      await load();
    });

  return (
    <Card style={{ width: "100%", maxWidth: 560 }} title={t("twofa.title")} data-testid="twofa-card">
      <Space vertical align="start" style={{ width: "100%" }}>
        <Tag color={status?.enabled ? "green" : "grey"}>{status?.enabled ? t("twofa.on") : t("twofa.off")}</Tag>
        {status?.enabled && <Typography.Text>{t("twofa.remaining", { n: status.backup_codes_remaining ?? 0 })}</Typography.Text>}
        {!status?.enabled && !setup && (
          <Button onClick={() => run(async () => setSetup(await post<Setup>("/api/user/2fa/setup")))}>{t("twofa.setup")}</Button>
        )}
        {setup && (
          <>
            <Typography.Text>{t("twofa.scan")}</Typography.Text>
            <Typography.Text copyable code data-testid="twofa-secret">{setup.secret}</Typography.Text>
            <Typography.Text copyable size="small">{setup.qr_code_data}</Typography.Text>
            <Typography.Text>{t("twofa.codes")}</Typography.Text>
            <Typography.Text code>{setup.backup_codes.join("  ")}</Typography.Text>
          </>
        )}
        {codes.length > 0 && <Typography.Text code>{codes.join("  ")}</Typography.Text>}
        {(setup || status?.enabled) && (
          <Space>
            <Input value={code} onChange={setCode} placeholder={t("login.twofa_code")} />
            {setup && <Button theme="solid" loading={busy} onClick={() => act("/api/user/2fa/enable")}>{t("twofa.enable")}</Button>}
            {status?.enabled && (
              <>
                <Button loading={busy} onClick={() => act("/api/user/2fa/backup_codes", (d) => setCodes(d.backup_codes || []))}>
                  {t("twofa.regenerate")}
                </Button>
                <Button type="danger" loading={busy} onClick={() => act("/api/user/2fa/disable")}>{t("twofa.disable")}</Button>
              </>
            )}
          </Space>
        )}
      </Space>
    </Card>
  );
}
