// Transport behaviour: a slow client slows its upstream down instead of losing data, a client that
// stops reading is cut off without stalling the server, and a channel's proxy setting routes its
// upstream traffic through that proxy.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startMock, startProxy } from "../mock/openai_upstream.mjs";
import { prepare, startGateway } from "./harness.mjs";

let mock, proxy, gw, key, call;

before(async () => {
  mock = await startMock();
  proxy = await startProxy();
  gw = await startGateway();
  ({ key, call } = await prepare(gw, mock.port, { models: "gpt-4o-mini,flood,flood-small" }));
});

after(async () => {
  await gw.stop();
  mock.server.close();
  proxy.server.close();
});

const post = (model, stream = false) =>
  fetch(gw.base + "/v1/chat/completions", {
    method: "POST", headers: { "content-type": "application/json", authorization: "Bearer " + key },
    body: JSON.stringify({ model, stream, messages: [{ role: "user", content: "hi" }] }) });

test("a slow client gets every byte: the upstream is paused, not the stream cut", { timeout: 60000 }, async () => {
  await fetch(`http://127.0.0.1:${mock.port}/_mock/reset`);
  const res = await post("flood-small", true);
  assert.equal(res.status, 200);
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let text = "", reads = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
    if (++reads % 8 === 0) await new Promise((r) => setTimeout(r, 20));  // slower than the upstream
  }
  assert.equal(text.split("\n\n").filter((e) => e.startsWith("data: {")).length, 1500);
  assert.ok(text.endsWith("data: [DONE]\n\n"));
  const stats = await (await fetch(`http://127.0.0.1:${mock.port}/_mock/stats`)).json();
  assert.equal(stats.aborted, 0);
});

test("a client that stops reading is cut off and the server stays responsive", { timeout: 60000 }, async () => {
  await fetch(`http://127.0.0.1:${mock.port}/_mock/reset`);
  const res = await post("flood", true);
  assert.equal(res.status, 200);
  const reader = res.body.getReader();
  await reader.read();  // then never read again
  let aborted = 0;
  for (let i = 0; i < 200 && aborted < 1; i++) {
    await new Promise((r) => setTimeout(r, 100));
    aborted = (await (await fetch(`http://127.0.0.1:${mock.port}/_mock/stats`)).json()).aborted;
  }
  assert.ok(aborted >= 1, "the flooding upstream was not cut off");
  const t0 = Date.now();
  assert.equal((await post("gpt-4o-mini")).status, 200);
  assert.ok(Date.now() - t0 < 2000);
});

test("a channel's proxy setting sends its upstream requests through the proxy", async () => {
  const channels = await call("GET", "/api/channel/?p=1&page_size=10");
  const ch = channels.data.items[0];
  const updated = await call("PUT", "/api/channel/", { id: ch.id, setting: JSON.stringify({ proxy: `http://127.0.0.1:${proxy.port}` }) });
  assert.equal(updated.success, true, JSON.stringify(updated));
  const before = proxy.stats.forwarded;
  const r = await post("gpt-4o-mini");
  assert.equal(r.status, 200);
  assert.equal((await r.json()).choices[0].message.content, "echo: hi");
  assert.equal(proxy.stats.forwarded, before + 1);
});
