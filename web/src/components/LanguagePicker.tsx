// The language picker; a signed-in user's choice is saved to their settings too.
import { IconLanguage } from "@douyinfe/semi-icons";
import { Select } from "@douyinfe/semi-ui";
import { useTranslation } from "react-i18next";

import { put } from "../api";
import { LANGUAGES, setLanguage } from "../i18n";
import { useSession } from "../session";

export default function LanguagePicker() {
  const { i18n, t } = useTranslation();
  const { user } = useSession();
  const change = async (code: string) => {
    await setLanguage(code);
    if (user) await put("/api/user/self", { language: code }).catch(() => undefined);
  };
  return (
    <Select
      data-testid="language-picker"
      aria-label={t("header.language")}
      prefix={<IconLanguage />}
      value={i18n.language}
      onChange={(v) => void change(String(v))}
      optionList={LANGUAGES.map((l) => ({ value: l.code, label: l.label }))}
      style={{ width: 150 }}
    />
  );
}
