// Billing with New API's arithmetic: each charge below is computed by hand from the mock's fixed
// usage and the prices set here, then compared with the consume log and with the balances.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startMock } from "../mock/openai_upstream.mjs";
import { prepare, startGateway } from "./harness.mjs";

let mock, gw, key, call;
const models = "plain,comp,cached,cache-write,per-call,mapped-public,no-usage,slow-stream,fail-400,unpriced";

before(async () => {
  mock = await startMock();
  gw = await startGateway({ BATCH_UPDATE_INTERVAL: "1", ERROR_LOG_ENABLED: "true" });
  ({ key, call } = await prepare(gw, mock.port, { models, selfUse: false }));
  const set = (k, v) => call("PUT", "/api/option/", { key: k, value: JSON.stringify(v) });
  await set("ModelRatio", { plain: 2, comp: 2, cached: 2, "cache-write": 2, "mapped-public": 3, "no-usage": 1, "slow-stream": 1,
                            "fail-400": 1 });
  await set("CompletionRatio", { comp: 4, cached: 2, "cache-write": 2 });
  await set("CacheRatio", { cached: 0.5, "cache-write": 0.25 });
  await set("CreateCacheRatio", { "cache-write": 1.5 });
  await set("ModelPrice", { "per-call": 0.02 });
  const channels = (await call("GET", "/api/channel/?p=1&page_size=10")).data.items;
  const ch = channels[0];
  await call("PUT", "/api/channel/", { ...ch, model_mapping: JSON.stringify({ "mapped-public": "plain" }) });
});

after(async () => {
  await gw.stop();
  mock.server.close();
});

const chat = (model, extra = {}, k = key) =>
  fetch(gw.base + "/v1/chat/completions", {
    method: "POST", headers: { "content-type": "application/json", authorization: "Bearer " + k },
    body: JSON.stringify({ model, messages: [{ role: "user", content: "hello there" }], ...extra }) });

const self = async () => (await call("GET", "/api/user/self")).data;

const logsOf = async (model, type = 2) =>
  (await call("GET", `/api/log/?p=1&page_size=50&type=${type}&model_name=${model}`)).data.items;
const newestId = async (model) => (await logsOf(model))[0]?.id || 0;
// Charges reach the database in batches (BATCH_UPDATE_INTERVAL=1 here): wait one out.
const flushed = () => new Promise((r) => setTimeout(r, 1500));

// The first consume log for a model newer than `after`, once the ledger has flushed it.
async function lastLog(model, after = 0) {
  for (let i = 0; i < 100; i++) {
    const logs = await logsOf(model);
    if (logs.length && logs[0].id > after) return logs[0];
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("no new log for " + model);
}

async function charged(model, expected, extra) {
  const since = await newestId(model);
  const res = await chat(model, extra);
  assert.equal(res.status, 200, await res.clone().text());
  await res.text();
  const log = await lastLog(model, since);
  assert.equal(log.quota, expected);
  return log;
}

test("plain ratio: (prompt + completion) × model ratio", async () => {
  const log = await charged("plain", (11 + 7) * 2);
  assert.equal(log.prompt_tokens, 11);
  assert.equal(log.completion_tokens, 7);
  const other = JSON.parse(log.other);
  assert.equal(other.model_ratio, 2);
  assert.equal(other.model_price, -1);
  assert.deepEqual(other.admin_info.use_channel, [String(log.channel)]);
});

test("completion ratio applies to completion tokens only", async () => {
  await charged("comp", (11 + 7 * 4) * 2);
});

test("cache reads are billed at the cache ratio", async () => {
  // base 1000-400 = 600, cached 400 × 0.5 = 200, completion 50 × 2 = 100 → 900 × 2
  const log = await charged("cached", 1800);
  assert.equal(JSON.parse(log.other).cache_tokens, 400);
});

test("cache writes are billed at the create-cache ratio", async () => {
  // base 1000-200-300 = 500, 200 × 0.25 = 50, 300 × 1.5 = 450, completion 50 × 2 = 100 → 1100 × 2
  await charged("cache-write", 2200);
});

test("a per-call price wins over ratios: price × QuotaPerUnit", async () => {
  const log = await charged("per-call", 0.02 * 500000);
  assert.equal(JSON.parse(log.other).model_price, 0.02);
});

test("a mapped model is billed and logged under the requested name", async () => {
  const log = await charged("mapped-public", (11 + 7) * 3);
  const other = JSON.parse(log.other);
  assert.equal(other.upstream_model_name, "plain");
  assert.equal(mock.requests.at(-1).body.model, "plain");
});

test("missing usage is estimated locally and billed by the same formula", async () => {
  const res = await chat("no-usage");
  assert.equal(res.status, 200);
  await res.text();
  const log = await lastLog("no-usage");
  assert.ok(log.prompt_tokens > 0 && log.completion_tokens > 0, JSON.stringify(log));
  assert.equal(log.quota, log.prompt_tokens + log.completion_tokens);
  assert.equal(JSON.parse(log.other).usage_estimated, true);
});

test("a group ratio multiplies the charge", async () => {
  await call("PUT", "/api/option/", { key: "GroupRatio", value: JSON.stringify({ default: 1.5, vip: 1 }) });
  try {
    await charged("comp", (11 + 7 * 4) * 2 * 1.5);
  } finally {
    await call("PUT", "/api/option/", { key: "GroupRatio", value: JSON.stringify({ default: 1, vip: 1 }) });
  }
});

test("GroupGroupRatio: what a user's group pays in the token's group wins over GroupRatio", async () => {
  const set = (k, v) => call("PUT", "/api/option/", { key: k, value: JSON.stringify(v) });
  await set("GroupRatio", { default: 1.5, vip: 1 });
  await set("GroupGroupRatio", { default: { default: 0.5 }, vip: { default: 4 } });
  try {
    await charged("comp", (11 + 7 * 4) * 2 * 0.5);  // root is in default, its key too
  } finally {
    await set("GroupRatio", { default: 1, vip: 1 });
    await set("GroupGroupRatio", {});
  }
});

test("an unpriced model is refused unless self-use mode is on", async () => {
  const res = await chat("unpriced");
  assert.equal(res.status, 500);
  assert.equal((await res.json()).error.code, "model_price_error");
  assert.equal(mock.requests.filter((r) => r.body.model === "unpriced").length, 0);
});

test("a failed request costs nothing; a client abort mid-stream pays for what was delivered", async () => {
  await flushed();
  const before = await self();
  const res = await chat("fail-400");
  assert.equal(res.status, 400);
  const ctrl = new AbortController();
  const stream = await fetch(gw.base + "/v1/chat/completions", {
    method: "POST", signal: ctrl.signal,
    headers: { "content-type": "application/json", authorization: "Bearer " + key, "x-mock-delay-ms": "300" },
    body: JSON.stringify({ model: "slow-stream", stream: true, messages: [{ role: "user", content: "hi" }] }) });
  const reader = stream.body.getReader();
  await reader.read();
  ctrl.abort();
  const log = await lastLog("slow-stream", 0);
  assert.equal(JSON.parse(log.other).stream_end, "client_gone");
  assert.equal(log.quota, Math.max(1, log.prompt_tokens + log.completion_tokens));
  await flushed();
  const after = await self();
  assert.equal(before.quota - after.quota, log.quota);  // fail-400 added nothing
  const errors = await logsOf("fail-400", 5);
  assert.equal(errors.length, 1);
  assert.equal(errors[0].quota, 0);
  assert.match(errors[0].content, /max_tokens is too large/);
});

test("consumption is aggregated per user, model and hour in quota_data", async () => {
  await flushed();
  const now = Math.floor(Date.now() / 1000);
  const rows = (await call("GET", `/api/data/?start_timestamp=${now - 7200}&end_timestamp=${now + 3600}`)).data;
  const comp = rows.filter((r) => r.model_name === "comp");
  const logs = (await logsOf("comp")).filter((l) => l.created_at >= now - 7200);
  assert.equal(comp.reduce((n, r) => n + r.count, 0), logs.length);
  assert.equal(comp.reduce((n, r) => n + r.quota, 0), logs.reduce((n, l) => n + l.quota, 0));
  for (const r of comp) assert.equal(r.created_at % 3600, 0);
});

test("balances move by exactly the sum of the consume logs", async () => {
  await flushed();
  const before = await self();
  const logsBefore = (await call("GET", "/api/log/stat?type=2")).data.quota;
  await Promise.all(Array.from({ length: 20 }, () => chat("comp").then((r) => r.text())));
  let after, logsAfter;
  for (let i = 0; i < 50; i++) {
    await new Promise((r) => setTimeout(r, 200));
    after = await self();
    logsAfter = (await call("GET", "/api/log/stat?type=2")).data.quota;
    if (logsAfter - logsBefore === 20 * 78 && before.quota - after.quota === 20 * 78) break;
  }
  assert.equal(logsAfter - logsBefore, 20 * 78);
  assert.equal(before.quota - after.quota, 20 * 78);
  assert.equal(after.used_quota - before.used_quota, 20 * 78);
  assert.equal(after.request_count - before.request_count, 20);
});
