// Loaded plugins with what they provide, disabled ones, and refused ones with the reason. An admin
// rescans the folder and switches plugins off and on (the server also watches the folder).
import { Banner, Button, Card, Empty, Space, Table, Tag, Typography } from "@douyinfe/semi-ui";
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

import { get, post } from "../api";
import { useAction } from "../components/useAction";

interface Provider {
  id: string;
  name: string;
  capabilities: string[];
  channel_types: { id: number; name: string }[];
}
interface Loaded {
  id: string;
  version: string;
  file: string;
  abi: string;
  providers: Provider[];
}
interface Listing {
  loaded: Loaded[];
  refused: { file: string; reason: string }[];
  disabled: { id: string; version: string; file: string }[];
}

const normalised = (d: Partial<Listing>): Listing => ({ loaded: d.loaded || [], refused: d.refused || [], disabled: d.disabled || [] });

export default function Plugins() {
  const { t } = useTranslation();
  const [data, setData] = useState<Listing>({ loaded: [], refused: [], disabled: [] });
  const [busy, run] = useAction();
  useEffect(() => {
    get<Listing>("/api/plugins").then((d) => setData(normalised(d))).catch(() => undefined);
  }, []);
  const act = useCallback((path: string) => run(async () => setData(normalised(await post<Listing>(path)))), [run]);
  const columns = [
    { title: t("plugins.id"), dataIndex: "id" },
    { title: t("plugins.version"), dataIndex: "version" },
    { title: t("plugins.abi"), dataIndex: "abi" },
    { title: t("plugins.types"), dataIndex: "providers", render: (ps: Provider[]) => (
      <Space wrap>{(ps || []).flatMap((p) => (p.channel_types || []).map((c) => <Tag key={`${p.id}-${c.id}`}>{`${c.id} ${c.name}`}</Tag>))}</Space>) },
    { title: t("plugins.capabilities"), dataIndex: "id", key: "caps", render: (_: string, l: Loaded) => (
      <Space wrap>{(l.providers || []).flatMap((p) => p.capabilities || []).map((c, i) => <Tag key={i} color="blue">{c}</Tag>)}</Space>) },
    { title: t("common.actions"), dataIndex: "id", key: "actions", render: (id: string) => (
      <Button size="small" type="danger" disabled={busy} onClick={() => act(`/api/plugins/${id}/disable`)}>{t("common.disable")}</Button>) },
  ];
  return (
    <>
      <Typography.Title heading={4} style={{ marginBottom: 16 }}>{t("nav.plugins")}</Typography.Title>
      <Card title={t("plugins.loaded")} style={{ marginBottom: 16 }}
            headerExtraContent={<Button loading={busy} onClick={() => act("/api/plugins/reload")}>{t("plugins.reload")}</Button>}>
        <Table rowKey="id" columns={columns} dataSource={data.loaded} pagination={false} scroll={{ x: 900 }} />
      </Card>
      <Card title={t("plugins.disabled")} style={{ marginBottom: 16 }}>
        {data.disabled.length === 0 ? <Empty description={t("plugins.none_disabled")} /> :
          data.disabled.map((d) => (
            <Space key={d.id} style={{ marginBottom: 8 }}>
              <Tag>{`${d.id} ${d.version}`}</Tag>
              <Button size="small" disabled={busy} onClick={() => act(`/api/plugins/${d.id}/enable`)}>{t("common.enable")}</Button>
            </Space>))}
      </Card>
      <Card title={t("plugins.refused")}>
        {data.refused.length === 0 ? <Empty description={t("plugins.none_refused")} /> :
          data.refused.map((r) => <Banner key={r.file} type="danger" title={r.file} description={r.reason} style={{ marginBottom: 8 }} />)}
      </Card>
    </>
  );
}
