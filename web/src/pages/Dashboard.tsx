// The dashboard: balance, used quota, request count, RPM/TPM, and consumption and calls by model
// over time from quota_data, for a chosen time range.
import { Banner, Card, Col, DatePicker, Empty, Row, Spin, Toast, Typography } from "@douyinfe/semi-ui";
import { VChart } from "@visactor/react-vchart";
import { useCallback, useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";

import { get, query } from "../api";
import { formatTime, quotaToDollars } from "../format";
import { useSession } from "../session";

interface QuotaRow {
  model_name: string;
  created_at: number;
  count: number;
  quota: number;
  token_used: number;
}

interface Stat {
  quota: number;
  rpm: number;
  tpm: number;
}

const DAY = 86400;

function hourLabel(ts: number): string {
  return formatTime(ts).slice(5, 13) + ":00";
}

export default function Dashboard() {
  const { t } = useTranslation();
  const { user, status, isAdmin, refresh } = useSession();
  const now = Math.floor(Date.now() / 1000);
  const [range, setRange] = useState<[number, number]>([now - 7 * DAY, now + 3600]);
  const [rows, setRows] = useState<QuotaRow[]>([]);
  const [stat, setStat] = useState<Stat | null>(null);
  const [loading, setLoading] = useState(true);
  const [notice, setNotice] = useState("");

  useEffect(() => {
    get<string>("/api/notice").then((n) => setNotice(n || "")).catch(() => undefined);
  }, []);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      const q = query({ start_timestamp: range[0], end_timestamp: range[1] });
      const [data, s] = await Promise.all([
        get<QuotaRow[]>(`/api/data/${isAdmin ? "" : "self"}${q}`),
        get<Stat>(`/api/log/${isAdmin ? "" : "self/"}stat${q}`),
        refresh(),
      ]);
      setRows(data || []);
      setStat(s);
    } catch (e) {
      Toast.error((e as Error).message);
    } finally {
      setLoading(false);
    }
  }, [range, isAdmin, refresh]);

  useEffect(() => {
    void load();
  }, [load]);

  const series = useMemo(
    () => [...rows].sort((a, b) => a.created_at - b.created_at).map((r) => ({
      time: hourLabel(r.created_at), model: r.model_name, dollars: r.quota / (status?.quota_per_unit || 500000), count: r.count,
    })),
    [rows, status],
  );

  const consumption = {
    type: "bar", data: [{ id: "d", values: series }], xField: "time", yField: "dollars", seriesField: "model", stack: true,
    legends: { visible: true, orient: "bottom" as const }, title: { visible: true, text: t("dashboard.consumption") },
  };
  const calls = {
    type: "line", data: [{ id: "d", values: series }], xField: "time", yField: "count", seriesField: "model",
    legends: { visible: true, orient: "bottom" as const }, title: { visible: true, text: t("dashboard.calls") },
  };

  const cards = [
    { key: "balance", label: t("dashboard.balance"), value: quotaToDollars(user?.quota ?? 0, status) },
    { key: "used", label: t("dashboard.used"), value: quotaToDollars(user?.used_quota ?? 0, status) },
    { key: "requests", label: t("dashboard.requests"), value: String(user?.request_count ?? 0) },
    { key: "rpm", label: t("dashboard.rpm"), value: String(stat?.rpm ?? 0) },
    { key: "tpm", label: t("dashboard.tpm"), value: String(stat?.tpm ?? 0) },
  ];

  return (
    <Spin spinning={loading}>
      <div style={{ display: "flex", justifyContent: "space-between", flexWrap: "wrap", gap: 8, marginBottom: 16 }}>
        <Typography.Title heading={4}>{t("nav.dashboard")}</Typography.Title>
        <DatePicker type="dateTimeRange" value={[new Date(range[0] * 1000), new Date(range[1] * 1000)]}
                    onChange={(v) => {
                      const d = v as Date[] | undefined;
                      if (d && d.length === 2) setRange([Math.floor(d[0].getTime() / 1000), Math.floor(d[1].getTime() / 1000)]);
                    }} style={{ maxWidth: 420 }} />
      </div>
      {notice && <Banner type="info" description={<span style={{ whiteSpace: "pre-wrap" }}>{notice}</span>}
                         style={{ marginBottom: 12 }} data-testid="notice" />}
      <Row gutter={[12, 12]}>
        {cards.map((c) => (
          <Col key={c.key} xs={12} sm={8} lg={4}>
            <Card data-testid={`card-${c.key}`}>
              <Typography.Text type="tertiary">{c.label}</Typography.Text>
              <Typography.Title heading={3} style={{ margin: 0 }}>{c.value}</Typography.Title>
            </Card>
          </Col>
        ))}
      </Row>
      <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
        <Col xs={24} lg={12}>
          <Card data-testid="chart-consumption">
            {series.length ? <VChart spec={consumption} style={{ height: 320 }} /> : <Empty description={t("dashboard.no_data")} />}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card data-testid="chart-calls">
            {series.length ? <VChart spec={calls} style={{ height: 320 }} /> : <Empty description={t("dashboard.no_data")} />}
          </Card>
        </Col>
      </Row>
    </Spin>
  );
}
