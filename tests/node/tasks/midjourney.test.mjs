// Midjourney-Proxy through the gateway as MJ clients drive it: submit, poll to success or
// failure (exact refund), follow-ups locked to the original task's channel, New API's error
// shapes, channel auto-disable on code 3, timeouts, and one user never seeing another's tasks.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startTaskMock } from "../mock/task_upstream.mjs";
import { userKey } from "../relay/harness.mjs";
import { prepareTasks, sql, startTaskGateway, until } from "./harness.mjs";

let mock, gw, ctx;
const QUOTA_PER_DOLLAR = 500000;

before(async () => {
  mock = await startTaskMock();
  gw = await startTaskGateway(mock.port);
  ctx = await prepareTasks(gw, mock);
});

after(async () => {
  await gw?.stop();
  mock?.server.close();
});

const mj = (path, body, key = ctx.key, method = "POST") =>
  fetch(gw.base + path, { method, headers: { "content-type": "application/json", "mj-api-secret": key },
                          body: body === undefined ? undefined : JSON.stringify(body) });
const quota = async () => (await ctx.call("GET", "/api/user/self")).data.quota;
const fetchTask = async (id, key = ctx.key) => (await mj(`/mj/task/${id}/fetch`, undefined, key, "GET")).json();
const logs = async (type, model) => (await ctx.call("GET", `/api/log/?p=1&page_size=50&type=${type}&model_name=${model}`)).data.items;

async function imagine(prompt = "a red fox") {
  const res = await mj("/mj/submit/imagine", { prompt });
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.equal(body.code, 1, JSON.stringify(body));
  return body.result;
}

test("imagine is charged New API's per-call price once, polled to SUCCESS and served with a proxied image", async () => {
  const before = await quota();
  const id = await imagine("hold: a red fox");  // the mock leaves it out of polls until shown
  assert.equal((await fetchTask(id)).status, "", "New API leaves the status empty until the first poll");
  assert.equal(before - (await quota()), 0.1 * QUOTA_PER_DOLLAR);
  const log = (await logs(2, "mj_imagine")).find((l) => l.content.includes(id));
  assert.ok(log, "a consume log names the task");
  assert.equal(log.quota, 0.1 * QUOTA_PER_DOLLAR);
  assert.equal((await fetchTask(id)).status, "", "still unpolled");
  await mock.set(id, { hidden: false });
  await until(async () => (await fetchTask(id)).status === "IN_PROGRESS", "first poll");
  await mock.set(id, { status: "SUCCESS" });
  const done = await until(async () => { const t = await fetchTask(id); return t.status === "SUCCESS" && t; }, "success");
  assert.equal(done.progress, "100%");
  assert.match(done.imageUrl, new RegExp(`/mj/image/${id}$`));
  assert.equal(done.buttons[0].label, "U1");
  const image = await fetch(gw.base + `/mj/image/${id}`);
  assert.equal(image.status, 200);
  assert.equal(image.headers.get("content-type"), "image/png");
  assert.match(await image.text(), /PNGDATA/);
  assert.equal(before - (await quota()), 0.1 * QUOTA_PER_DOLLAR, "success costs nothing more");
  const listed = await (await mj("/mj/task/list-by-condition", { ids: [id, "nope"] })).json();
  assert.deepEqual(listed.map((t) => t.id), [id]);
});

test("a failed task is refunded exactly, once, with a refund log", async () => {
  const before = await quota();
  const id = await imagine("will fail");
  await mock.set(id, { status: "FAILURE", failReason: "banned prompt" });
  const failed = await until(async () => { const t = await fetchTask(id); return t.status === "FAILURE" && t; }, "failure");
  assert.equal(failed.failReason, "banned prompt");
  assert.equal(await quota(), before);
  const refunds = (await logs(6, "mj_imagine")).filter((l) => JSON.parse(l.other).task_id === id);
  assert.equal(refunds.length, 1);
  assert.equal(refunds[0].quota, 0.1 * QUOTA_PER_DOLLAR);
  await new Promise((r) => setTimeout(r, 2500));  // more polls: nothing moves again
  assert.equal(await quota(), before);
  assert.equal((await logs(6, "mj_imagine")).filter((l) => JSON.parse(l.other).task_id === id).length, 1);
});

test("codes 21 and 22 reach the client as 1; other codes are passed through and not charged", async () => {
  for (const prompt of ["code22", "code21"]) {
    const body = await (await mj("/mj/submit/imagine", { prompt })).json();
    assert.equal(body.code, 1, prompt);
  }
  const before = await quota();
  const banned = await (await mj("/mj/submit/imagine", { prompt: "code24" })).json();
  assert.equal(banned.code, 24);
  assert.equal(await quota(), before);
});

test("follow-ups go to the original task's channel and need it to have succeeded", async () => {
  const id = await imagine("origin");
  const early = await mj("/mj/submit/change", { taskId: id, action: "UPSCALE", index: 1 });
  assert.equal(early.status, 400);
  assert.deepEqual(await early.json(), { description: "task_status_not_success ", type: "upstream_error", code: 4 });
  await mock.set(id, { status: "SUCCESS" });
  await until(async () => (await fetchTask(id)).status === "SUCCESS", "origin success");
  const originKey = mock.tasks.get(id).key;
  for (let i = 0; i < 6; i++) {
    const body = await (await mj("/mj/submit/action", { taskId: id, customId: `MJ::JOB::upsample::${1 + (i % 4)}::${id}` })).json();
    assert.equal(body.code, 1);
    assert.equal(mock.tasks.get(body.result).key, originKey, "served by the origin's channel");
  }
  const simple = await (await mj("/mj/submit/simple-change", { content: `${id} V2` })).json();
  assert.equal(mock.tasks.get(simple.result).key, originKey);
  const seed = await (await mj(`/mj/task/${id}/image-seed`, undefined, ctx.key, "GET")).json();
  assert.equal(seed.result, "seed-42");
});

test("bad input answers in MJ-Proxy's error shape", async () => {
  const cases = [
    ["/mj/submit/paint", { prompt: "x" }, "unknown_relay_action "],
    ["/mj/submit/imagine", { base64Array: [] }, "prompt_is_required "],
    ["/mj/submit/change", { action: "UPSCALE", index: 1 }, "task_id_is_required "],
    ["/mj/submit/change", { taskId: "404404", action: "UPSCALE", index: 1 }, "task_not_found "],
  ];
  for (const [path, body, description] of cases) {
    const res = await mj(path, body);
    assert.equal(res.status, 400, path);
    assert.deepEqual(await res.json(), { description, type: "upstream_error", code: 4 });
  }
  const missing = await mj("/mj/task/404404/fetch", undefined, ctx.key, "GET");
  assert.equal(missing.status, 400);
  assert.equal((await missing.json()).description, "task_no_found ");
  const noKey = await fetch(gw.base + "/mj/submit/imagine", { method: "POST", body: "{}" });
  assert.equal(noKey.status, 401);
});

test("a user sees neither another user's tasks nor can continue them", async () => {
  const id = await imagine("private");
  const other = await userKey(gw, "alice", "alicepass123");
  assert.equal((await fetchTask(id, other)).description, "task_no_found ");
  const listed = await (await mj("/mj/task/list-by-condition", { ids: [id] }, other)).json();
  assert.deepEqual(listed, []);
  const cont = await mj("/mj/submit/change", { taskId: id, action: "UPSCALE", index: 1 }, other);
  assert.equal((await cont.json()).description, "task_not_found ");
});

test("/api/mj lists the caller's drawings, and every drawing for an admin", async () => {
  const id = await imagine("listed");
  const mine = await ctx.call("GET", `/api/mj/self?p=1&page_size=10&mj_id=${id}`);
  assert.equal(mine.success, true);
  assert.equal(mine.data.items.length, 1);
  assert.equal(mine.data.items[0].mj_id, id);
  assert.equal(mine.data.items[0].channel_id, undefined);
  const all = await ctx.call("GET", "/api/mj/?p=1&page_size=100");
  assert.ok(all.data.total >= 5);
  assert.ok(all.data.items[0].channel_id > 0);
});

test("an upstream that never finishes is failed and refunded after TASK_TIMEOUT_MINUTES", async () => {
  const before = await quota();
  const id = await imagine("forever");
  const twoDaysAgoMs = Date.now() - 2 * 86400 * 1000;
  sql(gw, `UPDATE midjourneys SET submit_time = ${twoDaysAgoMs} WHERE mj_id = '${id}'`);
  const failed = await until(async () => { const t = await fetchTask(id); return t.status === "FAILURE" && t; }, "timeout");
  assert.equal(failed.failReason, "任务超时");
  assert.equal(await quota(), before);
});

test("code 3 (no account instance) disables an auto-ban channel when automatic disabling is on", async () => {
  await ctx.call("PUT", "/api/option/", { key: "AutomaticDisableChannelEnabled", value: "true" });
  const res = await mj("/mj/submit/imagine", { prompt: "code3" });
  assert.equal((await res.json()).code, 3);
  const disabled = await until(async () => {
    const channels = (await ctx.call("GET", "/api/channel/?p=1&page_size=50")).data.items;
    const off = channels.filter((c) => c.type === 2 && c.status !== 1);
    return off.length && off;
  }, "auto-disable");
  assert.equal(disabled.length, 1);
});
