// Request limits: New API's per-user model request limit, per-token RPM and concurrency, and a
// per-channel concurrency cap that sends the overflow to the next channel.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startMock } from "../mock/openai_upstream.mjs";
import { prepare, startGateway } from "./harness.mjs";

let mock, gw, key, call;

before(async () => {
  mock = await startMock();
  gw = await startGateway();
  ({ key, call } = await prepare(gw, mock.port, { models: "gpt-4o-mini,slow-model" }));
});

after(async () => {
  await gw.stop();
  mock.server.close();
});

const set = (k, v) => call("PUT", "/api/option/", { key: k, value: String(v) });
const chat = (model = "gpt-4o-mini", headers = {}) =>
  fetch(gw.base + "/v1/chat/completions", {
    method: "POST", headers: { "content-type": "application/json", authorization: "Bearer " + key, ...headers },
    body: JSON.stringify({ model, messages: [{ role: "user", content: "hi" }] }) });

async function expect429(res) {
  assert.equal(res.status, 429);
  const j = await res.json();
  assert.equal(j.error.code, "rate_limit_exceeded");
  assert.ok(j.error.message.length > 0);
}

test("the per-user model request limit counts every request in its window", async () => {
  await set("ModelRequestRateLimitEnabled", "true");
  await set("ModelRequestRateLimitCount", 3);
  try {
    for (let i = 0; i < 3; i++) assert.equal((await chat()).status, 200);
    await expect429(await chat());
  } finally {
    await set("ModelRequestRateLimitEnabled", "false");
  }
});

test("a group override replaces the global counts", async () => {
  await set("ModelRequestRateLimitEnabled", "true");
  await set("ModelRequestRateLimitCount", 0);
  await set("ModelRequestRateLimitSuccessCount", 1000);
  await set("ModelRequestRateLimitDurationMinutes", 2);  // a fresh window length: earlier counts still apply
  await set("ModelRequestRateLimitGroup", JSON.stringify({ default: [100, 5] }));
  try {
    // Successes are counted when a request settles, a few milliseconds after its answer.
    let ok = 0;
    for (let i = 0; i < 6; i++) {
      if ((await chat()).status === 200) ok++;
      await new Promise((r) => setTimeout(r, 60));
    }
    assert.ok(ok <= 5, `the success limit of 5 held (${ok} passed)`);
    await expect429(await chat());
  } finally {
    await set("ModelRequestRateLimitEnabled", "false");
    await set("ModelRequestRateLimitGroup", "{}");
  }
});

test("per-token RPM", async () => {
  await set("TokenRateLimitRPM", 2);
  try {
    assert.equal((await chat()).status, 200);
    assert.equal((await chat()).status, 200);
    await expect429(await chat());
  } finally {
    await set("TokenRateLimitRPM", 0);
  }
});

test("per-token concurrency", async () => {
  await set("TokenConcurrencyLimit", 1);
  try {
    const first = chat("slow-model");  // the mock answers slow-* models after a second
    await new Promise((r) => setTimeout(r, 100));
    await expect429(await chat());
    assert.equal((await first).status, 200);
    assert.equal((await chat()).status, 200);  // the slot freed with the first answer
  } finally {
    await set("TokenConcurrencyLimit", 0);
  }
});

test("a channel at its concurrency cap is skipped for the next one", async () => {
  const add = (channel) => call("POST", "/api/channel/", { mode: "single", channel: {
    type: 1, key: "sk-x", group: "default", models: "slow-capped", ...channel } });
  await add({ name: "capped", priority: 10, base_url: `http://127.0.0.1:${mock.port}/capped`,
              setting: JSON.stringify({ max_concurrency: 1 }) });
  await add({ name: "spare", priority: 0, base_url: `http://127.0.0.1:${mock.port}/spare` });
  const results = await Promise.all([0, 1].map(() => chat("slow-capped")));
  assert.deepEqual(results.map((r) => r.status), [200, 200]);
  const urls = mock.requests.slice(-2).map((r) => r.url.split("/")[1]).sort();
  assert.deepEqual(urls, ["capped", "spare"]);
});
