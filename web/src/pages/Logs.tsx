// Usage logs with filters and server-side pagination; each consume row expands into its cost
// breakdown (ratios, cache tokens) from the log's "other" field.
import { Button, DatePicker, Descriptions, Input, Select, Space, Table, Tag, Typography } from "@douyinfe/semi-ui";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { usePaged } from "../components/usePaged";
import { formatTime, quotaToDollars } from "../format";
import { useSession } from "../session";

interface Log {
  id: number;
  created_at: number;
  type: number;
  content: string;
  username: string;
  token_name: string;
  model_name: string;
  quota: number;
  prompt_tokens: number;
  completion_tokens: number;
  use_time: number;
  is_stream: boolean;
  channel: number;
  group: string;
  other: string;
}

const TYPE_COLORS: Record<number, "green" | "blue" | "orange" | "grey" | "red"> = { 1: "green", 2: "blue", 3: "orange", 4: "grey", 5: "red" };

function Breakdown({ log }: { log: Log }) {
  const { t } = useTranslation();
  let other: Record<string, unknown> = {};
  try {
    other = JSON.parse(log.other || "{}");
  } catch {
    other = {};
  }
  const rows = [
    { key: t("logs.model_ratio"), value: String(other.model_ratio ?? "-") },
    { key: t("logs.group_ratio"), value: String(other.group_ratio ?? "-") },
    { key: t("logs.completion_ratio"), value: String(other.completion_ratio ?? "-") },
    { key: t("logs.model_price"), value: String(other.model_price ?? "-") },
    { key: t("logs.cache_tokens"), value: String(other.cache_tokens ?? 0) },
    { key: t("logs.cache_ratio"), value: String(other.cache_ratio ?? "-") },
    { key: t("logs.cache_creation_tokens"), value: String(other.cache_creation_tokens ?? 0) },
    { key: t("logs.content"), value: log.content || "-" },
  ];
  return <Descriptions data={rows} row size="small" data-testid="log-breakdown" />;
}

export default function Logs() {
  const { t } = useTranslation();
  const { isAdmin, status } = useSession();
  const [draft, setDraft] = useState({ model_name: "", token_name: "", type: "" as string | number });
  const [range, setRange] = useState<[number, number] | null>(null);
  const [filters, setFilters] = useState<Record<string, string | number | undefined>>({});
  const { items, loading, pagination, setPage } = usePaged<Log>(isAdmin ? "/api/log/" : "/api/log/self", filters);

  const apply = () => {
    setPage(1);
    setFilters({ ...draft, start_timestamp: range?.[0], end_timestamp: range?.[1] });
  };

  const columns = [
    { title: t("logs.time"), dataIndex: "created_at", render: (v: number) => formatTime(v) },
    { title: t("logs.type"), dataIndex: "type", render: (v: number) => <Tag color={TYPE_COLORS[v] || "grey"}>{t(`logs.type_${v}`)}</Tag> },
    ...(isAdmin ? [{ title: t("common.username"), dataIndex: "username" }, { title: t("logs.channel"), dataIndex: "channel" }] : []),
    { title: t("logs.token"), dataIndex: "token_name" },
    { title: t("logs.model"), dataIndex: "model_name" },
    { title: t("logs.prompt"), dataIndex: "prompt_tokens" },
    { title: t("logs.completion"), dataIndex: "completion_tokens" },
    { title: t("logs.cost"), dataIndex: "quota", render: (q: number) => quotaToDollars(q, status) },
    { title: t("logs.use_time"), dataIndex: "use_time", render: (v: number, l: Log) => (
      <Space>{`${v}s`}{l.is_stream && <Tag size="small">{t("logs.stream")}</Tag>}</Space>) },
  ];

  return (
    <>
      <Typography.Title heading={4} style={{ marginBottom: 16 }}>{t("nav.logs")}</Typography.Title>
      <Space wrap style={{ marginBottom: 16 }}>
        <Input placeholder={t("logs.model")} value={draft.model_name} style={{ width: 180 }}
               onChange={(model_name) => setDraft({ ...draft, model_name })} />
        <Input placeholder={t("logs.token")} value={draft.token_name} style={{ width: 180 }}
               onChange={(token_name) => setDraft({ ...draft, token_name })} />
        <Select placeholder={t("logs.type")} value={draft.type} style={{ width: 140 }}
                optionList={[{ value: "", label: t("logs.all_types") },
                             ...[1, 2, 3, 4, 5].map((v) => ({ value: v, label: t(`logs.type_${v}`) }))]}
                onChange={(type) => setDraft({ ...draft, type: type as number })} />
        <DatePicker type="dateTimeRange" onChange={(v) => {
          const d = v as Date[] | undefined;
          setRange(d && d.length === 2 ? [Math.floor(d[0].getTime() / 1000), Math.floor(d[1].getTime() / 1000)] : null);
        }} />
        <Button theme="solid" onClick={apply} data-testid="logs-search">{t("common.search")}</Button>
      </Space>
      <Table rowKey="id" columns={columns} dataSource={items} loading={loading} pagination={pagination}
             expandedRowRender={(log?: Log) => (log ? <Breakdown log={log} /> : null)} scroll={{ x: 900 }} />
    </>
  );
}
