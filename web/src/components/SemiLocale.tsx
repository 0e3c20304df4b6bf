// Semi's own strings (pagination, date pickers, empty states, the navigation's collapse button)
// follow the console's language.
import { LocaleProvider } from "@douyinfe/semi-ui";
import en_US from "@douyinfe/semi-ui/lib/es/locale/source/en_US";
import fr from "@douyinfe/semi-ui/lib/es/locale/source/fr";
import ja_JP from "@douyinfe/semi-ui/lib/es/locale/source/ja_JP";
import zh_CN from "@douyinfe/semi-ui/lib/es/locale/source/zh_CN";
import zh_TW from "@douyinfe/semi-ui/lib/es/locale/source/zh_TW";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

const LOCALES = { "zh-CN": zh_CN, "zh-TW": zh_TW, en: en_US, fr, ja: ja_JP };

export default function SemiLocale({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  const locale = LOCALES[i18n.language as keyof typeof LOCALES] || en_US;
  return <LocaleProvider locale={locale}>{children}</LocaleProvider>;
}
