// Operating the server: named threads, JSON log lines with an access line per relay request,
// SIGHUP reloading what changed in the database and rotating the log file, and the master's
// housekeeping (log retention, quota_data compaction) with totals kept exactly.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import OpenAI from "openai";
import { startMock } from "../mock/openai_upstream.mjs";
import { prepare, startGateway } from "./harness.mjs";

const cleanups = [];
after(async () => { for (const c of cleanups.reverse()) await c(); });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const sql = (dir, text) => execFileSync("sqlite3", [path.join(dir, "one-api.db")], { input: text }).toString().trim();

async function until(what, fn, ms = 15000) {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(100)) if (await fn()) return;
  assert.fail(`timed out waiting for ${what}`);
}

test("threads are named after their work", async () => {
  const gw = await startGateway();
  cleanups.push(() => gw.stop());
  const taskDir = `/proc/${gw.child.pid}/task`;
  let names = [];
  await until("the reactors to name themselves", () => {
    names = readdirSync(taskDir).map((t) => { try { return readFileSync(`${taskDir}/${t}/comm`, "utf8").trim(); } catch { return ""; } });
    return names.includes("reactor-0") && names.includes("reactor-1");
  });
  for (const n of ["acceptor", "worker-0", "settle", "billing-flush", "journal-sync", "snapshot-sync"])
    assert.ok(names.includes(n), `no thread named ${n} in ${names.join(",")}`);
});

test("LOG_FORMAT=json: every line is a JSON object; ACCESS_LOG adds one line per relay request", async () => {
  const mock = await startMock();
  const gw = await startGateway({ LOG_FORMAT: "json", ACCESS_LOG: "true" });
  cleanups.push(async () => { await gw.stop(); mock.server.close(); });
  const { key, channelId } = await prepare(gw, mock.port);
  const client = new OpenAI({ apiKey: key, baseURL: gw.base + "/v1", maxRetries: 0 });
  const { response } = await client.chat.completions
    .create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "ping" }] }).withResponse();
  const requestId = response.headers.get("x-oneapi-request-id");
  let access;
  await until("the access line", () => {
    const lines = gw.output().split("\n").filter((l) => l.length);
    for (const l of lines) {
      const o = JSON.parse(l);  // throws on a line that is not JSON
      assert.match(o.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      assert.ok(["debug", "info", "warn", "error"].includes(o.level));
      assert.equal(typeof o.thread, "string");
      if (o.msg === "access" && o.request_id === requestId) access = o;
    }
    return access;
  });
  assert.equal(access.status, 200);
  assert.equal(access.model, "gpt-4o-mini");
  assert.equal(access.channel_id, channelId);
  assert.equal(access.stream, false);
  assert.equal(access.prompt_tokens + access.completion_tokens, 18);
  assert.equal(access.path, "/v1/chat/completions");
  assert.ok(access.latency_ms >= 0);
  assert.equal(access.ttft_ms, -1);
  assert.ok(!JSON.stringify(access).includes(key.slice(3)), "the access line must not carry the key");
});

test("SIGHUP re-reads the database and continues the log in a new file", async () => {
  const logDir = mkdtempSync(path.join(os.tmpdir(), "gw-logs-"));
  const dir = mkdtempSync(path.join(os.tmpdir(), "gw-hup-"));
  const gw = await startGateway({ SYNC_FREQUENCY: "3600", LOG_DIR: logDir }, { dir });
  cleanups.push(() => gw.stop());
  const status = async () => (await (await fetch(gw.base + "/api/status")).json()).data.system_name;
  assert.notEqual(await status(), "Renamed by SQL");
  sql(dir, "DELETE FROM options WHERE key='SystemName'; INSERT INTO options(key, value) VALUES('SystemName', 'Renamed by SQL');");
  await sleep(1100);  // log files are named by the second
  assert.notEqual(await status(), "Renamed by SQL");  // not before the signal (sync is an hour away)
  process.kill(gw.child.pid, "SIGHUP");
  await until("the reload", async () => (await status()) === "Renamed by SQL");
  assert.equal(readdirSync(logDir).length, 2);
  assert.equal((await fetch(gw.base + "/readyz")).status, 200);  // still serving
});

test("housekeeping deletes expired consume and error logs and merges old quota_data into daily rows", async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "gw-housekeeping-"));
  const first = await startGateway({}, { dir });
  await first.stop();
  const now = Math.floor(Date.now() / 1000);
  const day = 86400;
  const old = now - 10 * day - (now % day);  // 00:00 UTC ten days ago
  const rows = [];
  for (const [type, at] of [[2, old + 3600], [5, old + 7200], [1, old + 3600], [3, old], [2, now - 60]])
    rows.push(`INSERT INTO logs(user_id, created_at, type, content) VALUES (1, ${at}, ${type}, 'seed');`);
  // Old hours: two on day D for (1, m1), one on day D for (1, m2), two on day D+1 for (1, m1); and a recent hour.
  for (const [model, at, count, quota, tokens] of [["m1", old + 3600, 2, 100, 10], ["m1", old + 7200, 3, 250, 20],
    ["m2", old + 3600, 1, 7, 1], ["m1", old + day + 3600, 4, 40, 4], ["m1", old + day + 36000, 5, 50, 5],
    ["m1", now - 3600 - (now % 3600), 9, 900, 90]])
    rows.push(`INSERT INTO quota_data(user_id, username, model_name, created_at, count, quota, token_used)
               VALUES (1, 'root', '${model}', ${at}, ${count}, ${quota}, ${tokens});`);
  sql(dir, rows.join("\n"));
  const totals = () => sql(dir, "SELECT SUM(count), SUM(quota), SUM(token_used) FROM quota_data");
  const before = totals();

  const gw = await startGateway({ LOG_RETENTION_DAYS: "3", QUOTA_DATA_COMPACT_DAYS: "3" }, { dir });
  cleanups.push(() => gw.stop());
  await until("housekeeping at start", () => sql(dir, "SELECT count(*) FROM logs WHERE content='seed'") === "3");
  await until("the compaction", () => sql(dir, "SELECT count(*) FROM quota_data") === "4");
  assert.equal(sql(dir, "SELECT type FROM logs WHERE content='seed' ORDER BY type"), "1\n2\n3");  // top-up, manage, the recent consume
  assert.equal(totals(), before);
  assert.equal(sql(dir, "SELECT model_name, created_at - " + old + ", count, quota, token_used FROM quota_data ORDER BY created_at, model_name"),
               [`m1|0|5|350|30`, `m2|0|1|7|1`, `m1|${day}|9|90|9`, `m1|${now - 3600 - (now % 3600) - old}|9|900|90`].join("\n"));
});
