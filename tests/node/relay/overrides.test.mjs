// Per-channel request edits: system prompt, legacy param override, header override with its
// placeholders, status-code mapping, and pass-through bodies.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startMock } from "../mock/openai_upstream.mjs";
import { prepare, startGateway } from "./harness.mjs";

let mock, gw, key, call;

before(async () => {
  mock = await startMock();
  gw = await startGateway();
  ({ key, call } = await prepare(gw, mock.port, { models: "unused" }));
  const add = (channel) => call("POST", "/api/channel/", { mode: "single", channel: {
    type: 1, key: "sk-upstream", base_url: `http://127.0.0.1:${mock.port}`, group: "default", ...channel } });
  await add({ name: "edited", models: "edited-model,fail-400",
              setting: JSON.stringify({ system_prompt: "You are terse." }),
              param_override: JSON.stringify({ temperature: 0.1 }),
              header_override: JSON.stringify({ "X-Trace-Copy": "{client_header:X-Trace}", "X-Key-Hint": "key={api_key}" }),
              status_code_mapping: JSON.stringify({ 400: "422" }) });
  await add({ name: "raw", models: "raw-model", model_mapping: JSON.stringify({ "raw-model": "other-name" }),
              setting: JSON.stringify({ pass_through_body_enabled: true, system_prompt: "ignored" }) });
});

after(async () => {
  await gw.stop();
  mock.server.close();
});

const chat = (body, headers = {}) =>
  fetch(gw.base + "/v1/chat/completions", {
    method: "POST", headers: { "content-type": "application/json", authorization: "Bearer " + key, ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body) });

test("system prompt, param override and header override reach the upstream", async () => {
  const res = await chat({ model: "edited-model", messages: [{ role: "user", content: "hi" }] }, { "X-Trace": "trace-42" });
  assert.equal(res.status, 200);
  const seen = mock.requests.at(-1);
  assert.deepEqual(seen.body.messages[0], { role: "system", content: "You are terse." });
  assert.equal(seen.body.messages[1].content, "hi");
  assert.equal(seen.body.temperature, 0.1);
  assert.equal(seen.headers["x-trace-copy"], "trace-42");
  assert.equal(seen.headers["x-key-hint"], "key=sk-upstream");
});

test("an existing system message is kept unless the channel overrides it", async () => {
  await chat({ model: "edited-model", messages: [{ role: "system", content: "Mine." }, { role: "user", content: "hi" }] });
  assert.deepEqual(mock.requests.at(-1).body.messages[0], { role: "system", content: "Mine." });
});

test("odd message shapes do not trip the system prompt", async () => {
  const res = await chat({ model: "edited-model", messages: [{ role: 5, content: "x" }] });
  assert.equal(res.status, 200);
  assert.deepEqual(mock.requests.at(-1).body.messages[0], { role: "system", content: "You are terse." });
});

test("status-code mapping changes the status the client sees", async () => {
  const res = await chat({ model: "fail-400", messages: [{ role: "user", content: "hi" }] });
  assert.equal(res.status, 422);
  assert.match((await res.json()).error.message, /^max_tokens is too large/);
});

test("a pass-through channel forwards the client's bytes untouched", async () => {
  const raw = '{"model":"raw-model",  "messages":[{"role":"user","content":"exact"}], "custom_field": 7}';
  assert.equal((await chat(raw)).status, 200);
  const seen = mock.requests.at(-1);
  assert.equal(seen.body.model, "raw-model");
  assert.equal(seen.body.custom_field, 7);
  assert.equal(seen.body.messages.length, 1);
});
