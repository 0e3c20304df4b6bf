// Suno and video tasks as their clients drive them: Suno's submit/fetch envelope, OpenAI's SDK on
// /v1/videos (multipart create, retrieve, streamed content), New API's generic
// /v1/video/generations on Doubao Seedance with the price adjusted to the seconds delivered,
// failures refunded, and a restart in the middle of a task.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import OpenAI from "openai";
import { startTaskMock } from "../mock/task_upstream.mjs";
import { userKey } from "../relay/harness.mjs";
import { PRICES, prepareTasks, startTaskGateway, until } from "./harness.mjs";

let mock, gw, ctx;
const Q = 500000;

before(async () => {
  mock = await startTaskMock();
  gw = await startTaskGateway(mock.port);
  ctx = await prepareTasks(gw, mock);
});

after(async () => {
  await gw?.stop();
  mock?.server.close();
});

const post = (path, body, key = ctx.key) =>
  fetch(gw.base + path, { method: "POST", headers: { "content-type": "application/json", authorization: "Bearer " + key },
                          body: JSON.stringify(body) });
const get = (path, key = ctx.key) => fetch(gw.base + path, { headers: { authorization: "Bearer " + key } });
// Admin calls follow the gateway across its restart (a new port).
const call = async (method, path, body) =>
  (await fetch(gw.base + path, { method, headers: { "content-type": "application/json", ...ctx.admin },
                                 body: body ? JSON.stringify(body) : undefined })).json();
const quota = async () => (await call("GET", "/api/user/self")).data.quota;
const upstreamId = (taskId) => {
  const row = mock.requests.findLast((r) => r.method === "POST" && (r.path.startsWith("/suno/submit") ||
                                     r.path === "/v1/videos" || r.path.startsWith("/api/v3/")));
  return row && [...mock.tasks.values()].findLast((t) => t.key === row.key)?.id;
};

test("Suno: submit answers a public task id, fetch reads the local table, success brings the clips", async () => {
  const before = await quota();
  const res = await post("/suno/submit/music", { gpt_description_prompt: "a song about rain", mv: "chirp-v3-5" });
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.equal(body.code, "success");
  assert.match(body.data, /^task_[A-Za-z0-9]{32}$/);
  assert.equal(before - (await quota()), PRICES.suno_music * Q);
  const up = upstreamId();
  assert.ok(up.startsWith("suno-"));
  await mock.set(up, { status: "SUCCESS" });
  const done = await until(async () => {
    const r = await (await get(`/suno/fetch/${body.data}`)).json();
    return r.data.status === "SUCCESS" && r;
  }, "suno success");
  assert.equal(done.code, "success");
  assert.equal(done.data.task_id, body.data);
  assert.equal(done.data.data[0].id, "clip-" + up);
  assert.equal(done.data.channel_id > 0, true);
  const batch = await (await post("/suno/fetch", { ids: [body.data] })).json();
  assert.equal(batch.data.length, 1);
});

test("Suno: missing prompt, unknown task and another user's task answer New API's task errors", async () => {
  const bad = await post("/suno/submit/lyrics", { title: "no prompt" });
  assert.equal(bad.status, 400);
  const err = await bad.json();
  assert.equal(err.code, "invalid_request");
  assert.equal(err.data, null);
  const missing = await get("/suno/fetch/task_nope");
  assert.equal(missing.status, 400);
  assert.deepEqual(await missing.json(), { code: "task_not_exist", message: "task_not_exist", data: null });
  const mine = await (await post("/suno/submit/lyrics", { prompt: "rain" })).json();
  const other = await userKey(gw, "bob", "bobpass1234");
  assert.equal((await get(`/suno/fetch/${mine.data}`, other)).status, 400);
  const listed = await (await post("/suno/fetch", { ids: [mine.data] }, other)).json();
  assert.deepEqual(listed.data, []);
  const tasks = await call("GET", `/api/task/self?p=1&page_size=10&task_id=${mine.data}`);
  assert.equal(tasks.data.items.length, 1);
  assert.equal(tasks.data.items[0].channel_id, undefined);
});

test("Suno: a failed task is refunded exactly with a type 6 log", async () => {
  const before = await quota();
  const body = await (await post("/suno/submit/music", { prompt: "doomed" })).json();
  await mock.set(upstreamId(), { status: "FAILURE", failReason: "content policy" });
  const failed = await until(async () => {
    const r = await (await get(`/suno/fetch/${body.data}`)).json();
    return r.data.status === "FAILURE" && r;
  }, "suno failure");
  assert.equal(failed.data.fail_reason, "content policy");
  assert.equal(await quota(), before);
  const logs = (await call("GET", "/api/log/?p=1&page_size=50&type=6&model_name=suno_music")).data.items;
  assert.equal(logs.filter((l) => JSON.parse(l.other).task_id === body.data).length, 1);
});

test("OpenAI SDK: videos.create (multipart), retrieve until completed, downloadContent streamed", async () => {
  const client = new OpenAI({ apiKey: ctx.key, baseURL: gw.base + "/v1", timeout: 20000, maxRetries: 0 });
  const before = await quota();
  const video = await client.videos.create({ model: "sora-2", prompt: "waves at dusk", seconds: "8", size: "1792x1024" });
  assert.equal(video.object, "video");
  assert.match(video.id, /^task_/);
  assert.equal(video.status, "queued");
  const up = mock.requests.findLast((r) => r.path === "/v1/videos");
  assert.match(up.body, /name="prompt"\r\n\r\nwaves at dusk/);
  assert.equal(up.key, "sora-key");
  assert.equal(before - (await quota()), Math.round(PRICES["sora-2"] * Q * 8 * 1.666667));
  await mock.set(upstreamId(), { status: "SUCCESS" });
  const done = await until(async () => {
    const v = await client.videos.retrieve(video.id);
    return v.status === "completed" && v;
  }, "video completed");
  assert.equal(done.progress, 100);
  assert.equal(done.model, "sora-2");
  const content = await client.videos.downloadContent(video.id);
  const bytes = Buffer.from(await content.arrayBuffer());
  assert.equal(bytes.length, 500000);
  assert.equal(bytes[0], 9);
  assert.equal(content.headers.get("content-type"), "video/mp4");
});

test("video generations on Seedance: JSON submit mapped, price adjusted to the seconds delivered", async () => {
  const before = await quota();
  const res = await post("/v1/video/generations", { model: "seedance", prompt: "a fox in snow", duration: 10 });
  assert.equal(res.status, 200);
  const v = await res.json();
  assert.equal(v.task_id, v.id);
  assert.equal(before - (await quota()), PRICES.seedance * Q * 10);
  const up = mock.requests.findLast((r) => r.path === "/api/v3/contents/generations/tasks");
  const sent = JSON.parse(up.body);
  assert.equal(sent.model, "doubao-seedance-1-0-pro");
  assert.equal(sent.content[0].text, "a fox in snow --dur 10");
  await mock.set(upstreamId(), { status: "SUCCESS", duration: 6 });
  const done = await until(async () => {
    const r = await (await get(`/v1/video/generations/${v.id}`)).json();
    return r.data.status === "SUCCESS" && r;
  }, "seedance success");
  assert.match(done.data.result_url, /\/video\/cgt-/);
  assert.equal(done.data.quota, PRICES.seedance * Q * 6);
  await until(async () => before - (await quota()) === PRICES.seedance * Q * 6, "adjusted charge");
  const content = await get(`/v1/videos/${v.id}/content`);
  assert.equal(content.status, 200);
  assert.equal((await content.arrayBuffer()).byteLength, 300000);
});

test("video: missing prompt, unknown id and unfinished content are refused", async () => {
  const noPrompt = await post("/v1/video/generations", { model: "seedance" });
  assert.equal(noPrompt.status, 400);
  const unknown = await get("/v1/videos/task_unknown");
  assert.equal(unknown.status, 400);
  assert.equal((await unknown.json()).code, "task_not_exist");
  const v = await (await post("/v1/video/generations", { model: "seedance", prompt: "slow" })).json();
  const early = await get(`/v1/videos/${v.id}/content`);
  assert.equal(early.status, 400);
});

test("a task submitted before a restart is polled to its end after it", async () => {
  const before = await quota();
  const body = await (await post("/suno/submit/music", { prompt: "across a restart" })).json();
  const up = upstreamId();
  await gw.stop();
  await mock.set(up, { status: "FAILURE", failReason: "lost" });
  gw = await startTaskGateway(mock.port, {}, gw.dir);
  const failed = await until(async () => {
    const r = await (await get(`/suno/fetch/${body.data}`)).json();
    return r.data?.status === "FAILURE" && r;
  }, "failure after restart");
  assert.equal(failed.data.fail_reason, "lost");
  assert.equal(await quota(), before);
});

test("/api/task/ lets an admin filter every user's tasks", async () => {
  const all = await call("GET", "/api/task/?p=1&page_size=100&platform=suno");
  assert.equal(all.success, true);
  assert.ok(all.data.items.length >= 3);
  assert.ok(all.data.items.every((t) => t.platform === "suno" && t.channel_id > 0));
  assert.equal(all.data.items[0].private_data, undefined);
});
