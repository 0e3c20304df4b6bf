// API keys: create and edit (quota, expiry, model limits, IP list, group), copy, reveal, switch
// on and off, delete.
import { IconCopy, IconEyeOpened, IconPlus } from "@douyinfe/semi-icons";
import {
  Button, DatePicker, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Switch, Table, Tag, TextArea, Toast, Typography,
} from "@douyinfe/semi-ui";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

import { del, get, post, put } from "../api";
import { usePaged } from "../components/usePaged";
import { dollarsToQuota, formatTime, quotaToDollars } from "../format";
import { useSession } from "../session";

interface Token {
  id: number;
  name: string;
  key: string;
  status: number;
  remain_quota: number;
  used_quota: number;
  unlimited_quota: boolean;
  expired_time: number;
  model_limits_enabled: boolean;
  model_limits: string;
  allow_ips: string;
  group: string;
}

const blank: Omit<Token, "id" | "key" | "status" | "used_quota"> = {
  name: "", remain_quota: 0, unlimited_quota: true, expired_time: -1, model_limits_enabled: false, model_limits: "",
  allow_ips: "", group: "",
};

export async function revealKey(id: number): Promise<string> {
  return "sk-" + (await post<{ key: string }>(`/api/token/${id}/key`)).key;
}

function TokenEditor({ token, onClose }: { token: Partial<Token> | null; onClose: (saved: boolean) => void }) {
  const { t } = useTranslation();
  const { status } = useSession();
  const [v, setV] = useState({ ...blank, ...token });
  const [models, setModels] = useState<string[]>([]);
  const [groups, setGroups] = useState<string[]>([]);
  useEffect(() => {
    setV({ ...blank, ...token });
  }, [token]);
  useEffect(() => {
    get<string[]>("/api/user/models").then((m) => setModels(m || [])).catch(() => undefined);
    get<Record<string, unknown>>("/api/user/self/groups").then((g) => setGroups(Object.keys(g || {}))).catch(() => undefined);
  }, []);
  const set = (patch: Partial<typeof v>) => setV((old) => ({ ...old, ...patch }));
  const save = async () => {
    try {
      if (token?.id) {
        // The remaining quota is sent only when changed: a value read when the form opened would
        // otherwise undo the token's charges since.
        const { remain_quota, ...rest } = v;
        await put("/api/token/", remain_quota === token.remain_quota ? { ...rest, id: token.id } : { ...v, id: token.id });
      }
      else await post("/api/token/", v);
      Toast.success(t("common.saved"));
      onClose(true);
    } catch (e) {
      Toast.error((e as Error).message);
    }
  };
  return (
    <Modal title={token?.id ? t("tokens.edit") : t("tokens.create")} visible={token !== null} onOk={save}
           onCancel={() => onClose(false)} okText={t("common.save")} cancelText={t("common.cancel")}>
      <Form labelPosition="top">
        <Form.Slot label={t("common.name")}>
          <Input value={v.name} onChange={(name) => set({ name })} data-testid="token-name" />
        </Form.Slot>
        <Form.Slot label={t("tokens.unlimited")}>
          <Switch checked={v.unlimited_quota} onChange={(unlimited_quota) => set({ unlimited_quota })} />
        </Form.Slot>
        {!v.unlimited_quota && (
          <Form.Slot label={t("tokens.quota_dollars")}>
            <InputNumber min={0} step={0.5} value={v.remain_quota / (status?.quota_per_unit || 500000)}
                         onChange={(d) => set({ remain_quota: dollarsToQuota(Number(d) || 0, status) })} />
          </Form.Slot>
        )}
        <Form.Slot label={t("tokens.expires")}>
          <Space>
            <Switch checked={v.expired_time === -1} onChange={(never) => set({ expired_time: never ? -1 : Math.floor(Date.now() / 1000) + 30 * 86400 })} />
            <Typography.Text>{t("tokens.never")}</Typography.Text>
            {v.expired_time !== -1 && (
              <DatePicker type="dateTime" value={new Date(v.expired_time * 1000)}
                          onChange={(d) => d && set({ expired_time: Math.floor((d as Date).getTime() / 1000) })} />
            )}
          </Space>
        </Form.Slot>
        <Form.Slot label={t("tokens.model_limits")}>
          <Space vertical align="start" style={{ width: "100%" }}>
            <Switch checked={v.model_limits_enabled} onChange={(model_limits_enabled) => set({ model_limits_enabled })} />
            {v.model_limits_enabled && (
              <Select multiple filter style={{ width: "100%" }} value={v.model_limits ? v.model_limits.split(",") : []}
                      optionList={models.map((m) => ({ value: m, label: m }))}
                      onChange={(list) => set({ model_limits: (list as string[]).join(",") })} />
            )}
          </Space>
        </Form.Slot>
        <Form.Slot label={t("tokens.allow_ips")}>
          <TextArea value={v.allow_ips} placeholder={t("tokens.allow_ips_hint")} autosize
                    onChange={(allow_ips) => set({ allow_ips })} />
        </Form.Slot>
        <Form.Slot label={t("tokens.group")}>
          <Select value={v.group} style={{ width: "100%" }} showClear
                  optionList={[{ value: "", label: t("tokens.user_group") }, ...groups.map((g) => ({ value: g, label: g }))]}
                  onChange={(group) => set({ group: String(group ?? "") })} />
        </Form.Slot>
      </Form>
    </Modal>
  );
}

export default function Tokens() {
  const { t } = useTranslation();
  const { status } = useSession();
  const [editing, setEditing] = useState<Partial<Token> | null>(null);
  const [revealed, setRevealed] = useState<Record<number, string>>({});
  const { items, loading, reload, pagination } = usePaged<Token>("/api/token/");

  const copy = async (tok: Token) => {
    const key = revealed[tok.id] || (await revealKey(tok.id));
    await navigator.clipboard?.writeText(key).catch(() => undefined);
    Toast.success(t("tokens.copied"));
  };
  const reveal = async (tok: Token) => setRevealed({ ...revealed, [tok.id]: await revealKey(tok.id) });
  const toggle = async (tok: Token) => {
    await put("/api/token/?status_only=true", { id: tok.id, status: tok.status === 1 ? 2 : 1 }).catch((e) => Toast.error(e.message));
    await reload();
  };
  const remove = async (tok: Token) => {
    await del(`/api/token/${tok.id}`).catch((e) => Toast.error(e.message));
    await reload();
  };

  const columns = [
    { title: t("common.name"), dataIndex: "name" },
    { title: t("common.status"), dataIndex: "status",
      render: (s: number) => <Tag color={s === 1 ? "green" : "grey"}>{t(`tokens.status_${s}`)}</Tag> },
    { title: t("tokens.key"), dataIndex: "key", render: (_: string, tok: Token) => (
      <Typography.Text code data-testid="token-key">{revealed[tok.id] || `sk-${tok.key}`}</Typography.Text>) },
    { title: t("tokens.remaining"), dataIndex: "remain_quota",
      render: (q: number, tok: Token) => (tok.unlimited_quota ? t("tokens.unlimited") : quotaToDollars(q, status)) },
    { title: t("tokens.used"), dataIndex: "used_quota", render: (q: number) => quotaToDollars(q, status) },
    { title: t("tokens.expires"), dataIndex: "expired_time", render: (e: number) => (e === -1 ? t("tokens.never") : formatTime(e)) },
    { title: t("common.actions"), dataIndex: "id", render: (_: number, tok: Token) => (
      <Space wrap>
        <Button size="small" icon={<IconCopy />} onClick={() => void copy(tok)} data-testid="token-copy">{t("tokens.copy")}</Button>
        <Button size="small" icon={<IconEyeOpened />} onClick={() => void reveal(tok)}>{t("tokens.reveal")}</Button>
        <Button size="small" onClick={() => setEditing(tok)}>{t("common.edit")}</Button>
        <Button size="small" onClick={() => void toggle(tok)}>{tok.status === 1 ? t("common.disable") : t("common.enable")}</Button>
        <Popconfirm title={t("common.confirm_delete")} onConfirm={() => void remove(tok)}>
          <Button size="small" type="danger">{t("common.delete")}</Button>
        </Popconfirm>
      </Space>) },
  ];

  return (
    <>
      <Space style={{ marginBottom: 16, justifyContent: "space-between", width: "100%" }}>
        <Typography.Title heading={4}>{t("nav.tokens")}</Typography.Title>
        <Button icon={<IconPlus />} theme="solid" onClick={() => setEditing({})} data-testid="token-create">{t("tokens.create")}</Button>
      </Space>
      <Table rowKey="id" columns={columns} dataSource={items} loading={loading} pagination={pagination} scroll={{ x: 900 }} />
      <TokenEditor token={editing} onClose={(saved) => { setEditing(null); if (saved) void reload(); }} />
    </>
  );
}
