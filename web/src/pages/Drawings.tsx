// Midjourney drawing log (New API's /console/midjourney): every imagine, upscale, variation and
// describe with its state, progress, cost and the picture itself, which opens full size.
import { Image, Progress, Table, Typography } from "@douyinfe/semi-ui";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import TaskFilters, { type Filters } from "../components/TaskFilters";
import TaskStatusTag from "../components/TaskStatusTag";
import { usePaged } from "../components/usePaged";
import { formatTime, quotaToDollars } from "../format";
import { useSession } from "../session";

interface Drawing {
  id: number;
  mj_id: string;
  user_id: number;
  channel_id?: number;
  action: string;
  prompt: string;
  status: string;
  progress: string;
  image_url: string;
  fail_reason: string;
  quota: number;
  submit_time: number;
  finish_time: number;
}

const percent = (p: string) => Math.max(0, Math.min(100, parseInt(p, 10) || 0));

export default function Drawings() {
  const { t } = useTranslation();
  const { isAdmin, status } = useSession();
  const [filters, setFilters] = useState<Filters>({});
  const { items, loading, pagination, setPage } = usePaged<Drawing>(isAdmin ? "/api/mj/" : "/api/mj/self", filters);

  const columns = [
    { title: t("tasks.submit_time"), dataIndex: "submit_time", render: (v: number) => formatTime(Math.floor(v / 1000)) },
    ...(isAdmin ? [{ title: t("logs.channel"), dataIndex: "channel_id" }, { title: t("tasks.user_id"), dataIndex: "user_id" }] : []),
    { title: t("tasks.action"), dataIndex: "action" },
    { title: t("tasks.mj_id"), dataIndex: "mj_id", render: (v: string) => <Typography.Text copyable>{v}</Typography.Text> },
    { title: t("tasks.status"), dataIndex: "status", render: (v: string) => <TaskStatusTag status={v} /> },
    { title: t("tasks.progress"), dataIndex: "progress", render: (v: string) => <Progress percent={percent(v)} showInfo style={{ width: 100 }} /> },
    { title: t("tasks.image"), dataIndex: "image_url", render: (v: string) => (
      v ? <Image src={v} width={64} height={64} /> : "-") },
    { title: t("tasks.prompt"), dataIndex: "prompt", width: 260, render: (v: string) => <Typography.Paragraph ellipsis={{ rows: 2, showTooltip: true }} style={{ maxWidth: 260 }}>{v || "-"}</Typography.Paragraph> },
    { title: t("logs.cost"), dataIndex: "quota", render: (q: number) => quotaToDollars(q, status) },
    { title: t("tasks.fail_reason"), dataIndex: "fail_reason", render: (v: string) => v || "-" },
  ];

  return (
    <>
      <Typography.Title heading={4} style={{ marginBottom: 16 }}>{t("nav.drawings")}</Typography.Title>
      <TaskFilters idField="mj_id" millis idLabel={t("tasks.mj_id")} onApply={(f) => { setPage(1); setFilters(f); }} />
      <Table rowKey="id" columns={columns} dataSource={items} loading={loading} pagination={pagination} scroll={{ x: 1100 }} />
    </>
  );
}
