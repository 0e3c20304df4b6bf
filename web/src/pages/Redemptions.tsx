// Redemption codes (admin): create a batch (shown once to copy), list, delete.
import { IconPlus } from "@douyinfe/semi-icons";
import { Button, Input, InputNumber, Modal, Popconfirm, Space, Table, Tag, TextArea, Toast, Typography } from "@douyinfe/semi-ui";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { del, post } from "../api";
import { usePaged } from "../components/usePaged";
import { dollarsToQuota, formatTime, quotaToDollars } from "../format";
import { useSession } from "../session";

interface Redemption {
  id: number;
  name: string;
  key: string;
  status: number;
  quota: number;
  created_time: number;
  redeemed_time: number;
}

export default function Redemptions() {
  const { t } = useTranslation();
  const { status } = useSession();
  const { items, loading, reload, pagination } = usePaged<Redemption>("/api/redemption/");
  const [creating, setCreating] = useState(false);
  const [form, setForm] = useState({ name: "", dollars: 10, count: 1 });
  const [created, setCreated] = useState<string[]>([]);

  const create = async () => {
    try {
      const keys = await post<string[]>("/api/redemption/", { name: form.name, quota: dollarsToQuota(form.dollars, status), count: form.count });
      setCreated(keys || []);
      setCreating(false);
      await reload();
    } catch (e) {
      Toast.error((e as Error).message);
    }
  };
  const remove = async (r: Redemption) => {
    await del(`/api/redemption/${r.id}`).catch((e) => Toast.error(e.message));
    await reload();
  };

  const columns = [
    { title: "ID", dataIndex: "id", width: 60 },
    { title: t("common.name"), dataIndex: "name" },
    { title: t("common.status"), dataIndex: "status", render: (s: number) => <Tag color={s === 1 ? "green" : "grey"}>{t(`redemptions.status_${s}`)}</Tag> },
    { title: t("redemptions.amount"), dataIndex: "quota", render: (q: number) => quotaToDollars(q, status) },
    { title: t("redemptions.created"), dataIndex: "created_time", render: (v: number) => formatTime(v) },
    { title: t("redemptions.redeemed"), dataIndex: "redeemed_time", render: (v: number) => (v ? formatTime(v) : "-") },
    { title: t("common.actions"), dataIndex: "id", key: "a", render: (_: number, r: Redemption) => (
      <Popconfirm title={t("common.confirm_delete")} onConfirm={() => void remove(r)}>
        <Button size="small" type="danger">{t("common.delete")}</Button>
      </Popconfirm>) },
  ];

  return (
    <>
      <Space style={{ marginBottom: 16, justifyContent: "space-between", width: "100%" }}>
        <Typography.Title heading={4}>{t("nav.redemptions")}</Typography.Title>
        <Button icon={<IconPlus />} theme="solid" onClick={() => setCreating(true)}>{t("redemptions.create")}</Button>
      </Space>
      <Table rowKey="id" columns={columns} dataSource={items} loading={loading} pagination={pagination} scroll={{ x: 800 }} />
      <Modal title={t("redemptions.create")} visible={creating} onOk={create} onCancel={() => setCreating(false)}
             okText={t("common.save")} cancelText={t("common.cancel")}>
        <Space vertical align="start">
          <Input prefix={t("common.name")} value={form.name} onChange={(name) => setForm({ ...form, name })} />
          <InputNumber prefix={t("redemptions.amount_dollars")} min={0} value={form.dollars} onChange={(d) => setForm({ ...form, dollars: Number(d) })} />
          <InputNumber prefix={t("redemptions.count")} min={1} max={100} value={form.count} onChange={(c) => setForm({ ...form, count: Number(c) })} />
        </Space>
      </Modal>
      <Modal title={t("redemptions.created_codes")} visible={created.length > 0} onCancel={() => setCreated([])} footer={null}>
        <TextArea value={created.join("\n")} autosize readonly />
      </Modal>
    </>
  );
}
