// The wallet: balance, online top-up through the configured payment methods, redemption codes and
// the top-up orders (everyone's, with manual completion, for administrators).
import { Button, Card, Input, Space, Toast, Typography } from "@douyinfe/semi-ui";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { post } from "../api";
import OnlineTopup from "../components/OnlineTopup";
import TopupOrders from "../components/TopupOrders";
import { useAction } from "../components/useAction";
import { quotaToDollars } from "../format";
import { useSession } from "../session";

export default function Wallet() {
  const { t } = useTranslation();
  const { user, status, refresh, isAdmin } = useSession();
  const [code, setCode] = useState("");
  const [busy, run] = useAction();

  const redeem = () =>
    run(async () => {
      const added = await post<number>("/api/user/topup", { key: code.trim() });
      Toast.success(t("wallet.redeemed", { amount: quotaToDollars(added, status) }));
      setCode("");
      await refresh();
    });

  return (
    <>
      <Typography.Title heading={4} style={{ marginBottom: 16 }}>{t("nav.wallet")}</Typography.Title>
      <Space vertical align="start" style={{ width: "100%" }} spacing="loose">
        <Card style={{ width: "100%", maxWidth: 520 }}>
          <Typography.Text type="tertiary">{t("dashboard.balance")}</Typography.Text>
          <Typography.Title heading={2} data-testid="wallet-balance">{quotaToDollars(user?.quota ?? 0, status)}</Typography.Title>
        </Card>
        <OnlineTopup />
        <Card style={{ width: "100%", maxWidth: 520 }} title={t("wallet.redeem_title")}>
          <Space>
            <Input value={code} onChange={setCode} placeholder={t("wallet.code")} style={{ width: 300 }} />
            <Button theme="solid" loading={busy} disabled={!code.trim()} onClick={redeem}>{t("wallet.redeem")}</Button>
          </Space>
        </Card>
        <TopupOrders admin={isAdmin} />
      </Space>
    </>
  );
}
