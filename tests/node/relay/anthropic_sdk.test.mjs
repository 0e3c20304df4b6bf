// @anthropic-ai/sdk against the gateway's /v1/messages: natively on a Claude channel, converted
// on OpenAI and Gemini channels (messages, streams through finalMessage(), tools, errors).
import Anthropic from "@anthropic-ai/sdk";
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";

import { startFormats } from "./formats_common.mjs";

describe("Anthropic SDK", () => {
  let env, client;
  before(async () => {
    env = await startFormats();
    client = new Anthropic({ apiKey: env.key, baseURL: env.gw.base, maxRetries: 0 });
  });
  after(async () => env.stop());

  const weather = [{ name: "get_weather", description: "Weather of a city",
                     input_schema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } }];

  for (const model of ["claude-sonnet-4-0", "gpt-4o-mini", "gemini-2.5-flash"]) {
    test(`messages.create on ${model}`, async () => {
      const msg = await client.messages.create({ model, max_tokens: 64, system: "Be brief.",
                                                 messages: [{ role: "user", content: "hi there" }] });
      assert.equal(msg.type, "message");
      assert.equal(msg.role, "assistant");
      assert.equal(msg.content.at(-1).type, "text");
      assert.equal(msg.content.at(-1).text, "echo: hi there");
      assert.equal(msg.stop_reason, "end_turn");
      assert.ok(msg.usage.input_tokens > 0 && msg.usage.output_tokens > 0);
    });

    test(`messages.stream finalMessage on ${model}`, async () => {
      const stream = client.messages.stream({ model, max_tokens: 64, messages: [{ role: "user", content: "stream me" }] });
      const texts = [];
      stream.on("text", (t) => texts.push(t));
      const msg = await stream.finalMessage();
      const text = msg.content.filter((b) => b.type === "text").map((b) => b.text).join("");
      assert.ok(text.length > 0);
      assert.equal(texts.join(""), text);
      assert.equal(msg.stop_reason, "end_turn");
      assert.ok(msg.usage.output_tokens > 0);
    });
  }

  for (const model of ["claude-tools", "tools", "gemini-tools"]) {
    test(`tool use round trip on ${model}`, async () => {
      const first = await client.messages.create({ model, max_tokens: 64, tools: weather,
                                                   messages: [{ role: "user", content: "Weather in Paris?" }] });
      assert.equal(first.stop_reason, "tool_use");
      const use = first.content.find((b) => b.type === "tool_use");
      assert.equal(use.name, "get_weather");
      assert.deepEqual(use.input, { city: "Paris" });
      const second = await client.messages.create({ model, max_tokens: 64, tools: weather, messages: [
        { role: "user", content: "Weather in Paris?" },
        { role: "assistant", content: first.content },
        { role: "user", content: [{ type: "tool_result", tool_use_id: use.id, content: "sunny" }] }] });
      assert.equal(second.stop_reason, "end_turn");
      assert.match(second.content.at(-1).text, /sunny/);
    });

    test(`streamed tool use on ${model}`, async () => {
      const msg = await client.messages.stream({ model, max_tokens: 64, tools: weather,
                                                 messages: [{ role: "user", content: "Weather in Paris?" }] }).finalMessage();
      const use = msg.content.find((b) => b.type === "tool_use");
      assert.ok(use, JSON.stringify(msg.content));
      assert.deepEqual(use.input, { city: "Paris" });
      assert.equal(msg.stop_reason, "tool_use");
    });
  }

  test("thinking blocks from a Claude channel reach the client in order", async () => {
    const msg = await client.messages.stream({ model: "claude-thinking", max_tokens: 2048,
      thinking: { type: "enabled", budget_tokens: 1024 }, messages: [{ role: "user", content: "think" }] }).finalMessage();
    assert.deepEqual(msg.content.map((b) => b.type), ["thinking", "text"]);
    assert.equal(msg.content[0].thinking, "Let me think.");
  });

  test("reasoning from a Gemini channel arrives as a thinking block", async () => {
    const msg = await client.messages.stream({ model: "gemini-2.5-flash", max_tokens: 2048,
      thinking: { type: "enabled", budget_tokens: 1024 }, messages: [{ role: "user", content: "think" }] }).finalMessage();
    assert.deepEqual(msg.content.map((b) => b.type), ["thinking", "text"]);
  });

  test("images are converted for OpenAI channels", async () => {
    await client.messages.create({ model: "gpt-4o-mini", max_tokens: 16, messages: [{ role: "user", content: [
      { type: "image", source: { type: "base64", media_type: "image/png", data: "iVBORw0KGgo=" } },
      { type: "text", text: "what is this" }] }] });
    const up = await env.lastUpstream();
    const parts = up.body.messages.at(-1).content;
    assert.equal(parts[0].type, "image_url");
    assert.equal(parts[0].image_url.url, "data:image/png;base64,iVBORw0KGgo=");
    assert.equal(up.body.max_tokens, 16);
  });

  test("missing max_tokens is Anthropic's 400", async () => {
    await assert.rejects(client.messages.create({ model: "claude-sonnet-4-0", messages: [{ role: "user", content: "x" }] }),
      (e) => e.status === 400 && e.error.type === "error" && e.error.error.type === "invalid_request_error" &&
             /max_tokens/.test(e.error.error.message));
  });

  test("an unknown content block is Anthropic's 400", async () => {
    await assert.rejects(client.messages.create({ model: "gpt-4o-mini", max_tokens: 8,
                                                  messages: [{ role: "user", content: [{ type: "hologram", data: "x" }] }] }),
      (e) => e.status === 400 && e.error.error.type === "invalid_request_error" && /hologram/.test(e.error.error.message));
  });

  test("an overloaded Claude upstream is Anthropic's 529 to the client", async () => {
    await assert.rejects(client.messages.create({ model: "claude-overloaded", max_tokens: 8, messages: [{ role: "user", content: "x" }] }),
      (e) => e.status === 529 && e.error.error.type === "overloaded_error");
  });

  test("an upstream that drops mid-stream ends the Claude stream with an error event", async () => {
    const r = await fetch(`${env.gw.base}/v1/messages`, { method: "POST",
      headers: { "x-api-key": env.key, "anthropic-version": "2023-06-01", "content-type": "application/json" },
      body: JSON.stringify({ model: "drop-mid", max_tokens: 8, stream: true, messages: [{ role: "user", content: "x" }] }) });
    const text = await r.text();
    assert.match(text, /^event: message_start/);
    assert.match(text, /event: error\ndata: \{"error":\{"message":"[^"]+","type":"api_error"\},"type":"error"\}/);
    assert.doesNotMatch(text, /message_stop|\[DONE\]/);
    await assert.rejects(client.messages.stream({ model: "drop-mid", max_tokens: 8, messages: [{ role: "user", content: "x" }] }).finalMessage());
  });

  test("a bad key is Anthropic's 401", async () => {
    const bad = new Anthropic({ apiKey: "sk-nope", baseURL: env.gw.base, maxRetries: 0 });
    await assert.rejects(bad.messages.create({ model: "claude-sonnet-4-0", max_tokens: 8, messages: [{ role: "user", content: "x" }] }),
      (e) => e instanceof Anthropic.AuthenticationError && e.error.error.type === "authentication_error");
  });

  test("beta messages keep their betas, and ?beta=true (as Claude Code sends it), on the way to Anthropic", async () => {
    const msg = await client.beta.messages.create({ model: "claude-sonnet-4-0", max_tokens: 16, betas: ["context-1m-2025-08-07"],
                                                    messages: [{ role: "user", content: "beta" }] });
    assert.equal(msg.content[0].text, "echo: beta");
    assert.equal((await env.lastUpstream()).headers["anthropic-beta"], "context-1m-2025-08-07");
    const r = await fetch(`${env.gw.base}/v1/messages?beta=true`, { method: "POST",
      headers: { "x-api-key": env.key, "anthropic-version": "2023-06-01", "content-type": "application/json" },
      body: JSON.stringify({ model: "claude-sonnet-4-0", max_tokens: 8, messages: [{ role: "user", content: "q" }] }) });
    assert.equal(r.status, 200);
    assert.equal((await env.lastUpstream()).url, "/v1/messages?beta=true");
  });

  test("models.list answers in Anthropic's shape", async () => {
    const ids = [];
    for await (const m of client.models.list()) ids.push(m.id);
    assert.ok(ids.includes("claude-sonnet-4-0") && ids.includes("gpt-4o-mini"));
  });

  test("the native request reaches Anthropic with its headers and cache usage is billed", async () => {
    const msg = await client.messages.create({ model: "claude-cached", max_tokens: 16,
      messages: [{ role: "user", content: [{ type: "text", text: "cache me", cache_control: { type: "ephemeral" } }] }] },
      { headers: { "anthropic-beta": "prompt-caching-2024-07-31" } });
    assert.equal(msg.usage.cache_read_input_tokens, 100);
    const up = await env.lastUpstream();
    assert.equal(up.headers["x-api-key"], "upstream-key");
    assert.equal(up.headers["anthropic-beta"], "prompt-caching-2024-07-31");
    assert.equal(up.body.messages[0].content[0].cache_control.type, "ephemeral");
    let row;
    for (let i = 0; i < 50 && !row; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const logs = await env.call("GET", "/api/log/?p=1&page_size=50&type=2");
      row = (logs.data.items || []).find((l) => l.model_name === "claude-cached");
    }
    assert.ok(row, "consume log row");
    const other = JSON.parse(row.other);
    assert.equal(other.cache_tokens, 100);
    assert.equal(other.cache_creation_tokens, 50);
  });

  test("messages.countTokens: the upstream counts on an Anthropic channel, the local tokenizer elsewhere", async () => {
    const count = async (model, text) => (await client.messages.countTokens({ model,
      system: "Be brief.", messages: [{ role: "user", content: text }] })).input_tokens;
    const native = await count("claude-sonnet-4-0", "hello");
    assert.ok(native > 1000, `Anthropic's own count: ${native}`);
    assert.equal(env.mock.requests.at(-1).url, "/v1/messages/count_tokens");
    const short = await count("gpt-4o-mini", "hello");
    const long = await count("gpt-4o-mini", "hello ".repeat(200));
    assert.ok(Number.isInteger(short) && short > 0 && short < 1000, String(short));
    assert.ok(long > short + 150, `${short} vs ${long}`);
    await assert.rejects(client.messages.countTokens({ model: "claude-sonnet-4-0", messages: "nope" }), (e) => e.status === 400);
  });
});
