// Daily check-in (when the site enables it) and the invitation link with its rewards, which
// move to the balance on request.
import { Button, Card, InputNumber, Space, Typography } from "@douyinfe/semi-ui";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

import { get, post } from "../../api";
import { useSession } from "../../session";
import { useAction } from "../useAction";

interface Checkin { stats: { checked_in_today: boolean; total_checkins: number; total_quota: number } }

export default function RewardsCard() {
  const { t } = useTranslation();
  const { user, refresh } = useSession();
  const [checkin, setCheckin] = useState<Checkin | null>(null);
  const [aff, setAff] = useState("");
  const [amount, setAmount] = useState(0);
  const [busy, run] = useAction();
  const load = () => get<Checkin>("/api/user/checkin").then(setCheckin).catch(() => setCheckin(null));
  useEffect(() => {
    void load();
    get<string>("/api/user/aff").then(setAff).catch(() => undefined);
  }, []);
  const row = user as unknown as Record<string, number>;
  return (
    <Card style={{ width: "100%", maxWidth: 560 }} title={t("rewards.title")}>
      <Space vertical align="start" style={{ width: "100%" }}>
        {checkin && (
          <Space>
            <Button theme="solid" disabled={checkin.stats.checked_in_today} loading={busy}
                    onClick={() => run(async () => { await post("/api/user/checkin"); await load(); await refresh(); })}>
              {checkin.stats.checked_in_today ? t("rewards.checked_in") : t("rewards.check_in")}
            </Button>
            <Typography.Text>{t("rewards.checkins", { n: checkin.stats.total_checkins })}</Typography.Text>
          </Space>
        )}
        {aff && <Typography.Text copyable>{`${window.location.origin}/register?aff=${aff}`}</Typography.Text>}
        <Typography.Text>{t("rewards.invited", { n: row?.aff_count ?? 0, quota: row?.aff_quota ?? 0 })}</Typography.Text>
        <Space>
          <InputNumber value={amount} min={0} onChange={(v) => setAmount(Number(v) || 0)} />
          <Button loading={busy} onClick={() => run(async () => { await post("/api/user/aff_transfer", { quota: amount }); await refresh(); })}>
            {t("rewards.transfer")}
          </Button>
        </Space>
      </Space>
    </Card>
  );
}
