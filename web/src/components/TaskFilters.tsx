// The filter bar of the drawing and task logs: one id field and a submit-time range, sent in the
// unit the table stores (milliseconds for Midjourney rows, seconds for tasks).
import { Button, DatePicker, Input, Space } from "@douyinfe/semi-ui";
import { useState } from "react";
import { useTranslation } from "react-i18next";

export type Filters = Record<string, string | number | undefined>;

interface Props { idField: string; idLabel: string; millis?: boolean; onApply: (f: Filters) => void }

export default function TaskFilters({ idField, idLabel, millis = false, onApply }: Props) {
  const { t } = useTranslation();
  const [id, setId] = useState("");
  const [range, setRange] = useState<[number, number] | null>(null);
  return (
    <Space wrap style={{ marginBottom: 16 }}>
      <Input placeholder={idLabel} value={id} style={{ width: 240 }} onChange={setId} data-testid="task-id-filter" />
      <DatePicker type="dateTimeRange" onChange={(v) => {
        const d = v as Date[] | undefined;
        const at = (x: Date) => (millis ? x.getTime() : Math.floor(x.getTime() / 1000));
        setRange(d && d.length === 2 ? [at(d[0]), at(d[1])] : null);
      }} />
      <Button theme="solid" data-testid="task-search"
              onClick={() => onApply({ [idField]: id || undefined, start_timestamp: range?.[0], end_timestamp: range?.[1] })}>
        {t("common.search")}
      </Button>
    </Space>
  );
}
