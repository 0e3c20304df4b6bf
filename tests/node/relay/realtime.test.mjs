// /v1/realtime through the gateway: the official openai SDK's realtime client (over `ws`) and a
// browser-style client authenticating with the openai-insecure-api-key subprotocol, relayed to a
// mock OpenAI Realtime server; each response.done billed at once with audio ratios.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import tls from "node:tls";
import OpenAI from "openai";
import { OpenAIRealtimeWS } from "openai/realtime/ws";
import WebSocket from "ws";
import { startRealtimeMock } from "../mock/realtime_upstream.mjs";
import { prepare, startGateway } from "./harness.mjs";

let mock, gw, key, call, badChannel, terminator;

// The SDK's realtime client connects with wss:// only: a TLS terminator (self-signed) in front
// of the gateway stands in for the operator's.
function startTls(port) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "gw-tls-"));
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                           "-keyout", path.join(dir, "key.pem"), "-out", path.join(dir, "cert.pem")], { stdio: "ignore" });
  const server = tls.createServer({ key: readFileSync(path.join(dir, "key.pem")), cert: readFileSync(path.join(dir, "cert.pem")) },
    (sock) => {
      const up = net.connect(port, "127.0.0.1");
      sock.pipe(up).pipe(sock);
      sock.on("error", () => up.destroy());
      up.on("error", () => sock.destroy());
    });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ server, port: server.address().port })));
}
const MODEL = "gpt-4o-realtime-preview";

before(async () => {
  mock = await startRealtimeMock();
  gw = await startGateway({ BATCH_UPDATE_INTERVAL: "1" });
  ({ key, call } = await prepare(gw, mock.port, { models: "unused-model", selfUse: false }));
  const ch = await call("POST", "/api/channel/", { mode: "single", channel: {
    type: 1, name: "realtime", key: "sk-rt", base_url: `http://127.0.0.1:${mock.port}`, models: MODEL, group: "default" } });
  assert.ok(ch.success, JSON.stringify(ch));
  const bad = await call("POST", "/api/channel/", { mode: "single", channel: {
    type: 1, name: "realtime-bad-key", key: "sk-wrong", base_url: `http://127.0.0.1:${mock.port}`, models: "gpt-4o-mini-realtime-preview", group: "default" } });
  badChannel = bad.data[0];
  terminator = await startTls(new URL(gw.base).port);
});

after(async () => {
  await gw.stop();
  mock.server.close();
  terminator.server.close();
});

const until = (emitter, type) => new Promise((resolve) => emitter.on(type, resolve));

async function logs(model, count) {
  for (let i = 0; i < 60; i++) {
    const items = (await call("GET", `/api/log/?p=1&page_size=20&type=2&model_name=${model}`)).data.items;
    if (items.length >= count) return items;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`fewer than ${count} logs for ${model}`);
}

test("the openai SDK's realtime client: events both ways, each response billed as it finishes", async () => {
  const client = new OpenAI({ apiKey: key, baseURL: `https://127.0.0.1:${terminator.port}/v1` });
  const rt = new OpenAIRealtimeWS({ model: MODEL, options: { rejectUnauthorized: false } }, client);
  const created = await until(rt, "session.created");
  assert.equal(created.session.model, MODEL);
  rt.send({ type: "session.update", session: { instructions: "Be brief." } });
  const updated = await until(rt, "session.updated");
  assert.equal(updated.session.instructions, "Be brief.");
  let text = "";
  rt.on("response.output_text.delta", (e) => (text += e.delta));
  for (let i = 0; i < 2; i++) {
    rt.send({ type: "response.create" });
    const done = await until(rt, "response.done");
    assert.equal(done.response.usage.total_tokens, 270);
  }
  assert.equal(text, "Hello thereHello there");
  const up = mock.upgrades.at(-1);
  assert.equal(up.url, `/v1/realtime?model=${MODEL}`);
  assert.equal(up.headers.authorization, "Bearer sk-rt");
  assert.equal(up.headers["openai-beta"], "realtime=v1");
  // (20 text in + 100 audio in × 8 + 50 text out + 100 audio out × 8 × 2) × 2.5, per response
  const billed = await logs(MODEL, 2);
  assert.deepEqual(billed.slice(0, 2).map((l) => l.quota), [6175, 6175]);
  assert.equal(billed[0].prompt_tokens, 120);
  rt.close();
  for (let i = 0; i < 50 && !mock.closes.length; i++) await new Promise((r) => setTimeout(r, 100));
  assert.equal(mock.closes.at(-1), 1000, "the upstream socket is closed with the client's");
});

test("a browser-style client: the key in the subprotocol, 'realtime' chosen", async () => {
  const ws = new WebSocket(`${gw.base.replace("http", "ws")}/v1/realtime?model=${MODEL}`,
                           ["realtime", `openai-insecure-api-key.${key}`, "openai-beta.realtime-v1"]);
  const first = await new Promise((resolve, reject) => { ws.once("message", (m) => resolve(JSON.parse(m))); ws.once("error", reject); });
  assert.equal(ws.protocol, "realtime");
  assert.equal(first.type, "session.created");
  ws.close();
});

test("refusals: no upgrade 400, a wrong key 401 before any upstream call, no model 400", async () => {
  const plain = await fetch(`${gw.base}/v1/realtime?model=${MODEL}`, { headers: { authorization: "Bearer " + key } });
  assert.equal(plain.status, 400);
  assert.equal((await plain.json()).error.code, "websocket_required");
  const seen = mock.upgrades.length;
  for (const [url, auth, status] of [[`/v1/realtime?model=${MODEL}`, "Bearer sk-nope", 401], ["/v1/realtime", "Bearer " + key, 400]]) {
    const ws = new WebSocket(gw.base.replace("http", "ws") + url, { headers: { authorization: auth } });
    const res = await new Promise((resolve) => ws.once("unexpected-response", (req, r) => resolve(r)));
    assert.equal(res.statusCode, status);
  }
  assert.equal(mock.upgrades.length, seen);
});

test("an upstream that refuses the session: an error event, the socket closed, nothing billed", async () => {
  const ws = new WebSocket(`${gw.base.replace("http", "ws")}/v1/realtime?model=gpt-4o-mini-realtime-preview`,
                           { headers: { authorization: "Bearer " + key } });
  const messages = [];
  ws.on("message", (m) => messages.push(JSON.parse(m)));
  const code = await new Promise((resolve) => ws.on("close", resolve));
  assert.equal(code, 1011);
  assert.equal(messages[0].type, "error");
  assert.match(messages[0].error.message, /HTTP 401/);
  assert.ok(!messages[0].error.message.includes("sk-wrong"));
  assert.ok(mock.upgrades.some((u) => u.headers.authorization === "Bearer sk-wrong"), `channel #${badChannel} was tried`);
  const items = (await call("GET", "/api/log/?p=1&page_size=5&type=2&model_name=gpt-4o-mini-realtime-preview")).data.items;
  assert.equal(items.length, 0);
});

test("an Azure channel: /openai/realtime with api-version and deployment, the api-key header", async () => {
  const ch = await call("POST", "/api/channel/", { mode: "single", channel: {
    type: 3, name: "azure-realtime", key: "sk-rt", base_url: `http://127.0.0.1:${mock.port}`, other: "2024-10-01-preview",
    models: "gpt-4o-realtime-azure", group: "default" } });
  assert.ok(ch.success, JSON.stringify(ch));
  await call("PUT", "/api/option/", { key: "ModelRatio", value: JSON.stringify({ "gpt-4o-realtime-azure": 2.5 }) });
  const ws = new WebSocket(`${gw.base.replace("http", "ws")}/v1/realtime?model=gpt-4o-realtime-azure`,
                           { headers: { authorization: "Bearer " + key } });
  const first = await new Promise((resolve, reject) => { ws.once("message", (m) => resolve(JSON.parse(m))); ws.once("error", reject); });
  assert.equal(first.type, "session.created");
  const up = mock.upgrades.at(-1);
  assert.equal(up.url, "/openai/realtime?api-version=2024-10-01-preview&deployment=gpt-4o-realtime-azure");
  assert.equal(up.headers["api-key"], "sk-rt");
  ws.send(JSON.stringify({ type: "response.create" }));
  await new Promise((resolve) => ws.on("message", (m) => JSON.parse(m).type === "response.done" && resolve()));
  ws.close();
  // No AudioRatio for this name: audio tokens at 1 — (120 + 150) × 2.5
  assert.equal((await logs("gpt-4o-realtime-azure", 1))[0].quota, 675);
});

test("sessions end completely: 600 opened and closed one after another never hit the 512-session cap", async () => {
  for (let i = 0; i < 600; i++) {
    const ws = new WebSocket(`${gw.base.replace("http", "ws")}/v1/realtime?model=gpt-4o-realtime-azure`, { headers: { authorization: "Bearer " + key } });
    const first = await new Promise((resolve, reject) => {
      ws.once("message", (m) => resolve(JSON.parse(m)));
      ws.once("unexpected-response", (req, res) => reject(new Error(`session ${i}: HTTP ${res.statusCode}`)));
      ws.once("error", reject);
    });
    assert.equal(first.type, "session.created");
    ws.close();
    await new Promise((resolve) => ws.once("close", resolve));
  }
});
