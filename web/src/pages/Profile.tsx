// Profile: display name, password, the access token for the management API, language, then the
// second factors, linked accounts, quota warnings, check-in and invitations.
import { Button, Card, Input, Space, Toast, Typography } from "@douyinfe/semi-ui";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

import { get, put } from "../api";
import LanguagePicker from "../components/LanguagePicker";
import BindingsCard from "../components/profile/BindingsCard";
import NotifyCard from "../components/profile/NotifyCard";
import PasskeyCard from "../components/profile/PasskeyCard";
import RewardsCard from "../components/profile/RewardsCard";
import TwoFactorCard from "../components/profile/TwoFactorCard";
import { useSession } from "../session";

export default function Profile() {
  const { t } = useTranslation();
  const { user, refresh, status } = useSession();
  const [name, setName] = useState(user?.display_name || "");
  const [oldPw, setOldPw] = useState("");
  const [newPw, setNewPw] = useState("");
  const [access, setAccess] = useState("");

  useEffect(() => setName(user?.display_name || ""), [user]);

  const save = async (body: Record<string, string>) => {
    try {
      await put("/api/user/self", body);
      Toast.success(t("common.saved"));
      setOldPw("");
      setNewPw("");
      await refresh();
    } catch (e) {
      Toast.error((e as Error).message);
    }
  };
  const generate = async () => {
    try {
      setAccess(await get<string>("/api/user/token"));
    } catch (e) {
      Toast.error((e as Error).message);
    }
  };

  const card = { width: "100%", maxWidth: 560 };
  return (
    <>
      <Typography.Title heading={4} style={{ marginBottom: 16 }}>{t("nav.profile")}</Typography.Title>
      <Space vertical align="start" spacing="loose" style={{ width: "100%" }}>
        <Card style={card} title={t("profile.account")}>
          <Typography.Paragraph>{t("common.username")}: {user?.username} · {t("tokens.group")}: {user?.group}</Typography.Paragraph>
          <Space>
            <Input value={name} onChange={setName} placeholder={t("profile.display_name")} />
            <Button onClick={() => save({ display_name: name })}>{t("common.save")}</Button>
          </Space>
        </Card>
        <Card style={card} title={t("profile.password")}>
          <Space vertical align="start">
            <Input mode="password" value={oldPw} onChange={setOldPw} placeholder={t("profile.old_password")} />
            <Input mode="password" value={newPw} onChange={setNewPw} placeholder={t("profile.new_password")} />
            <Button disabled={!newPw} onClick={() => save({ original_password: oldPw, password: newPw })}>{t("common.save")}</Button>
          </Space>
        </Card>
        <Card style={card} title={t("profile.access_token")}>
          <Typography.Paragraph type="tertiary">{t("profile.access_token_hint")}</Typography.Paragraph>
          <Space>
            <Button onClick={generate}>{t("profile.generate")}</Button>
            {access && <Typography.Text copyable code>{access}</Typography.Text>}
          </Space>
        </Card>
        <Card style={card} title={t("header.language")}>
          <LanguagePicker />
        </Card>
        <TwoFactorCard />
        {status?.passkey_login ? <PasskeyCard /> : null}
        <BindingsCard />
        <NotifyCard />
        <RewardsCard />
      </Space>
    </>
  );
}
