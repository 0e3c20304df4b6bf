// The state of a Midjourney or async task (New API's status names), coloured by outcome.
import { Tag } from "@douyinfe/semi-ui";
import { useTranslation } from "react-i18next";

const COLORS: Record<string, "green" | "red" | "blue" | "orange" | "grey"> = {
  SUCCESS: "green", FAILURE: "red", IN_PROGRESS: "blue", SUBMITTED: "orange", QUEUED: "orange", NOT_START: "grey", MODAL: "orange",
};
const KNOWN = new Set(Object.keys(COLORS));

export default function TaskStatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  const key = KNOWN.has(status) ? status.toLowerCase() : "unknown";
  return <Tag color={COLORS[status] || "grey"}>{t(`tasks.status_${key}`)}</Tag>;
}
