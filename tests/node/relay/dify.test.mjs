// A Dify ChatFlow app (channel type 37) through the gateway with the official openai SDK, and
// a Claude client on the same channel: chat-messages answers, streamed and not, billed by the
// usage Dify reports at message_end.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import OpenAI from "openai";
import Anthropic from "@anthropic-ai/sdk";
import { prepare, startGateway } from "./harness.mjs";

let dify, gw, key, call;
const seen = [];

// Dify's chat-messages: blocking JSON or streaming events, answering the query's last line.
function startDify() {
  const server = http.createServer(async (req, res) => {
    let raw = "";
    for await (const c of req) raw += c;
    const body = JSON.parse(raw);
    seen.push({ url: req.url, headers: req.headers, body });
    if (req.headers.authorization !== "Bearer app-dify") return json(res, 401, { code: "unauthorized", message: "Access token is invalid", status: 401 });
    if (!body.query) return json(res, 400, { code: "invalid_param", message: "query is required", status: 400 });
    const answer = "dify says: " + body.query.trim().split("\n").at(-1);
    const usage = { prompt_tokens: 40, completion_tokens: 10, total_tokens: 50 };
    if (body.response_mode === "blocking")
      return json(res, 200, { event: "message", message_id: "m1", conversation_id: "c1", mode: "advanced-chat", answer, metadata: { usage }, created_at: 1 });
    res.writeHead(200, { "content-type": "text/event-stream" });
    const ev = (d) => res.write(`data: ${JSON.stringify(d)}\n\n`);
    ev({ event: "workflow_started", data: { workflow_id: "wf-1" } });
    ev({ event: "message", answer: answer.slice(0, 6) });
    ev({ event: "message", answer: answer.slice(6) });
    ev({ event: "workflow_finished", data: { workflow_id: "wf-1", status: "succeeded" } });
    ev({ event: "message_end", metadata: { usage } });
    res.end();
  });
  const json = (res, status, body) => { res.writeHead(status, { "content-type": "application/json" }); res.end(JSON.stringify(body)); };
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ server, port: server.address().port })));
}

before(async () => {
  dify = await startDify();
  gw = await startGateway({ BATCH_UPDATE_INTERVAL: "1" });
  ({ key, call } = await prepare(gw, dify.port, { models: "unused-model", selfUse: false }));
  const ch = await call("POST", "/api/channel/", { mode: "single", channel: {
    type: 37, name: "dify", key: "app-dify", base_url: `http://127.0.0.1:${dify.port}`, models: "dify-chatflow", group: "default" } });
  assert.ok(ch.success, JSON.stringify(ch));
  await call("PUT", "/api/option/", { key: "ModelRatio", value: JSON.stringify({ "dify-chatflow": 1 }) });
});

after(async () => {
  await gw.stop();
  dify.server.close();
});

const client = () => new OpenAI({ apiKey: key, baseURL: gw.base + "/v1", maxRetries: 0 });

test("blocking chat: one query, one completion, billed by Dify's usage", async () => {
  const r = await client().chat.completions.create({ model: "dify-chatflow",
    messages: [{ role: "system", content: "Be kind." }, { role: "user", content: "hello dify" }] });
  assert.equal(r.choices[0].message.content, "dify says: hello dify");
  assert.equal(r.usage.total_tokens, 50);
  const up = seen.at(-1);
  assert.equal(up.url, "/v1/chat-messages");
  assert.equal(up.body.query, "SYSTEM: \nBe kind.\nUSER: \nhello dify\n");
  assert.equal(up.body.response_mode, "blocking");
  for (let i = 0; i < 50; i++) {
    const logs = (await call("GET", "/api/log/?p=1&page_size=5&type=2&model_name=dify-chatflow")).data.items;
    if (logs.length) return assert.equal(logs[0].quota, 50);  // (40 + 10) × ModelRatio 1
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail("no consume log");
});

test("streamed chat: Dify's events arrive as chunks, workflow progress as reasoning", async () => {
  const stream = await client().chat.completions.create({ model: "dify-chatflow", stream: true,
    stream_options: { include_usage: true }, messages: [{ role: "user", content: "stream please" }] });
  let text = "", reasoning = "", usage = null, finish = null;
  for await (const c of stream) {
    if (c.usage) usage = c.usage;
    const d = c.choices[0]?.delta || {};
    text += d.content || "";
    reasoning += d.reasoning_content || "";
    finish = c.choices[0]?.finish_reason || finish;
  }
  assert.equal(text, "dify says: stream please");
  assert.match(reasoning, /Workflow: wf-1/);
  assert.equal(finish, "stop");
  assert.equal(usage.total_tokens, 50);
  assert.equal(seen.at(-1).body.response_mode, "streaming");
});

test("a Claude client on the Dify channel", async () => {
  const anthropic = new Anthropic({ apiKey: key, baseURL: gw.base, maxRetries: 0 });
  const m = await anthropic.messages.create({ model: "dify-chatflow", max_tokens: 100, messages: [{ role: "user", content: "from claude" }] });
  assert.equal(m.content[0].text, "dify says: from claude");
  assert.equal(m.usage.input_tokens, 40);
});
