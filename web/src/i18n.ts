// i18next with the five console languages. The choice is remembered in the browser and, once
// signed in, in the user's settings (so it follows them to another browser).
import i18n from "i18next";
import { initReactI18next } from "react-i18next";

import en from "./locales/en.json";
import fr from "./locales/fr.json";
import ja from "./locales/ja.json";
import zhCN from "./locales/zh-CN.json";
import zhTW from "./locales/zh-TW.json";

export const LANGUAGES = [
  { code: "zh-CN", label: "简体中文" },
  { code: "zh-TW", label: "繁體中文" },
  { code: "en", label: "English" },
  { code: "fr", label: "Français" },
  { code: "ja", label: "日本語" },
] as const;

const STORAGE_KEY = "gw.language";

function initialLanguage(): string {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (saved && LANGUAGES.some((l) => l.code === saved)) return saved;
  const nav = navigator.language || "zh-CN";
  if (nav.startsWith("zh")) return /TW|HK|Hant/i.test(nav) ? "zh-TW" : "zh-CN";
  const short = nav.slice(0, 2);
  return LANGUAGES.some((l) => l.code === short) ? short : "zh-CN";
}

void i18n.use(initReactI18next).init({
  resources: {
    "zh-CN": { translation: zhCN },
    "zh-TW": { translation: zhTW },
    en: { translation: en },
    fr: { translation: fr },
    ja: { translation: ja },
  },
  lng: initialLanguage(),
  fallbackLng: "en",
  interpolation: { escapeValue: false },
});

export function setLanguage(code: string) {
  localStorage.setItem(STORAGE_KEY, code);
  document.documentElement.lang = code;
  return i18n.changeLanguage(code);
}

export default i18n;
