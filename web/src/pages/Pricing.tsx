// The model square: every model the gateway serves, its price (ratio or per call) and the groups
// that can use it.
import { Input, Table, Tag, Typography } from "@douyinfe/semi-ui";
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";

interface ModelPrice {
  model_name: string;
  enable_groups: string[];
  priced: boolean;
  quota_type?: number;
  model_ratio?: number;
  model_price?: number;
  completion_ratio?: number;
}

export default function Pricing() {
  const { t } = useTranslation();
  const [rows, setRows] = useState<ModelPrice[]>([]);
  const [ratios, setRatios] = useState<Record<string, number>>({});
  const [filter, setFilter] = useState("");
  useEffect(() => {
    fetch("/api/pricing").then((r) => r.json()).then((j) => {
      setRows(j.data || []);
      setRatios(j.group_ratio || {});
    }).catch(() => undefined);
  }, []);
  const shown = useMemo(() => rows.filter((r) => r.model_name.toLowerCase().includes(filter.toLowerCase())), [rows, filter]);
  // A ratio of 1 is $2 per million input tokens (New API's base).
  const columns = [
    { title: t("pricing.model"), dataIndex: "model_name", render: (m: string) => <Typography.Text copyable>{m}</Typography.Text> },
    { title: t("pricing.billing"), dataIndex: "quota_type", render: (q: number | undefined, r: ModelPrice) =>
      !r.priced ? <Tag color="grey">{t("pricing.unpriced")}</Tag> : <Tag color={q === 1 ? "orange" : "blue"}>{q === 1 ? t("pricing.per_call") : t("pricing.per_token")}</Tag> },
    { title: t("pricing.input"), dataIndex: "model_ratio", render: (v: number | undefined, r: ModelPrice) =>
      !r.priced ? "-" : r.quota_type === 1 ? `$${r.model_price}` : `$${((v ?? 0) * 2).toFixed(4)} / 1M` },
    { title: t("pricing.output"), dataIndex: "completion_ratio", render: (v: number | undefined, r: ModelPrice) =>
      !r.priced || r.quota_type === 1 ? "-" : `$${((r.model_ratio ?? 0) * (v ?? 1) * 2).toFixed(4)} / 1M` },
    { title: t("pricing.groups"), dataIndex: "enable_groups", render: (g: string[]) =>
      g.map((x) => <Tag key={x} style={{ marginRight: 4 }}>{`${x} ×${ratios[x] ?? 1}`}</Tag>) },
  ];
  return (
    <>
      <Typography.Title heading={4} style={{ marginBottom: 16 }}>{t("nav.pricing")}</Typography.Title>
      <Input placeholder={t("pricing.search")} value={filter} onChange={setFilter} style={{ maxWidth: 320, marginBottom: 12 }} />
      <Table rowKey="model_name" columns={columns} dataSource={shown} pagination={{ pageSize: 20 }} scroll={{ x: 700 }} />
    </>
  );
}
