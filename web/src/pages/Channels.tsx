// Channels (admin): the table with status, type, inline priority and weight, response time, tags
// and a test button; the editor with every channel field, JSON editors for mapping and overrides,
// and the settings form rendered from the provider plugin's schema; the multi-key dialog.
import { IconPlus, IconRefresh } from "@douyinfe/semi-icons";
import {
  Button, Collapse, Input, InputNumber, Modal, Popconfirm, Select, Space, Switch, Table, Tag, TextArea, Toast, Typography,
} from "@douyinfe/semi-ui";
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";

import { del, get, post, put } from "../api";
import JsonField, { jsonError } from "../components/JsonField";
import SchemaForm, { type Schema } from "../components/SchemaForm";
import { usePaged } from "../components/usePaged";
import { formatTime } from "../format";

interface Channel {
  id: number;
  type: number;
  name: string;
  key: string;
  base_url: string;
  models: string;
  group: string;
  priority: number;
  weight: number;
  status: number;
  response_time: number;
  test_time: number;
  tag: string;
  model_mapping: string;
  status_code_mapping: string;
  param_override: string;
  header_override: string;
  setting: string;
  settings: string;
  other: string;
  auto_ban: number;
  test_model: string;
  remark: string;
  channel_info?: { is_multi_key?: boolean; multi_key_size?: number };
  [field: string]: unknown;
}

interface ChannelType {
  id: number;
  name: string;
  schema: Schema;
}

const JSON_FIELDS = ["model_mapping", "status_code_mapping", "param_override", "header_override", "setting"] as const;

function useChannelTypes(): ChannelType[] {
  const [types, setTypes] = useState<ChannelType[]>([]);
  useEffect(() => {
    get<{ loaded: { providers: { config_schema: Schema; channel_types: { id: number; name: string }[] }[] }[] }>("/api/plugins")
      .then((d) => setTypes((d.loaded || []).flatMap((l) => (l.providers || []).flatMap((p) =>
        (p.channel_types || []).map((c) => ({ id: c.id, name: c.name, schema: p.config_schema || {} }))))))
      .catch(() => undefined);
  }, []);
  return types;
}

function ChannelEditor({ channel, types, onClose }: { channel: Partial<Channel> | null; types: ChannelType[]; onClose: (saved: boolean) => void }) {
  const { t } = useTranslation();
  const [v, setV] = useState<Partial<Channel>>({});
  const [mode, setMode] = useState("single");
  useEffect(() => {
    setV(channel ? { type: 1, priority: 0, weight: 0, group: "default", auto_ban: 1, ...channel } : {});
    setMode("single");
  }, [channel]);
  const set = (patch: Partial<Channel>) => setV((old) => ({ ...old, ...patch }));
  const schema = types.find((x) => x.id === v.type)?.schema || {};
  const save = async () => {
    if (JSON_FIELDS.some((f) => jsonError(String(v[f] ?? "")))) return Toast.error(t("common.invalid_json"));
    try {
      if (channel?.id) {
        const body = { ...v };
        if (!body.key) delete body.key;  // an empty key field keeps the stored keys
        await put("/api/channel/", body);
      } else {
        await post("/api/channel/", { mode, channel: v });
      }
      Toast.success(t("common.saved"));
      onClose(true);
    } catch (e) {
      Toast.error((e as Error).message);
    }
  };
  const row = (label: string, control: React.ReactNode) => (
    <div style={{ marginBottom: 12 }}><Typography.Text strong>{label}</Typography.Text>{control}</div>
  );
  return (
    <Modal title={channel?.id ? t("channels.edit") : t("channels.create")} visible={channel !== null} onOk={save} width={720}
           onCancel={() => onClose(false)} okText={t("common.save")} cancelText={t("common.cancel")} bodyStyle={{ maxHeight: "70vh", overflow: "auto" }}>
      {row(t("channels.type"), <Select value={v.type} style={{ width: "100%" }} filter data-testid="channel-type"
                                       optionList={types.map((x) => ({ value: x.id, label: `${x.id} · ${x.name}` }))}
                                       onChange={(type) => set({ type: type as number })} />)}
      {row(t("common.name"), <Input value={v.name} onChange={(name) => set({ name })} data-testid="channel-name" />)}
      {!channel?.id && row(t("channels.mode"), <Select value={mode} style={{ width: "100%" }} onChange={(m) => setMode(String(m))}
                                                       data-testid="channel-mode" optionList={["single", "batch", "multi_to_single"].map(
                                                         (m) => ({ value: m, label: t(`channels.mode_${m}`) }))} />)}
      {row(t("channels.key"), <TextArea value={v.key} autosize placeholder={channel?.id ? t("channels.key_keep") : t("channels.key_hint")}
                                        onChange={(key) => set({ key })} data-testid="channel-key" />)}
      <SchemaForm schema={schema} values={v as Record<string, unknown>} onChange={(f, value) => set({ [f]: value } as Partial<Channel>)} />
      {!schema.properties?.base_url && row(t("channels.base_url"), <Input value={v.base_url} onChange={(base_url) => set({ base_url })} />)}
      {row(t("channels.models"), <TextArea value={v.models} autosize placeholder="gpt-4o-mini,gpt-4o" onChange={(models) => set({ models })}
                                           data-testid="channel-models" />)}
      {row(t("channels.groups"), <Input value={v.group} onChange={(group) => set({ group })} />)}
      <Space>
        {row(t("channels.priority"), <InputNumber value={v.priority} onChange={(p) => set({ priority: Number(p) })} />)}
        {row(t("channels.weight"), <InputNumber value={v.weight} min={0} onChange={(w) => set({ weight: Number(w) })} />)}
        {row(t("channels.auto_ban"), <Switch checked={v.auto_ban === 1} onChange={(b) => set({ auto_ban: b ? 1 : 0 })} />)}
      </Space>
      {row(t("channels.tag"), <Input value={v.tag} onChange={(tag) => set({ tag })} />)}
      {row(t("channels.test_model"), <Input value={v.test_model} onChange={(test_model) => set({ test_model })} />)}
      <Collapse>
        <Collapse.Panel header={t("channels.advanced")} itemKey="adv">
          {JSON_FIELDS.map((f) => (
            <JsonField key={f} label={t(`channels.${f}`)} value={String(v[f] ?? "")} onChange={(text) => set({ [f]: text } as Partial<Channel>)} />
          ))}
          {row(t("channels.remark"), <Input value={v.remark} onChange={(remark) => set({ remark })} />)}
        </Collapse.Panel>
      </Collapse>
    </Modal>
  );
}

function MultiKeyDialog({ channel, onClose }: { channel: Channel | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [keys, setKeys] = useState<{ index: number; status: number; key_preview: string; reason?: string }[]>([]);
  const load = async () => {
    if (!channel) return;
    const d = await post<{ keys: { index: number; status: number; key_preview: string; reason?: string }[] }>(
      "/api/channel/multi_key/manage", { channel_id: channel.id, action: "get_key_status" }).catch(() => ({ keys: [] }));
    setKeys(d.keys || []);
  };
  useEffect(() => { void load(); }, [channel]);  // eslint-disable-line react-hooks/exhaustive-deps
  const act = async (action: string, key_index?: number) => {
    await post("/api/channel/multi_key/manage", { channel_id: channel?.id, action, key_index }).catch((e) => Toast.error(e.message));
    await load();
  };
  return (
    <Modal title={t("channels.multi_key")} visible={channel !== null} onCancel={onClose} footer={null} width={640}>
      <Space style={{ marginBottom: 12 }}>
        <Button onClick={() => act("enable_all_keys")}>{t("channels.enable_all")}</Button>
        <Button onClick={() => act("disable_all_keys")}>{t("channels.disable_all")}</Button>
      </Space>
      <Table rowKey="index" dataSource={keys} pagination={false} columns={[
        { title: "#", dataIndex: "index" },
        { title: t("channels.key"), dataIndex: "key_preview", render: (k: string) => <Typography.Text code>{k}</Typography.Text> },
        { title: t("common.status"), dataIndex: "status", render: (s: number) => <Tag color={s === 1 ? "green" : "red"}>{t(`channels.status_${s}`)}</Tag> },
        { title: t("channels.reason"), dataIndex: "reason" },
        { title: t("common.actions"), dataIndex: "index", key: "a", render: (i: number, k: { status: number }) => (
          <Button size="small" onClick={() => act(k.status === 1 ? "disable_key" : "enable_key", i)}>
            {k.status === 1 ? t("common.disable") : t("common.enable")}</Button>) },
      ]} />
    </Modal>
  );
}

export default function Channels() {
  const { t } = useTranslation();
  const types = useChannelTypes();
  const typeName = useMemo(() => Object.fromEntries(types.map((x) => [x.id, x.name])), [types]);
  const [editing, setEditing] = useState<Partial<Channel> | null>(null);
  const [multi, setMulti] = useState<Channel | null>(null);
  const { items, loading, reload, pagination } = usePaged<Channel>("/api/channel/");

  const update = async (c: Channel, patch: Partial<Channel>) => {
    await put("/api/channel/", { id: c.id, ...patch }).catch((e) => Toast.error(e.message));
    await reload();
  };
  const test = async (c: Channel) => {
    try {
      const r = await fetch(`/api/channel/test/${c.id}`, { headers: { "New-Api-User": localStorage.getItem("gw.user_id") || "" } })
        .then((x) => x.json());
      if (r.success) Toast.success(t("channels.test_ok", { time: (r.time ?? 0).toFixed ? Number(r.time).toFixed(2) : r.time }));
      else Toast.error(r.message);
    } finally {
      await reload();
    }
  };
  const remove = async (c: Channel) => {
    await del(`/api/channel/${c.id}`).catch((e) => Toast.error(e.message));
    await reload();
  };

  const columns = [
    { title: "ID", dataIndex: "id", width: 60 },
    { title: t("common.name"), dataIndex: "name" },
    { title: t("channels.type"), dataIndex: "type", render: (v: number) => <Tag>{typeName[v] || v}</Tag> },
    { title: t("common.status"), dataIndex: "status", render: (s: number) => <Tag color={s === 1 ? "green" : s === 3 ? "orange" : "grey"}>{t(`channels.status_${s}`)}</Tag> },
    { title: t("channels.priority"), dataIndex: "priority", render: (p: number, c: Channel) => (
      <InputNumber size="small" defaultValue={p} style={{ width: 80 }} onBlur={(e) => {
        const n = Number((e.target as HTMLInputElement).value);
        if (n !== p) void update(c, { priority: n });
      }} />) },
    { title: t("channels.weight"), dataIndex: "weight", render: (w: number, c: Channel) => (
      <InputNumber size="small" min={0} defaultValue={w} style={{ width: 80 }} onBlur={(e) => {
        const n = Number((e.target as HTMLInputElement).value);
        if (n !== w) void update(c, { weight: n });
      }} />) },
    { title: t("channels.response_time"), dataIndex: "response_time", render: (ms: number, c: Channel) => (
      <span title={formatTime(c.test_time)}>{ms ? `${(ms / 1000).toFixed(2)}s` : "-"}</span>) },
    { title: t("channels.tag"), dataIndex: "tag", render: (tag: string) => (tag ? <Tag color="violet">{tag}</Tag> : null) },
    { title: t("common.actions"), dataIndex: "id", key: "actions", render: (_: number, c: Channel) => (
      <Space wrap>
        <Button size="small" onClick={() => void test(c)} data-testid="channel-test">{t("channels.test")}</Button>
        <Button size="small" onClick={() => void update(c, { status: c.status === 1 ? 2 : 1 })}>
          {c.status === 1 ? t("common.disable") : t("common.enable")}</Button>
        <Button size="small" onClick={() => setEditing(c)}>{t("common.edit")}</Button>
        {c.channel_info?.is_multi_key && <Button size="small" onClick={() => setMulti(c)}>{t("channels.keys")}</Button>}
        <Popconfirm title={t("common.confirm_delete")} onConfirm={() => void remove(c)}>
          <Button size="small" type="danger">{t("common.delete")}</Button>
        </Popconfirm>
      </Space>) },
  ];

  return (
    <>
      <Space style={{ marginBottom: 16, justifyContent: "space-between", width: "100%" }}>
        <Typography.Title heading={4}>{t("nav.channels")}</Typography.Title>
        <Space>
          <Button icon={<IconRefresh />} onClick={() => void reload()}>{t("common.refresh")}</Button>
          <Button icon={<IconPlus />} theme="solid" onClick={() => setEditing({})} data-testid="channel-create">{t("channels.create")}</Button>
        </Space>
      </Space>
      <Table rowKey="id" columns={columns} dataSource={items} loading={loading} pagination={pagination} scroll={{ x: 1100 }} />
      <ChannelEditor channel={editing} types={types} onClose={(saved) => { setEditing(null); if (saved) void reload(); }} />
      <MultiKeyDialog channel={multi} onClose={() => setMulti(null)} />
    </>
  );
}
