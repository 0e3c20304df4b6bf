// The operator's own OAuth providers (/api/custom-oauth-provider/): listed with their callback
// address, switched on and off, removed, or added with the discovery document filling endpoints.
import { Button, Card, Form, Space, Switch, Table, Toast } from "@douyinfe/semi-ui";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

import { del, get, post, put } from "../api";
import { useAction } from "./useAction";

interface Provider { id: number; name: string; slug: string; enabled: boolean; [k: string]: unknown }
const FIELDS = ["name", "slug", "client_id", "client_secret", "authorization_endpoint", "token_endpoint",
  "user_info_endpoint", "scopes", "user_id_field", "username_field", "display_name_field", "email_field",
  "access_policy", "access_denied_message"];

export default function CustomOAuthProviders() {
  const { t } = useTranslation();
  const [list, setList] = useState<Provider[]>([]);
  const [busy, run] = useAction();
  const [api, setApi] = useState<{ setValues: (v: Record<string, unknown>) => void; getValues: () => Record<string, string> }>();
  const load = () => get<Provider[]>("/api/custom-oauth-provider/").then(setList).catch(() => undefined);
  useEffect(() => void load(), []);
  const discover = () =>
    run(async () => {
      const v = api!.getValues();
      const doc = await post<Record<string, string>>("/api/custom-oauth-provider/discovery", { well_known_url: v.well_known });
      api!.setValues({ ...v, authorization_endpoint: doc.authorization_endpoint, token_endpoint: doc.token_endpoint,
                       user_info_endpoint: doc.userinfo_endpoint });
    });
  const columns = [
    { title: t("customoauth.name"), dataIndex: "name" },
    { title: t("customoauth.callback"), render: (_: unknown, p: Provider) => `${window.location.origin}/oauth/${p.slug}` },
    { title: t("customoauth.enabled"), render: (_: unknown, p: Provider) => (
        <Switch checked={p.enabled} onChange={(on) => void put(`/api/custom-oauth-provider/${p.id}`, { ...p, enabled: on }).then(load)} />) },
    { title: "", render: (_: unknown, p: Provider) => (
        <Button type="danger" onClick={() => void del(`/api/custom-oauth-provider/${p.id}`).then(load)}>{t("common.delete")}</Button>) },
  ];
  return (
    <Card style={{ width: "100%", maxWidth: 760 }} title={t("customoauth.title")}>
      <Table columns={columns} dataSource={list} rowKey="id" pagination={false} size="small" />
      <Form labelPosition="left" labelWidth={200} getFormApi={(a) => setApi(a as never)}
            initValues={{ scopes: "openid profile email", user_id_field: "sub", username_field: "preferred_username",
                          display_name_field: "name", email_field: "email", auth_style: 0 }}
            onSubmit={(v: Record<string, unknown>) =>
              run(async () => { await post("/api/custom-oauth-provider/", { ...v, enabled: true }); Toast.success(t("common.saved")); await load(); })}>
        <Space>
          <Form.Input field="well_known" label={t("customoauth.well_known")} style={{ width: 320 }} />
          <Button onClick={discover}>{t("customoauth.discover")}</Button>
        </Space>
        {FIELDS.map((f) => <Form.Input key={f} field={f} label={t(`customoauth.${f}`)} mode={f === "client_secret" ? "password" : undefined} />)}
        <Form.Select field="auth_style" label={t("customoauth.auth_style")}
                     optionList={[{ value: 0, label: t("customoauth.auth_params") }, { value: 2, label: t("customoauth.auth_basic") }]} />
        <Button htmlType="submit" theme="solid" loading={busy}>{t("customoauth.add")}</Button>
      </Form>
    </Card>
  );
}
