// Two nodes on one PostgreSQL database: only the master polls, and what its poll writes is what
// the slave answers.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startTaskMock } from "../mock/task_upstream.mjs";
import { createDatabase, dropDatabase } from "../relay/harness.mjs";
import { prepareTasks, sleep, startTaskGateway, until } from "./harness.mjs";

let mock, dsn, slave, master, ctx;

before(async () => {
  mock = await startTaskMock();
  dsn = createDatabase("postgres");
  const dir = () => mkdtempSync(path.join(os.tmpdir(), "gw-task-node-"));
  slave = await startTaskGateway(mock.port, { SQL_DSN: dsn, NODE_TYPE: "slave", NODE_NAME: "slave" }, dir());
  ctx = await prepareTasks(slave, mock);
});

after(async () => {
  await master?.stop();
  await slave?.stop();
  dropDatabase(dsn);
  mock?.server.close();
});

test("a slave never polls; the master's poll is what the slave then answers", async () => {
  const res = await fetch(slave.base + "/suno/submit/music", {
    method: "POST", headers: { "content-type": "application/json", authorization: "Bearer " + ctx.key },
    body: JSON.stringify({ prompt: "two nodes" }) });
  const { data: id } = await res.json();
  const up = [...mock.tasks.values()].findLast((t) => t.kind === "suno").id;
  await mock.set(up, { status: "SUCCESS" });
  await sleep(3000);
  assert.equal(mock.requests.filter((r) => r.path === "/suno/fetch").length, 0, "the slave polled");
  const fetchOnSlave = async () =>
    (await (await fetch(slave.base + `/suno/fetch/${id}`, { headers: { authorization: "Bearer " + ctx.key } })).json()).data;
  assert.equal((await fetchOnSlave()).status, "SUBMITTED");
  master = await startTaskGateway(mock.port, { SQL_DSN: dsn, NODE_NAME: "master" },
                                  mkdtempSync(path.join(os.tmpdir(), "gw-task-node-")));
  const done = await until(async () => { const t = await fetchOnSlave(); return t.status === "SUCCESS" && t; }, "master poll");
  assert.equal(done.progress, "100%");
  assert.ok(mock.requests.some((r) => r.path === "/suno/fetch"));
});
