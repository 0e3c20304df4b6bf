// Retries (option RetryTimes): a failure before the first byte moves to the next priority,
// never back to a channel already tried; client faults (400) are not retried.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startMock } from "../mock/openai_upstream.mjs";
import { freePort, prepare, startGateway } from "./harness.mjs";

let mock, gw, key, call;

before(async () => {
  mock = await startMock();
  gw = await startGateway();
  ({ key, call } = await prepare(gw, mock.port, { models: "gpt-4o-mini,fail-400" }));
  const dead = await freePort();
  const broken = await call("POST", "/api/channel/", { type: 1, name: "broken", key: "k", priority: 10,
                                                       base_url: `http://127.0.0.1:${dead}`, models: "gpt-4o-mini,fail-400" });
  assert.equal(broken.success, true);
});

after(async () => {
  await gw.stop();
  mock.server.close();
});

const chat = (model) =>
  fetch(gw.base + "/v1/chat/completions", {
    method: "POST", headers: { "content-type": "application/json", authorization: "Bearer " + key },
    body: JSON.stringify({ model, messages: [{ role: "user", content: "hi" }] }) });

test("without retries the highest-priority channel's failure reaches the client", async () => {
  assert.equal((await call("PUT", "/api/option/", { key: "RetryTimes", value: "0" })).success, true);
  const r = await chat("gpt-4o-mini");
  assert.equal(r.status, 502);
  assert.match((await r.json()).error.message, /upstream request failed/);
});

test("with a retry the next priority answers", async () => {
  assert.equal((await call("PUT", "/api/option/", { key: "RetryTimes", value: "3" })).success, true);
  const before = mock.requests.length;
  const r = await chat("gpt-4o-mini");
  assert.equal(r.status, 200);
  assert.equal((await r.json()).choices[0].message.content, "echo: hi");
  assert.equal(mock.requests.length, before + 1);  // the working channel was called once
});

test("a 400 from the upstream is not retried", async () => {
  const before = mock.requests.length;
  const r = await chat("fail-400");  // the broken channel fails to connect, then the mock answers 400
  assert.equal(r.status, 400);
  assert.equal(mock.requests.length, before + 1);
});
