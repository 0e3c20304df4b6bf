// JSON nested a hundred thousand levels deep, where a probe put it (Claude tool schemas and
// tool_use inputs, Gemini function parameters, OpenAI bodies, option values), is refused with a
// 400 in the route's own error shape instead of overflowing a thread's stack; the server keeps
// answering. Real nesting (a tool schema 40 levels deep) still relays.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startMock } from "../mock/openai_upstream.mjs";
import { prepare, startGateway } from "../relay/harness.mjs";
import { responsive, rssMB } from "./raw.mjs";

let mock, gw, ctx;
before(async () => {
  mock = await startMock();
  gw = await startGateway();
  ctx = await prepare(gw, mock.port, { models: "gpt-4o-mini,claude-3-5-haiku,gemini-2.0-flash" });
});
after(async () => {
  await gw.stop();
  mock.server.close();
});

// {"a":{"a":...{}...}} `levels` deep, as text (JSON.stringify would recurse too).
const deep = (levels) => '{"a":'.repeat(levels) + "{}" + "}".repeat(levels);
const deepArray = (levels) => "[".repeat(levels) + "]".repeat(levels);
const LEVELS = 200000;

const send = (p, text, headers = {}) =>
  fetch(gw.base + p, { method: "POST", headers: { "content-type": "application/json", authorization: "Bearer " + ctx.key, ...headers },
                       body: text });

async function refused(r, shape) {
  const text = await r.text();
  assert.equal(r.status, 400, text.slice(0, 300));
  assert.match(text, /deeper than 128/);
  shape(JSON.parse(text));
  assert.ok(await responsive(gw), "the server died");
}

test("Claude tool schemas and tool_use inputs nested too deep are refused", { timeout: 60000 }, async () => {
  const claudeShape = (b) => assert.equal(b.type, "error");
  await refused(await send("/v1/messages",
    `{"model":"claude-3-5-haiku","max_tokens":10,"messages":[{"role":"user","content":"hi"}],` +
    `"tools":[{"name":"t","input_schema":${deep(LEVELS)}}]}`, { "anthropic-version": "2023-06-01" }), claudeShape);
  await refused(await send("/v1/messages",
    `{"model":"claude-3-5-haiku","max_tokens":10,"messages":[{"role":"assistant","content":[{"type":"tool_use",` +
    `"id":"t1","name":"t","input":${deep(LEVELS)}}]},{"role":"user","content":"hi"}]}`), claudeShape);
});

test("Gemini function parameters and OpenAI bodies nested too deep are refused", { timeout: 60000 }, async () => {
  await refused(await send("/v1beta/models/gemini-2.0-flash:generateContent",
    `{"contents":[{"role":"user","parts":[{"text":"hi"}]}],"tools":[{"functionDeclarations":[{"name":"f","parameters":${deep(LEVELS)}}]}]}`),
  (b) => assert.equal(b.error.code, 400));
  await refused(await send("/v1/chat/completions",
    `{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}],"metadata":${deepArray(LEVELS)}}`),
  (b) => assert.ok(b.error.message));
});

test("management bodies and option values nested too deep are refused", { timeout: 60000 }, async () => {
  const put = (text) => fetch(gw.base + "/api/option/", { method: "PUT", headers: { "content-type": "application/json", ...ctx.admin }, body: text });
  await refused(await put(`{"key":"ModelRatio","value":${deep(LEVELS)}}`), (b) => assert.equal(b.success, false));
  // The same document inside a string is parsed by the option's reader: refused there too.
  const r = await put(JSON.stringify({ key: "ModelRatio", value: deep(LEVELS) }));
  const body = await r.json();
  assert.equal(body.success, false);
  assert.ok(await responsive(gw));
  assert.ok(rssMB(gw.child.pid) < 300);
});

test("a tool schema 40 levels deep still relays", { timeout: 30000 }, async () => {
  const schema = JSON.parse('{"type":"object","properties":{"a":'.repeat(40) + '{"type":"string"}' + "}}".repeat(40));
  const r = await send("/v1/messages", JSON.stringify({
    model: "claude-3-5-haiku", max_tokens: 10, messages: [{ role: "user", content: "hi" }],
    tools: [{ name: "t", input_schema: schema }] }), { "anthropic-version": "2023-06-01" });
  assert.equal(r.status, 200, await r.clone().text());
  assert.equal((await r.json()).type, "message");
});
