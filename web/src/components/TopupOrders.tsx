// Top-up orders: a user's own (last 30 days), or everyone's for an administrator, who can complete
// a pending order by hand.
import { Button, Input, Space, Table, Tag, Toast, Typography } from "@douyinfe/semi-ui";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { post } from "../api";
import { formatTime } from "../format";
import { usePaged } from "./usePaged";

interface Order {
  id: number;
  user_id: number;
  amount: number;
  money: number;
  trade_no: string;
  payment_method: string;
  create_time: number;
  complete_time: number;
  status: string;
}

const COLORS: Record<string, "green" | "orange" | "red" | "grey"> = { success: "green", pending: "orange", failed: "red", expired: "grey" };

export default function TopupOrders({ admin }: { admin: boolean }) {
  const { t } = useTranslation();
  const [keyword, setKeyword] = useState("");
  const [filters, setFilters] = useState<Record<string, string>>({});
  const { items, loading, pagination, reload, setPage } = usePaged<Order>(admin ? "/api/user/topup" : "/api/user/topup/self", filters);

  const complete = async (o: Order) => {
    try {
      await post("/api/user/topup/complete", { trade_no: o.trade_no });
      Toast.success(t("common.saved"));
      await reload();
    } catch (e) {
      Toast.error((e as Error).message);
    }
  };

  const columns = [
    { title: t("wallet.trade_no"), dataIndex: "trade_no", render: (v: string) => <Typography.Text copyable>{v}</Typography.Text> },
    ...(admin ? [{ title: t("tasks.user_id"), dataIndex: "user_id" }] : []),
    { title: t("wallet.amount"), dataIndex: "amount" },
    { title: t("wallet.money"), dataIndex: "money", render: (v: number) => v.toFixed(2) },
    { title: t("wallet.method"), dataIndex: "payment_method" },
    { title: t("tasks.status"), dataIndex: "status", render: (v: string) => <Tag color={COLORS[v] || "grey"}>{t(`wallet.status_${v in COLORS ? v : "pending"}`)}</Tag> },
    { title: t("tasks.submit_time"), dataIndex: "create_time", render: (v: number) => formatTime(v) },
    ...(admin ? [{ title: "", dataIndex: "id", render: (_: number, o: Order) => o.status === "pending" &&
      <Button size="small" onClick={() => void complete(o)} data-testid="order-complete">{t("wallet.complete")}</Button> }] : []),
  ];

  return (
    <div style={{ width: "100%" }} data-testid="topup-orders">
      <Typography.Title heading={5} style={{ margin: "8px 0" }}>{admin ? t("wallet.all_orders") : t("wallet.orders")}</Typography.Title>
      <Space style={{ marginBottom: 8 }}>
        <Input placeholder={t("wallet.trade_no")} value={keyword} onChange={setKeyword} style={{ width: 280 }} />
        <Button onClick={() => { setPage(1); setFilters(keyword ? { keyword } : {}); }}>{t("common.search")}</Button>
      </Space>
      <Table rowKey="id" columns={columns} dataSource={items} loading={loading} pagination={pagination} size="small" />
    </div>
  );
}
