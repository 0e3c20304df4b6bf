// Relay failure paths: each auth failure's status and OpenAI-shaped body, bad bodies, missing
// channels, upstream errors, a stream dropped mid-way, and a client that goes away.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { gzipSync } from "node:zlib";
import { startMock } from "../mock/openai_upstream.mjs";
import { prepare, startGateway, userKey } from "./harness.mjs";

let mock, gw, key, call;

before(async () => {
  mock = await startMock();
  gw = await startGateway({ MAX_REQUEST_BODY_MB: "1" });
  ({ key, call } = await prepare(gw, mock.port));
});

after(async () => {
  await gw.stop();
  mock.server.close();
});

const chat = (k, body, headers = {}) =>
  fetch(gw.base + "/v1/chat/completions", {
    method: "POST",
    headers: { "content-type": "application/json", ...(k ? { authorization: "Bearer " + k } : {}), ...headers },
    body: typeof body === "string" || body instanceof Uint8Array ? body : JSON.stringify(body),
  });
const simple = { model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] };

async function expectError(res, status, code) {
  assert.equal(res.status, status);
  const j = await res.json();
  assert.equal(typeof j.error.message, "string");
  assert.ok(j.error.message.length > 0);
  assert.ok("type" in j.error && "param" in j.error && "code" in j.error);
  if (code) assert.equal(j.error.code, code);
  return j;
}

// A second key with given fields; returns "sk-..." (the admin API is the only way in).
async function extraKey(fields) {
  await call("POST", "/api/token/", { name: "k" + Math.random().toString(36).slice(2, 8), expired_time: -1, remain_quota: 1000, ...fields });
  const list = await call("GET", "/api/token/?p=1&size=100");
  const id = list.data.items[0].id;
  return "sk-" + (await call("POST", `/api/token/${id}/key`)).data.key;
}

test("missing and unknown keys get 401", async () => {
  await expectError(await chat(null, simple), 401);
  await expectError(await chat("sk-" + "x".repeat(48), simple), 401);
});

test("disabled, expired and exhausted keys get 401", async () => {
  const disabled = await extraKey({});
  const list = await call("GET", "/api/token/?p=1&size=100");
  await call("PUT", "/api/token/?status_only=true", { id: list.data.items[0].id, status: 2 });
  await expectError(await chat(disabled, simple), 401);
  await expectError(await chat(await extraKey({ expired_time: 1000 }), simple), 401);
  await expectError(await chat(await extraKey({ remain_quota: 0 }), simple), 401);
});

test("IP allow-list and model limits get 403", async () => {
  await expectError(await chat(await extraKey({ allow_ips: "10.9.9.9" }), simple), 403, "access_denied");
  assert.equal((await chat(await extraKey({ allow_ips: "127.0.0.0/8" }), simple)).status, 200);
  const limited = await extraKey({ model_limits_enabled: true, model_limits: "tools" });
  await expectError(await chat(limited, simple), 403);
  const models = await (await fetch(gw.base + "/v1/models", { headers: { authorization: "Bearer " + limited } })).json();
  assert.deepEqual(models.data.map((m) => m.id), ["tools"]);
});

test("channel pinning is for admins; the key of a common user is refused", async () => {
  assert.equal((await chat(key + "-1", simple)).status, 200);  // root's key may pin channel 1
  await expectError(await chat(key + "-999", simple), 404);
  await call("PUT", "/api/option/", { key: "QuotaForNewUser", value: "500000" });
  const bob = await userKey(gw, "bob", "bobpass123");
  assert.equal((await chat(bob, simple)).status, 200);
  await expectError(await chat(bob + "-1", simple), 403);
});

test("a user without balance is refused before any upstream call", async () => {
  await call("PUT", "/api/option/", { key: "QuotaForNewUser", value: "0" });
  const carol = await userKey(gw, "carol", "carolpass123");
  const res = await chat(carol, simple);
  assert.equal(res.status, 403);
  assert.equal((await res.json()).error.code, "insufficient_user_quota");
});

test("malformed JSON, missing model and oversized bodies", async () => {
  await expectError(await chat(key, "{not json"), 400);
  await expectError(await chat(key, { messages: [] }), 400);
  await expectError(await chat(key, { model: "gpt-4o-mini", messages: [{ role: "user", content: "x".repeat(1100000) }] }), 413);
});

test("gzip bodies are accepted and bombs are refused", async () => {
  const ok = await chat(key, gzipSync(JSON.stringify(simple)), { "content-encoding": "gzip" });
  assert.equal(ok.status, 200);
  assert.equal((await ok.json()).choices[0].message.content, "echo: hi");
  const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024, 0x20));  // 50 MB of spaces, tiny compressed
  await expectError(await chat(key, bomb, { "content-encoding": "gzip" }), 413);
});

test("a model no channel serves is 503 model_not_found", async () => {
  await expectError(await chat(key, { ...simple, model: "no-such-model" }), 503, "model_not_found");
});

test("upstream errors keep their status and message", async () => {
  const e401 = await expectError(await chat(key, { ...simple, model: "fail-401" }), 401);
  assert.match(e401.error.message, /Incorrect API key/);
  const e400 = await expectError(await chat(key, { ...simple, model: "fail-400" }), 400);
  assert.match(e400.error.message, /max_tokens/);
  await expectError(await chat(key, { ...simple, model: "fail-500" }), 500);
});

test("a stream dropped mid-way ends with an error event and [DONE]", async () => {
  const res = await chat(key, { ...simple, model: "drop-mid", stream: true });
  assert.equal(res.status, 200);
  const text = await res.text();
  assert.match(text, /"content":"Hello"/);
  assert.match(text, /data: \{"error":/);
  assert.ok(text.trimEnd().endsWith("data: [DONE]"));
  assert.equal((await chat(key, simple)).status, 200);
});

test("a client that disconnects cancels the upstream at once", async () => {
  await fetch(`http://127.0.0.1:${mock.port}/_mock/reset`);
  const ctrl = new AbortController();
  const reader = (await fetch(gw.base + "/v1/chat/completions", {
    method: "POST", signal: ctrl.signal,
    headers: { "content-type": "application/json", authorization: "Bearer " + key },
    body: JSON.stringify({ ...simple, model: "hang", stream: true }) })).body.getReader();
  await reader.read();
  ctrl.abort();
  let aborted = 0;
  for (let i = 0; i < 40 && aborted < 1; i++) {
    await new Promise((r) => setTimeout(r, 50));
    aborted = (await (await fetch(`http://127.0.0.1:${mock.port}/_mock/stats`)).json()).aborted;
  }
  assert.ok(aborted >= 1, "the upstream request was not canceled");
  assert.equal((await chat(key, simple)).status, 200);
});

test("an unknown relay path answers 404 in the client's own error format", async () => {
  const openai = await fetch(gw.base + "/v1/no-such-endpoint", { method: "POST", headers: { authorization: "Bearer " + key } });
  const o = await expectError(openai, 404);
  assert.match(o.error.message, /^Invalid URL \(POST \/v1\/no-such-endpoint\)/);
  assert.equal(o.error.type, "invalid_request_error");
  const claude = await fetch(gw.base + "/v1/messages/no-such", {
    method: "POST", headers: { "x-api-key": key, "anthropic-version": "2023-06-01" } });
  assert.equal(claude.status, 404);
  const c = await claude.json();
  assert.equal(c.type, "error");
  assert.equal(c.error.type, "not_found_error");  // what Anthropic answers a 404 with
  const gemini = await fetch(gw.base + "/v1beta/no-such-thing", { headers: { "x-goog-api-key": key } });
  assert.equal(gemini.status, 404);
  const g = await gemini.json();
  assert.equal(g.error.code, 404);
  assert.equal(g.error.status, "NOT_FOUND");
  const api = await fetch(gw.base + "/api/no-such-thing");
  assert.equal(api.status, 404);  // New API answers its management prefix the same way
  const a = await api.json();
  assert.equal(a.error.message, "Invalid URL (GET /api/no-such-thing)");
  assert.equal(a.error.type, "invalid_request_error");
  assert.equal(a.success, undefined);
});

test("routes New API keeps as placeholders answer 501 api_not_implemented, after the key check", async () => {
  for (const [method, path] of [["GET", "/v1/files"], ["POST", "/v1/fine-tunes"], ["DELETE", "/v1/models/gpt-4o-mini"],
                                ["GET", "/v1/files/file-1/content"]]) {
    const r = await fetch(gw.base + path, { method, headers: { authorization: "Bearer " + key, "content-type": "application/json" },
                                            body: method === "POST" ? "{}" : undefined });
    assert.equal(r.status, 501, `${method} ${path}`);
    assert.equal((await r.json()).error.code, "api_not_implemented");
    const anonymous = await fetch(gw.base + path, { method });
    assert.equal(anonymous.status, 401, `${method} ${path} without a key`);
  }
});
