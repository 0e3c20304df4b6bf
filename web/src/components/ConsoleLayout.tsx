// The console frame: a side navigation (admin entries for admins), a header with the language
// picker, the theme switch and the user menu. Below 768 px the navigation collapses.
import {
  IconAppCenter, IconComment, IconCreditCard, IconExit, IconGift, IconHistogram, IconHome, IconImage, IconKey, IconMoon,
  IconPriceTag, IconVideo, IconServer, IconSetting, IconSun, IconUser, IconUserGroup,
} from "@douyinfe/semi-icons";
import { Avatar, Button, Dropdown, Layout, Nav, Typography } from "@douyinfe/semi-ui";
import { useEffect, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useLocation, useNavigate } from "react-router-dom";

import { useSession } from "../session";
import { applyTheme, currentTheme, type Theme } from "../theme";
import LanguagePicker from "./LanguagePicker";

function useNarrow(): boolean {
  const [narrow, setNarrow] = useState(window.innerWidth < 768);
  useEffect(() => {
    const on = () => setNarrow(window.innerWidth < 768);
    window.addEventListener("resize", on);
    return () => window.removeEventListener("resize", on);
  }, []);
  return narrow;
}

export default function ConsoleLayout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { user, isAdmin, status, signOut } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const narrow = useNarrow();
  const [theme, setTheme] = useState<Theme>(currentTheme());

  const items = [
    { itemKey: "/console", text: t("nav.dashboard"), icon: <IconHome /> },
    { itemKey: "/console/playground", text: t("nav.playground"), icon: <IconComment /> },
    { itemKey: "/console/token", text: t("nav.tokens"), icon: <IconKey /> },
    { itemKey: "/console/log", text: t("nav.logs"), icon: <IconHistogram /> },
    { itemKey: "/console/midjourney", text: t("nav.drawings"), icon: <IconImage /> },
    { itemKey: "/console/task", text: t("nav.tasks"), icon: <IconVideo /> },
    { itemKey: "/console/topup", text: t("nav.wallet"), icon: <IconCreditCard /> },
    { itemKey: "/console/personal", text: t("nav.profile"), icon: <IconUser /> },
    { itemKey: "/pricing", text: t("nav.pricing"), icon: <IconPriceTag /> },
  ];
  if (isAdmin)
    items.push(
      { itemKey: "/console/channel", text: t("nav.channels"), icon: <IconServer /> },
      { itemKey: "/console/user", text: t("nav.users"), icon: <IconUserGroup /> },
      { itemKey: "/console/redemption", text: t("nav.redemptions"), icon: <IconGift /> },
      { itemKey: "/console/plugins", text: t("nav.plugins"), icon: <IconAppCenter /> },
      { itemKey: "/console/setting", text: t("nav.settings"), icon: <IconSetting /> },
    );

  const toggleTheme = () => {
    const next = theme === "dark" ? "light" : "dark";
    applyTheme(next);
    setTheme(next);
  };

  return (
    <Layout style={{ minHeight: "100vh" }}>
      <Layout.Sider>
        <Nav
          style={{ height: "100%" }}
          items={items}
          selectedKeys={[location.pathname]}
          isCollapsed={narrow}
          onSelect={(d) => navigate(String(d.itemKey))}
          header={{ text: status?.system_name || "New API", logo: status?.logo ? <img src={status.logo} alt="" /> : undefined }}
          footer={{ collapseButton: !narrow }}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ display: "flex", alignItems: "center", justifyContent: "flex-end", gap: 8, padding: "8px 16px",
                                borderBottom: "1px solid var(--semi-color-border)" }}>
          <LanguagePicker />
          <Button theme="borderless" icon={theme === "dark" ? <IconSun /> : <IconMoon />} onClick={toggleTheme}
                  aria-label={t("header.theme")} data-testid="theme-toggle" />
          <Dropdown
            render={
              <Dropdown.Menu>
                <Dropdown.Item icon={<IconUser />} onClick={() => navigate("/console/personal")}>{t("nav.profile")}</Dropdown.Item>
                <Dropdown.Item icon={<IconExit />} onClick={() => signOut().then(() => navigate("/login"))}>{t("header.logout")}</Dropdown.Item>
              </Dropdown.Menu>
            }
          >
            <span style={{ display: "flex", alignItems: "center", gap: 6, cursor: "pointer" }} data-testid="user-menu">
              <Avatar size="small" color="light-blue">{(user?.username || "?").slice(0, 1).toUpperCase()}</Avatar>
              {!narrow && <Typography.Text>{user?.display_name || user?.username}</Typography.Text>}
            </span>
          </Dropdown>
        </Layout.Header>
        <Layout.Content style={{ padding: narrow ? 8 : 24 }}>{children}</Layout.Content>
      </Layout>
    </Layout>
  );
}
