// Async task log (New API's /console/task): Suno songs and generated videos with their state,
// progress and cost; a finished task's result plays in place.
import { Button, Modal, Progress, Table, Typography } from "@douyinfe/semi-ui";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import TaskFilters, { type Filters } from "../components/TaskFilters";
import TaskStatusTag from "../components/TaskStatusTag";
import { usePaged } from "../components/usePaged";
import { formatTime, quotaToDollars } from "../format";
import { useSession } from "../session";

interface Task {
  id: number;
  task_id: string;
  platform: string;
  user_id: number;
  channel_id?: number;
  action: string;
  status: string;
  progress: string;
  quota: number;
  fail_reason: string;
  result_url: string;
  submit_time: number;
  finish_time: number;
  data: unknown;
}

interface Media { url: string; kind: "audio" | "video" }

// Suno answers a list of clips with audio_url; video tasks carry one result URL.
function mediaOf(task: Task): Media | null {
  if (task.result_url) return { url: task.result_url, kind: task.platform === "suno" ? "audio" : "video" };
  const clips = Array.isArray(task.data) ? (task.data as { audio_url?: string }[]) : [];
  const audio = clips.find((c) => c && typeof c.audio_url === "string" && c.audio_url)?.audio_url;
  return audio ? { url: audio, kind: "audio" } : null;
}

const percent = (p: string) => Math.max(0, Math.min(100, parseInt(p, 10) || 0));

export default function Tasks() {
  const { t } = useTranslation();
  const { isAdmin, status } = useSession();
  const [filters, setFilters] = useState<Filters>({});
  const [playing, setPlaying] = useState<Media | null>(null);
  const { items, loading, pagination, setPage } = usePaged<Task>(isAdmin ? "/api/task/" : "/api/task/self", filters);

  const columns = [
    { title: t("tasks.submit_time"), dataIndex: "submit_time", render: (v: number) => formatTime(v) },
    { title: t("tasks.finish_time"), dataIndex: "finish_time", render: (v: number) => formatTime(v) },
    ...(isAdmin ? [{ title: t("logs.channel"), dataIndex: "channel_id" }, { title: t("tasks.user_id"), dataIndex: "user_id" }] : []),
    { title: t("tasks.platform"), dataIndex: "platform" },
    { title: t("tasks.action"), dataIndex: "action" },
    { title: t("tasks.task_id"), dataIndex: "task_id", render: (v: string) => <Typography.Text copyable>{v}</Typography.Text> },
    { title: t("tasks.status"), dataIndex: "status", render: (v: string) => <TaskStatusTag status={v} /> },
    { title: t("tasks.progress"), dataIndex: "progress", render: (v: string) => <Progress percent={percent(v)} showInfo style={{ width: 100 }} /> },
    { title: t("logs.cost"), dataIndex: "quota", render: (q: number) => quotaToDollars(q, status) },
    { title: t("tasks.result"), dataIndex: "result_url", render: (_: string, task: Task) => {
      const media = mediaOf(task);
      return media ? <Button size="small" onClick={() => setPlaying(media)} data-testid="task-preview">{t("tasks.preview")}</Button> : "-";
    } },
    { title: t("tasks.fail_reason"), dataIndex: "fail_reason", render: (v: string) => v || "-" },
  ];

  return (
    <>
      <Typography.Title heading={4} style={{ marginBottom: 16 }}>{t("nav.tasks")}</Typography.Title>
      <TaskFilters idField="task_id" idLabel={t("tasks.task_id")} onApply={(f) => { setPage(1); setFilters(f); }} />
      <Table rowKey="id" columns={columns} dataSource={items} loading={loading} pagination={pagination} scroll={{ x: 1200 }} />
      <Modal title={t("tasks.result")} visible={playing !== null} footer={null} onCancel={() => setPlaying(null)} width={720}>
        {playing?.kind === "video" && <video src={playing.url} controls style={{ width: "100%" }} data-testid="task-video" />}
        {playing?.kind === "audio" && <audio src={playing.url} controls style={{ width: "100%" }} data-testid="task-audio" />}
        {playing && <Typography.Text link={{ href: playing.url, target: "_blank" }}>{playing.url}</Typography.Text>}
      </Modal>
    </>
  );
}
