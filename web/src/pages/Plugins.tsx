// Loaded plugins with what they provide, and refused ones with the reason.
import { Banner, Card, Empty, Space, Table, Tag, Typography } from "@douyinfe/semi-ui";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

import { get } from "../api";

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
}

export default function Plugins() {
  const { t } = useTranslation();
  const [data, setData] = useState<Listing>({ loaded: [], refused: [] });
  useEffect(() => {
    get<Listing>("/api/plugins").then((d) => setData({ loaded: d.loaded || [], refused: d.refused || [] })).catch(() => undefined);
  }, []);
  const columns = [
    { title: t("plugins.id"), dataIndex: "id" },
    { title: t("plugins.version"), dataIndex: "version" },
    { title: t("plugins.abi"), dataIndex: "abi" },
    { title: t("plugins.types"), dataIndex: "providers", render: (ps: Provider[]) => (
      <Space wrap>{(ps || []).flatMap((p) => (p.channel_types || []).map((c) => <Tag key={`${p.id}-${c.id}`}>{`${c.id} ${c.name}`}</Tag>))}</Space>) },
    { title: t("plugins.capabilities"), dataIndex: "id", key: "caps", render: (_: string, l: Loaded) => (
      <Space wrap>{(l.providers || []).flatMap((p) => p.capabilities || []).map((c, i) => <Tag key={i} color="blue">{c}</Tag>)}</Space>) },
  ];
  return (
    <>
      <Typography.Title heading={4} style={{ marginBottom: 16 }}>{t("nav.plugins")}</Typography.Title>
      <Card title={t("plugins.loaded")} style={{ marginBottom: 16 }}>
        <Table rowKey="id" columns={columns} dataSource={data.loaded} pagination={false} scroll={{ x: 800 }} />
      </Card>
      <Card title={t("plugins.refused")}>
        {data.refused.length === 0 ? <Empty description={t("plugins.none_refused")} /> :
          data.refused.map((r) => <Banner key={r.file} type="danger" title={r.file} description={r.reason} style={{ marginBottom: 8 }} />)}
      </Card>
    </>
  );
}
