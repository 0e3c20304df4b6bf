// A text area for a JSON setting that says when its text is not valid JSON.
import { TextArea, Typography } from "@douyinfe/semi-ui";
import { useTranslation } from "react-i18next";

export function jsonError(text: string): boolean {
  if (!text.trim()) return false;
  try {
    JSON.parse(text);
    return false;
  } catch {
    return true;
  }
}

export default function JsonField({ value, onChange, placeholder, label }:
  { value: string; onChange: (v: string) => void; placeholder?: string; label: string }) {
  const { t } = useTranslation();
  const bad = jsonError(value);
  return (
    <div style={{ marginBottom: 12 }}>
      <Typography.Text strong>{label}</Typography.Text>
      <TextArea value={value} onChange={onChange} placeholder={placeholder} autosize={{ minRows: 2, maxRows: 10 }}
                validateStatus={bad ? "error" : "default"} style={{ fontFamily: "monospace" }} />
      {bad && <Typography.Text type="danger" size="small">{t("common.invalid_json")}</Typography.Text>}
    </div>
  );
}
