// The official openai SDK as the client: chat, streaming with usage, tools, embeddings, models.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import OpenAI from "openai";
import { startMock } from "../mock/openai_upstream.mjs";
import { prepare, startGateway } from "./harness.mjs";

let mock, gw, client, key;

before(async () => {
  mock = await startMock();
  gw = await startGateway();
  ({ key } = await prepare(gw, mock.port));
  client = new OpenAI({ apiKey: key, baseURL: gw.base + "/v1", maxRetries: 0 });
});

after(async () => {
  await gw.stop();
  mock.server.close();
});

test("chat completion", async () => {
  const r = await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "ping" }] });
  assert.equal(r.choices[0].message.content, "echo: ping");
  assert.equal(r.usage.total_tokens, 18);
  const seen = mock.requests.at(-1);
  assert.equal(seen.headers.authorization, "Bearer sk-mock-upstream");
  assert.equal(seen.url, "/v1/chat/completions");
});

test("streamed chat with usage", async () => {
  const stream = await client.chat.completions.create({
    model: "gpt-4o-mini", stream: true, stream_options: { include_usage: true },
    messages: [{ role: "user", content: "hi" }] });
  let text = "", usage = null, chunks = 0;
  for await (const c of stream) {
    chunks++;
    if (c.choices[0]?.delta?.content) text += c.choices[0].delta.content;
    if (c.usage) usage = c.usage;
  }
  assert.equal(text, "Hello from the mock");
  assert.ok(chunks >= 6);
  assert.equal(usage.total_tokens, 13);
});

test("stream without include_usage gets no usage chunk", async () => {
  const stream = await client.chat.completions.create({
    model: "gpt-4o-mini", stream: true, messages: [{ role: "user", content: "hi" }] });
  let usage = null;
  for await (const c of stream) if (c.usage) usage = c.usage;
  assert.equal(usage, null);
});

test("tool calls, non-stream and stream", async () => {
  const tools = [{ type: "function", function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } } } } }];
  const r = await client.chat.completions.create({ model: "tools", tools, messages: [{ role: "user", content: "weather?" }] });
  assert.equal(r.choices[0].finish_reason, "tool_calls");
  assert.equal(r.choices[0].message.tool_calls[0].function.name, "get_weather");
  const runner = client.chat.completions.stream({ model: "tools", tools, messages: [{ role: "user", content: "weather?" }] });
  const final = await runner.finalChatCompletion();
  const call = final.choices[0].message.tool_calls[0];
  assert.equal(call.function.name, "get_weather");
  assert.deepEqual(JSON.parse(call.function.arguments), { city: "Paris" });
});

test("embeddings", async () => {
  const r = await client.embeddings.create({ model: "text-embedding-3-small", input: ["a", "b"] });
  assert.equal(r.data.length, 2);
  assert.equal(r.usage.prompt_tokens, 8);
});

test("models list", async () => {
  const ids = [];
  for await (const m of client.models.list()) ids.push(m.id);
  assert.ok(ids.includes("gpt-4o-mini"));
  assert.ok(ids.includes("tools"));
  const m = await client.models.retrieve("gpt-4o-mini");
  assert.equal(m.id, "gpt-4o-mini");
});
