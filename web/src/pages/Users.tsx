// Users (admin): list, create, edit profile and group, adjust the balance, enable/disable,
// promote/demote, delete; reset a user's 2FA or passkey and unbind their sign-in accounts. The
// balance changes only by an adjustment (add_quota), never by saving a value read earlier:
// charges made while the form was open stay charged.
import { IconPlus } from "@douyinfe/semi-icons";
import { Button, Input, InputNumber, Modal, Popconfirm, Space, Table, Tag, Toast, Typography } from "@douyinfe/semi-ui";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { del, post, put } from "../api";
import { usePaged } from "../components/usePaged";
import { dollarsToQuota, quotaToDollars } from "../format";
import { useSession, type User } from "../session";

// Sign-in accounts an admin can unbind (DELETE /api/user/:id/bindings/:type) and their columns.
const BINDINGS: [string, string][] = [["github", "github_id"], ["discord", "discord_id"], ["oidc", "oidc_id"],
  ["linuxdo", "linux_do_id"], ["wechat", "wechat_id"], ["telegram", "telegram_id"], ["email", "email"]];

function roleName(role: number, t: (k: string) => string) {
  return role >= 100 ? t("users.root") : role >= 10 ? t("users.admin") : t("users.common");
}

export default function Users() {
  const { t } = useTranslation();
  const { status } = useSession();
  const [search, setSearch] = useState("");
  const [filters, setFilters] = useState<Record<string, string>>({});
  const { items, loading, reload, pagination } = usePaged<User>(filters.keyword ? "/api/user/search" : "/api/user/", filters);
  const [editing, setEditing] = useState<Partial<User & { password: string }> | null>(null);
  const [adjust, setAdjust] = useState(0);  // dollars added to (or, negative, taken from) the balance

  const reset = async (path: string) => {
    try {
      await del(path);
      Toast.success(t("common.saved"));
      await reload();
    } catch (e) {
      Toast.error((e as Error).message);
    }
  };
  const manage = async (u: User, action: string) => {
    await post("/api/user/manage", { id: u.id, action }).catch((e) => Toast.error(e.message));
    await reload();
  };
  const save = async () => {
    if (!editing) return;
    try {
      if (editing.id) {
        const { quota: _unused, ...fields } = editing;
        await put("/api/user/", fields);
        const delta = dollarsToQuota(Math.abs(adjust), status);
        if (delta > 0)
          await post("/api/user/manage", { id: editing.id, action: "add_quota", mode: adjust > 0 ? "add" : "subtract", value: delta });
      } else await post("/api/user/", editing);
      Toast.success(t("common.saved"));
      setEditing(null);
      setAdjust(0);
      await reload();
    } catch (e) {
      Toast.error((e as Error).message);
    }
  };

  const columns = [
    { title: "ID", dataIndex: "id", width: 60 },
    { title: t("common.username"), dataIndex: "username" },
    { title: t("users.role"), dataIndex: "role", render: (r: number) => <Tag>{roleName(r, t)}</Tag> },
    { title: t("common.status"), dataIndex: "status", render: (s: number) => <Tag color={s === 1 ? "green" : "red"}>{t(`users.status_${s === 1 ? 1 : 2}`)}</Tag> },
    { title: t("tokens.group"), dataIndex: "group" },
    { title: t("dashboard.balance"), dataIndex: "quota", render: (q: number) => quotaToDollars(q, status) },
    { title: t("dashboard.used"), dataIndex: "used_quota", render: (q: number) => quotaToDollars(q, status) },
    { title: t("dashboard.requests"), dataIndex: "request_count" },
    { title: t("common.actions"), dataIndex: "id", key: "a", render: (_: number, u: User) => (
      <Space wrap>
        <Button size="small" onClick={() => setEditing(u)}>{t("common.edit")}</Button>
        <Button size="small" onClick={() => void manage(u, u.status === 1 ? "disable" : "enable")}>
          {u.status === 1 ? t("common.disable") : t("common.enable")}</Button>
        {u.role < 100 && <Button size="small" onClick={() => void manage(u, u.role >= 10 ? "demote" : "promote")}>
          {u.role >= 10 ? t("users.demote") : t("users.promote")}</Button>}
        {u.role < 100 && <Popconfirm title={t("common.confirm_delete")} onConfirm={() => void manage(u, "delete")}>
          <Button size="small" type="danger">{t("common.delete")}</Button></Popconfirm>}
      </Space>) },
  ];

  return (
    <>
      <Space style={{ marginBottom: 16, justifyContent: "space-between", width: "100%" }} wrap>
        <Typography.Title heading={4}>{t("nav.users")}</Typography.Title>
        <Space>
          <Input placeholder={t("common.search")} value={search} onChange={setSearch}
                 onEnterPress={() => setFilters(search ? { keyword: search } : {})} />
          <Button icon={<IconPlus />} theme="solid" onClick={() => setEditing({})}>{t("users.create")}</Button>
        </Space>
      </Space>
      <Table rowKey="id" columns={columns} dataSource={items} loading={loading} pagination={pagination} scroll={{ x: 1000 }} />
      <Modal title={editing?.id ? t("users.edit") : t("users.create")} visible={editing !== null} onOk={save}
             onCancel={() => { setEditing(null); setAdjust(0); }} okText={t("common.save")} cancelText={t("common.cancel")}>
        {editing && (
          <Space vertical align="start" style={{ width: "100%" }}>
            <Input prefix={t("common.username")} value={editing.username} onChange={(username) => setEditing({ ...editing, username })} />
            <Input prefix={t("profile.display_name")} value={editing.display_name} onChange={(display_name) => setEditing({ ...editing, display_name })} />
            <Input prefix={t("common.password")} mode="password" value={editing.password}
                   onChange={(password) => setEditing({ ...editing, password })} placeholder={editing.id ? t("users.password_keep") : ""} />
            {editing.id && <Input prefix={t("tokens.group")} value={editing.group} onChange={(group) => setEditing({ ...editing, group })} />}
            {editing.id && (
              <>
                <Typography.Text>{t("users.quota_dollars")}: {quotaToDollars(editing.quota ?? 0, status)}</Typography.Text>
                <InputNumber prefix={t("users.quota_adjust")} value={adjust} step={1} data-testid="quota-adjust"
                             onChange={(d) => setAdjust(Number(d) || 0)} />
                <Space wrap>
                  <Button size="small" onClick={() => void reset(`/api/user/${editing.id}/2fa`)}>{t("users.reset_2fa")}</Button>
                  <Button size="small" onClick={() => void reset(`/api/user/${editing.id}/reset_passkey`)}>{t("users.reset_passkey")}</Button>
                  {BINDINGS.filter(([, col]) => (editing as Record<string, unknown>)[col]).map(([type]) => (
                    <Button key={type} size="small" onClick={() => void reset(`/api/user/${editing.id}/bindings/${type}`)}>
                      {t("users.unbind", { name: type })}</Button>))}
                </Space>
              </>
            )}
          </Space>
        )}
      </Modal>
    </>
  );
}
