// The openai SDK's chat completions and Responses API against Claude and Gemini channels
// (converted) and Responses against an OpenAI channel (native).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import OpenAI from "openai";

import { startFormats } from "./formats_common.mjs";

describe("openai SDK across formats", () => {
  let env, client;
  before(async () => {
    env = await startFormats();
    client = new OpenAI({ apiKey: env.key, baseURL: env.gw.base + "/v1", maxRetries: 0 });
  });
  after(async () => env.stop());

  const weather = [{ type: "function", function: { name: "get_weather", description: "Weather of a city",
    parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } } }];
  const responsesWeather = [{ type: "function", name: "get_weather", description: "Weather of a city",
    parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] }, strict: false }];

  for (const [model, tools] of [["claude-sonnet-4-0", "claude-tools"], ["gemini-2.5-flash", "gemini-tools"]]) {
    test(`chat on ${model}`, async () => {
      const r = await client.chat.completions.create({ model, messages: [
        { role: "system", content: "Be brief." }, { role: "user", content: "hi chat" }], max_tokens: 32, stop: ["END"] });
      assert.equal(r.object, "chat.completion");
      assert.equal(r.choices[0].message.content, "echo: hi chat");
      assert.equal(r.choices[0].finish_reason, "stop");
      assert.ok(r.usage.prompt_tokens > 0 && r.usage.completion_tokens > 0);
    });

    test(`chat stream with usage on ${model}`, async () => {
      const stream = await client.chat.completions.create({ model, stream: true, stream_options: { include_usage: true },
                                                            messages: [{ role: "user", content: "stream chat" }] });
      let text = "", finish, usage;
      for await (const c of stream) {
        if (c.choices[0]?.delta?.content) text += c.choices[0].delta.content;
        if (c.choices[0]?.finish_reason) finish = c.choices[0].finish_reason;
        if (c.usage) usage = c.usage;
      }
      assert.equal(text, "echo: stream chat");
      assert.equal(finish, "stop");
      assert.ok(usage && usage.total_tokens > 0);
    });

    test(`chat tools round trip on ${tools}`, async () => {
      const first = await client.chat.completions.create({ model: tools, tools: weather, tool_choice: "auto",
                                                           messages: [{ role: "user", content: "Weather in Paris?" }] });
      const call = first.choices[0].message.tool_calls[0];
      assert.equal(first.choices[0].finish_reason, "tool_calls");
      assert.equal(call.function.name, "get_weather");
      assert.deepEqual(JSON.parse(call.function.arguments), { city: "Paris" });
      const second = await client.chat.completions.create({ model: tools, tools: weather, messages: [
        { role: "user", content: "Weather in Paris?" }, first.choices[0].message,
        { role: "tool", tool_call_id: call.id, content: "sunny" }] });
      assert.match(second.choices[0].message.content, /sunny/);
    });

    test(`chat tools stream on ${tools}`, async () => {
      const runner = client.chat.completions.stream({ model: tools, tools: weather, messages: [{ role: "user", content: "Weather?" }] });
      const done = await runner.finalChatCompletion();
      const call = done.choices[0].message.tool_calls[0];
      assert.equal(call.function.name, "get_weather");
      assert.deepEqual(JSON.parse(call.function.arguments), { city: "Paris" });
    });

    test(`responses.create on ${model}`, async () => {
      const r = await client.responses.create({ model, instructions: "Be brief.", input: "hi responses", max_output_tokens: 40 });
      assert.equal(r.object, "response");
      assert.equal(r.status, "completed");
      assert.equal(r.output_text, "echo: hi responses");
      assert.ok(r.usage.input_tokens > 0 && r.usage.output_tokens > 0);
    });

    test(`responses stream on ${model}`, async () => {
      const stream = client.responses.stream({ model, input: [{ role: "user", content: "stream responses" }] });
      let deltas = "";
      stream.on("response.output_text.delta", (e) => (deltas += e.delta));
      const final = await stream.finalResponse();
      assert.equal(final.output_text, "echo: stream responses");
      assert.equal(deltas, final.output_text);
      assert.equal(final.status, "completed");
    });

    test(`responses function call round trip on ${tools}`, async () => {
      const first = await client.responses.create({ model: tools, input: "Weather in Paris?", tools: responsesWeather });
      const call = first.output.find((o) => o.type === "function_call");
      assert.ok(call, JSON.stringify(first.output));
      assert.equal(call.name, "get_weather");
      assert.deepEqual(JSON.parse(call.arguments), { city: "Paris" });
      const second = await client.responses.create({ model: tools, tools: responsesWeather, input: [
        { role: "user", content: "Weather in Paris?" }, call,
        { type: "function_call_output", call_id: call.call_id, output: "sunny" }] });
      assert.match(second.output_text, /sunny/);
    });
  }

  test("responses natively on an OpenAI channel, stream and not", async () => {
    const r = await client.responses.create({ model: "gpt-4o-mini", input: "native" });
    assert.equal(r.output_text, "echo: native");
    assert.equal((await env.lastUpstream()).url, "/v1/responses");
    const final = await client.responses.stream({ model: "gpt-4o-mini", input: "native stream" }).finalResponse();
    assert.equal(final.output_text, "echo: native stream");
  });

  test("responses function calls stream from a Claude channel", async () => {
    const stream = client.responses.stream({ model: "claude-tools", input: "Weather?", tools: responsesWeather });
    let args = "";
    stream.on("response.function_call_arguments.delta", (e) => (args += e.delta));
    const final = await stream.finalResponse();
    const call = final.output.find((o) => o.type === "function_call");
    assert.deepEqual(JSON.parse(call.arguments), { city: "Paris" });
    assert.equal(args, call.arguments);
  });

  test("reasoning from Claude is reasoning_content, or <think> content with thinking_to_content", async () => {
    const plain = await client.chat.completions.create({ model: "claude-thinking", messages: [{ role: "user", content: "q" }] });
    assert.equal(plain.choices[0].message.reasoning_content, "Let me think.");
    await env.call("PUT", "/api/channel/", { id: env.channels.claude, setting: JSON.stringify({ thinking_to_content: true }) });
    await new Promise((r) => setTimeout(r, 300));
    try {
      const stream = await client.chat.completions.create({ model: "claude-thinking", stream: true, messages: [{ role: "user", content: "q" }] });
      let text = "";
      for await (const c of stream) text += c.choices[0]?.delta?.content ?? "";
      assert.equal(text, "<think>\nLet me think.\n</think>\necho: q");
    } finally {
      await env.call("PUT", "/api/channel/", { id: env.channels.claude, setting: "" });
    }
  });

  test("reasoning effort suffix and max_tokens reach Claude as a thinking budget", async () => {
    await client.chat.completions.create({ model: "claude-sonnet-4-0", reasoning_effort: "low", max_tokens: 4000,
                                           temperature: 0.5, messages: [{ role: "user", content: "q" }] });
    const up = await env.lastUpstream();
    assert.equal(up.body.thinking.type, "enabled");
    assert.equal(up.body.thinking.budget_tokens, 1024);
    assert.equal(up.body.temperature, undefined);
  });

  test("Claude -thinking suffix turns on thinking and never reaches the upstream", async () => {
    const r = await client.chat.completions.create({ model: "claude-sonnet-4-0-thinking", max_tokens: 2000, temperature: 0.2,
                                                     messages: [{ role: "user", content: "q" }] });
    assert.equal(r.choices[0].message.reasoning_content, "Let me think.");
    const up = await env.lastUpstream();
    assert.equal(up.body.model, "claude-sonnet-4-0");
    assert.deepEqual(up.body.thinking, { type: "enabled", budget_tokens: 1600 });
    assert.equal(up.body.temperature, 1);
  });

  test("the chat-to-Responses policy sends chosen models upstream as Responses", async () => {
    const policy = { enabled: true, all_channels: false, channel_types: [1], model_patterns: ["^codex-"] };
    const set = await env.call("PUT", "/api/option/", { key: "global.chat_completions_to_responses_policy", value: JSON.stringify(policy) });
    assert.ok(set.success, JSON.stringify(set));
    await new Promise((r) => setTimeout(r, 300));
    try {
      const r = await client.chat.completions.create({ model: "codex-mini", messages: [{ role: "user", content: "via responses" }] });
      assert.equal(r.choices[0].message.content, "echo: via responses");
      assert.equal((await env.lastUpstream()).url, "/v1/responses");
      const stream = await client.chat.completions.create({ model: "codex-mini", stream: true,
                                                            messages: [{ role: "user", content: "streamed" }] });
      let text = "";
      for await (const c of stream) text += c.choices[0]?.delta?.content ?? "";
      assert.equal(text, "echo: streamed");
      await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "plain" }] });
      assert.equal((await env.lastUpstream()).url, "/v1/chat/completions", "models outside the patterns stay on chat");
    } finally {
      await env.call("PUT", "/api/option/", { key: "global.chat_completions_to_responses_policy", value: JSON.stringify({ enabled: false }) });
    }
  });

  test("OpenAI embeddings on a Gemini channel", async () => {
    const r = await client.embeddings.create({ model: "text-embedding-004", input: ["x", "y"] });
    assert.equal(r.data.length, 2);
    assert.deepEqual(r.data[1].embedding, [0.5, 0.25, 0.125]);
    const up = await env.lastUpstream();
    assert.match(up.url, /text-embedding-004:batchEmbedContents$/);
    assert.equal(up.body.requests[0].content.parts[0].text, "x");
  });

  test("previous_response_id cannot be converted and says so", async () => {
    await assert.rejects(client.responses.create({ model: "claude-sonnet-4-0", input: "x", previous_response_id: "resp_1" }),
      (e) => e.status === 400 && /previous_response_id/.test(e.message));
  });

  test("a missing model is a Responses-shaped 400", async () => {
    const r = await fetch(`${env.gw.base}/v1/responses`, { method: "POST",
      headers: { authorization: `Bearer ${env.key}`, "content-type": "application/json" }, body: JSON.stringify({ input: "x" }) });
    assert.equal(r.status, 400);
    assert.ok((await r.json()).error.message);
  });
});
