// @google/genai against the gateway's /v1beta routes: natively on a Gemini channel, converted on
// OpenAI and Claude channels (generateContent, streams, function calls, embeddings, errors).
import { GoogleGenAI } from "@google/genai";
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";

import { startFormats } from "./formats_common.mjs";

describe("Google GenAI SDK", () => {
  let env, ai;
  before(async () => {
    env = await startFormats();
    ai = new GoogleGenAI({ apiKey: env.key, httpOptions: { baseUrl: env.gw.base } });
  });
  after(async () => env.stop());

  const weather = [{ functionDeclarations: [{ name: "get_weather", description: "Weather of a city",
    parameters: { type: "OBJECT", properties: { city: { type: "STRING" } }, required: ["city"] } }] }];

  for (const model of ["gemini-2.5-flash", "gpt-4o-mini", "claude-sonnet-4-0"]) {
    test(`generateContent on ${model}`, async () => {
      const r = await ai.models.generateContent({ model, contents: "hello gemini",
                                                  config: { systemInstruction: "Be brief.", temperature: 0.3, maxOutputTokens: 50 } });
      assert.equal(r.text, "echo: hello gemini");
      assert.equal(r.candidates[0].finishReason, "STOP");
      assert.ok(r.usageMetadata.promptTokenCount > 0 && r.usageMetadata.candidatesTokenCount > 0);
    });

    test(`generateContentStream on ${model}`, async () => {
      const stream = await ai.models.generateContentStream({ model, contents: "stream please" });
      let text = "", last;
      for await (const chunk of stream) {
        text += chunk.text ?? "";
        last = chunk;
      }
      assert.ok(text.length > 0);
      assert.equal(last.candidates[0].finishReason, "STOP");
      assert.ok(last.usageMetadata.totalTokenCount > 0);
    });
  }

  for (const model of ["gemini-tools", "tools", "claude-tools"]) {
    test(`function calling round trip on ${model}`, async () => {
      const first = await ai.models.generateContent({ model, contents: "Weather in Paris?", config: { tools: weather } });
      assert.equal(first.functionCalls.length, 1);
      assert.equal(first.functionCalls[0].name, "get_weather");
      assert.deepEqual(first.functionCalls[0].args, { city: "Paris" });
      const second = await ai.models.generateContent({ model, config: { tools: weather }, contents: [
        { role: "user", parts: [{ text: "Weather in Paris?" }] },
        first.candidates[0].content,
        { role: "user", parts: [{ functionResponse: { name: "get_weather", response: { forecast: "sunny" } } }] }] });
      assert.match(second.text, /sunny/);
    });
  }

  test("streamed function call from an OpenAI channel arrives whole", async () => {
    const calls = [];
    for await (const chunk of await ai.models.generateContentStream({ model: "tools", contents: "Weather?", config: { tools: weather } }))
      calls.push(...(chunk.functionCalls ?? []));
    assert.equal(calls.length, 1);
    assert.deepEqual(calls[0].args, { city: "Paris" });
  });

  test("upper-case schema types reach OpenAI as JSON Schema", async () => {
    await ai.models.generateContent({ model: "gpt-4o-mini", contents: "x", config: { tools: weather } });
    const up = await env.lastUpstream();
    assert.equal(up.body.tools[0].function.parameters.type, "object");
    assert.equal(up.body.tools[0].function.parameters.properties.city.type, "string");
    assert.equal(up.body.messages[0].role, "user");
  });

  test("converted requests carry no model field and get safety settings", async () => {
    await ai.models.generateContent({ model: "gemini-2.5-flash", contents: "native" });
    const native = await env.lastUpstream();
    assert.equal(native.body.model, undefined);
    assert.equal(native.body.safetySettings, undefined, "a native request is passed through untouched");
    assert.equal(native.headers["x-goog-api-key"], "upstream-key");
  });

  test("thinking budget suffix is clamped and stripped from the URL", async () => {
    const r = await ai.models.generateContent({ model: "gemini-2.5-flash-thinking-100000", contents: "hmm" });
    assert.ok(r.text.startsWith("echo"));
    const up = await env.lastUpstream();
    assert.match(up.url, /\/models\/gemini-2\.5-flash:generateContent$/);
    assert.equal(up.body.generationConfig.thinkingConfig.thinkingBudget, 24576);
  });

  test("embedContent on a Gemini channel", async () => {
    const r = await ai.models.embedContent({ model: "text-embedding-004", contents: "embed me" });
    assert.deepEqual(r.embeddings[0].values, [0.5, 0.25, 0.125]);
  });

  test("embedContent and batch embeddings on an OpenAI channel", async () => {
    const one = await ai.models.embedContent({ model: "text-embedding-3-small", contents: "embed me" });
    assert.deepEqual(one.embeddings[0].values, [0.1, 0.2, 0.3]);
    assert.deepEqual((await env.lastUpstream()).body.input, ["embed me"]);  // the SDK always sends the batch form
    const many = await ai.models.embedContent({ model: "text-embedding-3-small", contents: ["a", "b"] });
    assert.equal(many.embeddings.length, 2);
    assert.deepEqual((await env.lastUpstream()).body.input, ["a", "b"]);
    const single = await fetch(`${env.gw.base}/v1beta/models/text-embedding-3-small:embedContent`, { method: "POST",
      headers: { "x-goog-api-key": env.key, "content-type": "application/json" },
      body: JSON.stringify({ content: { parts: [{ text: "solo" }] } }) });
    assert.deepEqual((await single.json()).embedding.values, [0.1, 0.2, 0.3]);
    assert.equal((await env.lastUpstream()).body.input, "solo");
  });

  test("a malformed path is Google's 404", async () => {
    const r = await fetch(`${env.gw.base}/v1beta/models/gemini-2.5-flash:explode`, {
      method: "POST", headers: { "x-goog-api-key": env.key, "content-type": "application/json" }, body: "{}" });
    assert.equal(r.status, 404);
    const body = await r.json();
    assert.equal(body.error.code, 404);
    assert.equal(body.error.status, "NOT_FOUND");
  });

  test("a bad key is Google's 401 error shape", async () => {
    const bad = new GoogleGenAI({ apiKey: "nope", httpOptions: { baseUrl: env.gw.base } });
    await assert.rejects(bad.models.generateContent({ model: "gemini-2.5-flash", contents: "x" }),
      (e) => e.status === 401 && /UNAUTHENTICATED/.test(e.message));
  });

  test("models.list answers in Gemini's shape", async () => {
    const r = await (await fetch(`${env.gw.base}/v1beta/models?key=${env.key}`)).json();
    const names = r.models.map((m) => m.name);
    assert.ok(names.includes("models/gemini-2.5-flash"));
    assert.ok(r.models[0].supportedGenerationMethods.includes("generateContent"));
  });

  test("models.countTokens: Google counts on a Gemini channel, the local tokenizer elsewhere", async () => {
    const count = async (model, text) => (await ai.models.countTokens({ model, contents: text })).totalTokens;
    const native = await count("gemini-2.5-flash", "hello");
    assert.ok(native > 1000, `Google's own count: ${native}`);
    assert.match(env.mock.requests.at(-1).url, /gemini-2\.5-flash:countTokens$/);
    const short = await count("gpt-4o-mini", "hello");
    const long = await count("gpt-4o-mini", "hello ".repeat(200));
    assert.ok(Number.isInteger(short) && short > 0 && short < 1000, String(short));
    assert.ok(long > short + 150, `${short} vs ${long}`);
  });
});
