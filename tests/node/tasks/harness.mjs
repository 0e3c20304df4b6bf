// Task tests' set-up: a gateway polling every second, task channels on the task mock, New API's
// per-call prices, and SQL on the gateway's database (SQLite, or the server GW_TEST_BACKEND names).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { prepare, startGateway } from "../relay/harness.mjs";

export const PRICES = {
  mj_imagine: 0.1, mj_upscale: 0.05, mj_variation: 0.1, mj_reroll: 0.1, mj_modal: 0.1, mj_video: 0.8, mj_describe: 0.05,
  suno_music: 0.1, suno_lyrics: 0.01, "sora-2": 0.1, seedance: 0.02,
};
export const MJ_MODELS = "mj_imagine,mj_upscale,mj_variation,mj_reroll,mj_modal,mj_video,mj_describe";

export async function startTaskGateway(mockPort, env = {}, dir = mkdtempSync(path.join(os.tmpdir(), "gw-task-"))) {
  const gw = await startGateway({ TASK_POLL_INTERVAL: "1", ...env }, { dir });
  gw.dir = dir;
  return gw;
}

export async function prepareTasks(gw, mock) {
  const ctx = await prepare(gw, mock.port, { models: "gpt-4o-mini", selfUse: false });
  const { call } = ctx;
  await call("PUT", "/api/option/", { key: "ModelPrice", value: JSON.stringify(PRICES) });
  const channel = async (type, name, key, models) => {
    const r = await call("POST", "/api/channel/", { mode: "single", channel: {
      type, name, key, base_url: mock.base, models, group: "default" } });
    if (!r.success) throw new Error("channel: " + JSON.stringify(r));
    return r.data[0];
  };
  ctx.channels = {
    mjA: await channel(2, "mj-a", "mj-key-A", MJ_MODELS),
    mjB: await channel(2, "mj-b", "mj-key-B", MJ_MODELS),
    suno: await channel(36, "suno", "suno-key", "suno_music,suno_lyrics"),
    sora: await channel(55, "sora", "sora-key", "sora-2"),
    ark: await channel(54, "ark", "ark-key", "seedance"),
  };
  const ark = (await call("GET", `/api/channel/${ctx.channels.ark}`)).data;
  const mapped = await call("PUT", "/api/channel/", { ...ark, model_mapping: JSON.stringify({ seedance: "doubao-seedance-1-0-pro" }) });
  if (!mapped.success) throw new Error("mapping: " + JSON.stringify(mapped));
  return ctx;
}

// Runs one SQL statement on the gateway's database.
export function sql(gw, statement) {
  const dsnFile = path.join(gw.dir, "dsn");
  if (!existsSync(dsnFile))
    return execFileSync("sqlite3", ["-cmd", ".timeout 5000", path.join(gw.dir, "one-api.db"), statement]).toString();
  const dsn = readFileSync(dsnFile, "utf8");
  const name = dsn.match(/[/=](gw_n_[0-9_]+)/)[1];
  if (dsn.startsWith("postgres") || dsn.startsWith("odbc:"))
    return execFileSync("psql", ["-h", "127.0.0.1", "-U", "gw", "-d", name, "-tAc", statement.replaceAll("`", '"')],
                        { env: { ...process.env, PGPASSWORD: "gwpass" } }).toString();
  return execFileSync("mariadb", ["-h", "127.0.0.1", "-ugw", "-pgwpass", "-N", "-e", statement, name]).toString();
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Polls `probe` until it returns a truthy value (the poller runs every second).
export async function until(probe, what, ms = 15000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error("timed out waiting for " + what);
    await sleep(200);
  }
}
