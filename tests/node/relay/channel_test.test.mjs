// GET /api/channel/test/:id runs a real request through the provider plugin.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startMock } from "../mock/openai_upstream.mjs";
import { freePort, prepare, startGateway } from "./harness.mjs";

let mock, gw, call, channelId;

before(async () => {
  mock = await startMock();
  gw = await startGateway();
  ({ call, channelId } = await prepare(gw, mock.port));
});

after(async () => {
  await gw.stop();
  mock.server.close();
});

test("a healthy channel passes and records its response time", async () => {
  const r = await call("GET", `/api/channel/test/${channelId}?model=gpt-4o-mini`);
  assert.equal(r.success, true, JSON.stringify(r));
  assert.ok(r.time >= 0);
  const ch = await call("GET", `/api/channel/${channelId}`);
  assert.ok(ch.data.test_time > 0);
  assert.equal(mock.requests.at(-1).body.model, "gpt-4o-mini");
});

test("an upstream error and an unreachable upstream fail with the reason", async () => {
  const bad = await call("GET", `/api/channel/test/${channelId}?model=fail-401`);
  assert.equal(bad.success, false);
  assert.match(bad.message, /Incorrect API key/);
  const dead = await freePort();
  const created = await call("POST", "/api/channel/", { type: 1, name: "dead", key: "k", base_url: `http://127.0.0.1:${dead}`, models: "gpt-4o-mini" });
  const r = await call("GET", `/api/channel/test/${created.data[0]}`);
  assert.equal(r.success, false);
  assert.match(r.message, /upstream request failed/);
});
