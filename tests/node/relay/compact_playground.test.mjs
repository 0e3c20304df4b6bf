// /v1/responses/compact (routed and priced as <model>-openai-compact when a channel serves that
// name, else as the model; the upstream always gets the bare model) and the console playground
// /pg/chat/completions (session only, a temporary playground token, the body's group).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startMock } from "../mock/openai_upstream.mjs";
import { prepare, startGateway } from "./harness.mjs";

let mock, gw, key, call, admin, cookie;

before(async () => {
  mock = await startMock();
  gw = await startGateway({ BATCH_UPDATE_INTERVAL: "1" });
  ({ key, call, admin } = await prepare(gw, mock.port, { models: "gpt-4o-mini,gpt-4.1", selfUse: false }));
  const login = await fetch(gw.base + "/api/user/login", { method: "POST", headers: { "content-type": "application/json" },
                                                           body: JSON.stringify({ username: "root", password: "rootpass123" }) });
  cookie = login.headers.get("set-cookie").split(";")[0];
});

after(async () => {
  await gw.stop();
  mock.server.close();
});

async function lastLog(filter, after = 0) {
  for (let i = 0; i < 50; i++) {
    const items = (await call("GET", `/api/log/?p=1&page_size=5&type=2&${filter}`)).data.items;
    if (items.length && items[0].id > after) return items[0];
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("no log for " + filter);
}

const compact = (model) =>
  fetch(gw.base + "/v1/responses/compact", { method: "POST", headers: { "content-type": "application/json", authorization: "Bearer " + key },
    body: JSON.stringify({ model, input: [{ type: "message", role: "user", content: [{ type: "input_text", text: "long session" }] }],
                           instructions: "You are Codex." }) });

test("compaction on a model's own channel: upstream /v1/responses/compact, billed by its usage", async () => {
  const r = await compact("gpt-4o-mini");
  const body = await r.json();
  assert.equal(r.status, 200, JSON.stringify(body));
  assert.equal(body.object, "response.compaction");
  assert.equal(body.output.at(-1).type, "compaction");
  const up = mock.requests.at(-1);
  assert.equal(up.url, "/v1/responses/compact");
  assert.equal(up.body.model, "gpt-4o-mini");
  assert.equal(up.body.stream, undefined);
  const log = await lastLog("model_name=gpt-4o-mini");
  assert.equal(log.prompt_tokens, 1200);
  assert.equal(log.quota, 180);  // (1200 + 300 × 4) × 0.075
});

test("a channel serving <model>-openai-compact takes compaction; the upstream still gets the bare model", async () => {
  const ch = await call("POST", "/api/channel/", { mode: "single", channel: {
    type: 1, name: "compact", key: "sk-mock-upstream", base_url: `http://127.0.0.1:${mock.port}`,
    models: "gpt-4.1-openai-compact", group: "default" } });
  assert.ok(ch.success, JSON.stringify(ch));
  const r = await compact("gpt-4.1");
  assert.equal(r.status, 200, await r.text());
  const up = mock.requests.at(-1);
  assert.equal(up.url, "/v1/responses/compact");
  assert.equal(up.body.model, "gpt-4.1");
  const log = await lastLog("model_name=gpt-4.1-openai-compact");
  assert.equal(log.channel, ch.data[0]);
  assert.equal(log.quota, 2400);  // priced as gpt-4.1 (ratio 1, completion 4): 1200 + 300 × 4
});

const pg = (body, headers = {}) =>
  fetch(gw.base + "/pg/chat/completions", { method: "POST", headers: { "content-type": "application/json", ...headers },
                                            body: JSON.stringify(body) });
const chat = { model: "gpt-4o-mini", messages: [{ role: "user", content: "hello playground" }] };

test("playground: the console session relays a chat completion under a playground token", async () => {
  const r = await pg({ ...chat, group: "default" }, { cookie, "New-Api-User": "1" });
  const body = await r.json();
  assert.equal(r.status, 200, JSON.stringify(body));
  assert.equal(body.object, "chat.completion");
  assert.equal(mock.requests.at(-1).body.group, undefined, "the playground's group field stays in the gateway");
  const log = await lastLog("token_name=playground-default");
  assert.equal(log.model_name, "gpt-4o-mini");
  assert.ok(log.quota > 0);
});

test("playground streams too", async () => {
  const r = await pg({ ...chat, stream: true }, { cookie, "New-Api-User": "1" });
  assert.equal(r.status, 200);
  assert.match(r.headers.get("content-type"), /text\/event-stream/);
  assert.match(await r.text(), /data: \[DONE\]/);
});

test("playground refuses access tokens, strangers and groups the user may not use", async () => {
  const seen = mock.requests.length;
  const withToken = await pg(chat, { ...admin });
  assert.equal(withToken.status, 403);
  assert.match((await withToken.json()).error.message, /access token/);
  const stranger = await pg(chat);
  assert.equal(stranger.status, 401);
  assert.ok((await stranger.json()).error);
  const otherGroup = await pg({ ...chat, group: "secret-group" }, { cookie, "New-Api-User": "1" });
  assert.equal(otherGroup.status, 403);
  assert.equal(mock.requests.length, seen);
});
