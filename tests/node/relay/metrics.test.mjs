// /metrics: Prometheus text after known traffic. Counters and histogram counts move by exactly
// the requests made; the endpoint answers an admin or the metrics token on the main port, and
// anyone on the METRICS_LISTEN listener.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import net from "node:net";
import OpenAI from "openai";
import { startMock } from "../mock/openai_upstream.mjs";
import { freePort, prepare, startGateway } from "./harness.mjs";

let mock, gw, client, admin, channelId, metricsPort;
const TOKEN = "metrics-secret-token";

before(async () => {
  mock = await startMock();
  metricsPort = await freePort();
  gw = await startGateway({ METRICS_TOKEN: TOKEN, METRICS_LISTEN: `127.0.0.1:${metricsPort}` });
  let key;
  ({ key, admin, channelId } = await prepare(gw, mock.port));
  client = new OpenAI({ apiKey: key, baseURL: gw.base + "/v1", maxRetries: 0 });
});

after(async () => {
  await gw.stop();
  mock.server.close();
});

// name{labels} → value, for every sample line; checks each line's syntax on the way.
function parse(text) {
  const samples = new Map();
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("# HELP ") || line.startsWith("# TYPE ")) continue;
    const m = line.match(/^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*",?)*\})? (\S+)$/);
    assert.ok(m, `not a sample line: ${line}`);
    samples.set(m[1] + (m[2] || ""), Number(m[3]));
  }
  return samples;
}

async function scrape() {
  const r = await fetch(gw.base + "/metrics", { headers: { Authorization: `Bearer ${TOKEN}` } });
  assert.equal(r.status, 200);
  assert.match(r.headers.get("content-type"), /^text\/plain; version=0\.0\.4/);
  return parse(await r.text());
}

const delta = (a, b, key) => (b.get(key) ?? 0) - (a.get(key) ?? 0);

test("counters and histogram counts move by exactly the traffic made", async () => {
  const before = await scrape();
  for (let i = 0; i < 3; i++)
    await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "ping" }] });
  for (let i = 0; i < 2; i++) {
    const stream = await client.chat.completions.create({
      model: "gpt-4o-mini", stream: true, messages: [{ role: "user", content: "hi" }] });
    for await (const chunk of stream) void chunk;
  }
  await assert.rejects(client.chat.completions.create({ model: "fail-400", messages: [{ role: "user", content: "x" }] }),
                       (e) => e.status === 400);
  const unknown = await client.chat.completions.create({ model: "no-such-model", messages: [{ role: "user", content: "x" }] })
    .catch((e) => e);
  await new Promise((resolve) => {  // a request refused before its route is known
    const s = net.connect(gw.port, "127.0.0.1", () => s.write("NOT HTTP\r\n\r\n"));
    s.on("data", () => {});
    s.on("close", resolve);
  });
  const after = await scrape();
  const ch = String(channelId);

  assert.equal(delta(before, after, `gw_relay_requests_total{model="gpt-4o-mini",channel="${ch}",status="200"}`), 5);
  assert.equal(delta(before, after, `gw_relay_requests_total{model="fail-400",channel="${ch}",status="400"}`), 1);
  assert.equal(delta(before, after, `gw_relay_requests_total{model="",channel="",status="${unknown.status}"}`), 1);
  assert.equal(delta(before, after, `gw_relay_request_duration_seconds_count{model="gpt-4o-mini"}`), 5);
  assert.equal(delta(before, after, `gw_relay_time_to_first_token_seconds_count{model="gpt-4o-mini"}`), 2);
  assert.equal(delta(before, after, `gw_upstream_errors_total{channel="${ch}",kind="400"}`), 1);
  assert.equal(delta(before, after, `gw_http_requests_total{method="POST",route="/v1/chat/completions",status="200"}`), 5);
  assert.equal(delta(before, after, `gw_http_requests_total{method="POST",route="/v1/chat/completions",status="400"}`), 1);
  assert.equal(delta(before, after, `gw_http_request_duration_seconds_count{route="/v1/chat/completions"}`), 7);
  // The previous scrape is counted once it was answered.
  assert.equal(delta(before, after, `gw_http_requests_total{method="GET",route="/metrics",status="200"}`), 1);
  assert.equal(delta(before, after, `gw_http_requests_total{method="OTHER",route="(refused)",status="400"}`), 1);
  assert.equal(after.get("gw_open_streams"), 0);
});

test("histogram buckets are cumulative and end at the count", async () => {
  const s = await scrape();
  const key = 'model="gpt-4o-mini"';
  let last = 0;
  for (const le of ["0.001", "0.0025", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10",
                    "30", "60", "120", "300", "+Inf"]) {
    const v = s.get(`gw_relay_request_duration_seconds_bucket{${key},le="${le}"}`);
    assert.ok(v >= last, `bucket ${le} is ${v}, below ${last}`);
    last = v;
  }
  assert.equal(last, s.get(`gw_relay_request_duration_seconds_count{${key}}`));
  assert.ok(s.get(`gw_relay_request_duration_seconds_sum{${key}}`) >= 0);
});

test("state read at scrape time: channels, plugins, ledger, process", async () => {
  const s = await scrape();
  assert.equal(s.get(`gw_channel_status{channel="${channelId}",name="mock",type="1"}`), 1);
  assert.equal(s.get(`gw_channel_breaker_open{channel="${channelId}"}`), 0);
  assert.ok([...s.keys()].some((k) => k.startsWith('gw_plugin_loaded{id="org.newapi.provider.openai"')));
  assert.equal(s.get("gw_ledger_backlog_charges") >= 0, true);
  assert.ok(s.get("process_resident_memory_bytes") > 1e6);
  assert.ok(s.get("process_threads") >= 3);
  assert.ok(s.get("process_open_fds") > 3);
});

test("who may scrape: admin or the metrics token on the main port, anyone on the metrics listener", async () => {
  assert.equal((await fetch(gw.base + "/metrics")).status, 401);
  assert.equal((await fetch(gw.base + "/metrics", { headers: { Authorization: "Bearer wrong" } })).status, 401);
  assert.equal((await fetch(gw.base + "/metrics", { headers: admin })).status, 200);
  // A scraper's bearer token alone: an admin's access token is enough, a common user's is not.
  assert.equal((await fetch(gw.base + "/metrics", { headers: { Authorization: `Bearer ${admin.Authorization}` } })).status, 200);
  const post = (p, body, headers = {}) => fetch(gw.base + p, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  await post("/api/user/register", { username: "scraper", password: "scraperpass1" });
  const login = await post("/api/user/login", { username: "scraper", password: "scraperpass1" });
  const cookie = login.headers.get("set-cookie").split(";")[0];
  const own = (await (await fetch(gw.base + "/api/user/token", { headers: { cookie, "New-Api-User": String((await login.json()).data.id) } })).json()).data;
  assert.equal((await fetch(gw.base + "/metrics", { headers: { Authorization: `Bearer ${own}` } })).status, 401);
  assert.equal((await fetch(gw.base + "/metrics", { headers: { cookie } })).status, 401);
  const open = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
  assert.equal(open.status, 200);
  assert.ok(parse(await open.text()).has("gw_open_streams"));
  // The metrics listener serves nothing else.
  assert.equal((await fetch(`http://127.0.0.1:${metricsPort}/api/status`)).status, 404);
});
