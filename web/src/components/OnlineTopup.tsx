// Online top-up: preset amounts (with their discounts) or a custom one, the price it will cost,
// and one button per payment method; EPay posts a signed form, Stripe redirects to Checkout.
import { Banner, Button, Card, InputNumber, Space, Tag, Toast, Typography } from "@douyinfe/semi-ui";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

import { get } from "../api";
import { payCall, postForm } from "../payments";

interface PayMethod {
  name: string;
  type: string;
  color?: string;
  min_topup?: string;
}

export interface TopupInfo {
  enable_online_topup: boolean;
  enable_stripe_topup: boolean;
  pay_methods: PayMethod[];
  min_topup: number;
  stripe_min_topup: number;
  amount_options: number[];
  discount: Record<string, number>;
  topup_link: string;
}

export default function OnlineTopup() {
  const { t } = useTranslation();
  const [info, setInfo] = useState<TopupInfo | null>(null);
  const [amount, setAmount] = useState<number>(0);
  const [price, setPrice] = useState<string>("");
  const [busy, setBusy] = useState("");

  useEffect(() => {
    get<TopupInfo>("/api/user/topup/info")
      .then((i) => {
        setInfo(i);
        setAmount(i.amount_options?.[0] || i.min_topup || 1);
      })
      .catch((e) => Toast.error(e.message));
  }, []);

  useEffect(() => {
    if (!info?.enable_online_topup || !amount) return setPrice("");
    payCall<string>("/api/user/amount", { amount }).then((a) => setPrice(a.data)).catch(() => setPrice(""));
  }, [amount, info]);

  if (!info) return null;
  if (!info.enable_online_topup && !info.enable_stripe_topup)
    return (
      <Banner type="info" style={{ maxWidth: 520 }} description={
        info.topup_link ? <a href={info.topup_link} target="_blank" rel="noreferrer">{t("wallet.shop")}</a> : t("wallet.no_online")} />
    );

  const pay = async (m: PayMethod) => {
    setBusy(m.type);
    try {
      if (m.type === "stripe") {
        const a = await payCall<{ pay_link: string }>("/api/user/stripe/pay", { amount, payment_method: "stripe" });
        window.location.href = a.data.pay_link;
      } else {
        const a = await payCall<Record<string, string>>("/api/user/pay", { amount, payment_method: m.type });
        postForm(a.url || "", a.data);
      }
    } catch (e) {
      Toast.error((e as Error).message);
      setBusy("");
    }
  };

  return (
    <Card style={{ width: "100%", maxWidth: 520 }} title={t("wallet.online_title")} data-testid="online-topup">
      <Space wrap style={{ marginBottom: 12 }}>
        {info.amount_options.map((a) => (
          <Button key={a} theme={a === amount ? "solid" : "light"} onClick={() => setAmount(a)} data-testid={`amount-${a}`}>
            {a}
            {info.discount[String(a)] && info.discount[String(a)] < 1 && (
              <Tag size="small" color="orange" style={{ marginLeft: 6 }}>
                {t("wallet.discount", { percent: Math.round((1 - info.discount[String(a)]) * 100) })}
              </Tag>
            )}
          </Button>
        ))}
      </Space>
      <Space vertical align="start">
        <Space>
          <Typography.Text>{t("wallet.amount")}</Typography.Text>
          <InputNumber min={1} precision={0} value={amount} onChange={(v) => setAmount(Number(v) || 0)} data-testid="topup-amount" />
          {price && <Typography.Text type="secondary" data-testid="topup-price">{t("wallet.pay_price", { price })}</Typography.Text>}
        </Space>
        <Space wrap>
          {info.pay_methods.map((m) => (
            <Button key={m.type} loading={busy === m.type} disabled={!amount || (busy !== "" && busy !== m.type)}
                    style={{ color: m.color?.startsWith("rgba(var") ? undefined : m.color }} onClick={() => void pay(m)}
                    data-testid={`pay-${m.type}`}>
              {m.name}
            </Button>
          ))}
        </Space>
      </Space>
    </Card>
  );
}
