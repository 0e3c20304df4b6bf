// Starts the real gateway binary on a fresh SQLite database and prepares it like an operator:
// root user, an access token, a channel pointing at a mock upstream, and an API key.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

const BINARY = process.env.NEW_API_BINARY;
const PLUGIN_DIR = process.env.PLUGIN_DIR;
const TOKENIZER_DIR = process.env.TOKENIZER_DIR;

export function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

// A fresh database on the PostgreSQL or MariaDB server started by scripts/services.sh; returns
// its SQL_DSN. dropDatabase(dsn) removes it.
export function createDatabase(backend) {
  const name = `gw_n_${process.pid}_${Math.floor(Math.random() * 1e9)}`;
  if (backend === "postgres" || backend === "odbc-postgres") {
    execFileSync("psql", ["-h", "127.0.0.1", "-U", "gw", "-d", "gw_test", "-qc", `CREATE DATABASE ${name}`],
                 { env: { ...process.env, PGPASSWORD: "gwpass" } });
    return backend === "postgres" ? `postgres://gw:gwpass@127.0.0.1:5432/${name}?sslmode=disable`
      : `odbc:DRIVER={PostgreSQL Unicode};SERVER=127.0.0.1;PORT=5432;DATABASE=${name};UID=gw;PWD=gwpass;`;
  }
  execFileSync("mariadb", ["-h", "127.0.0.1", "-ugw", "-pgwpass", "-e", `CREATE DATABASE ${name} CHARACTER SET utf8mb4`]);
  return `gw:gwpass@tcp(127.0.0.1:3306)/${name}?charset=utf8mb4&parseTime=True`;
}

export function dropDatabase(dsn) {
  const name = dsn.match(/[/=](gw_n_[0-9_]+)/)[1];
  if (dsn.startsWith("postgres") || dsn.startsWith("odbc:"))
    execFileSync("psql", ["-h", "127.0.0.1", "-U", "gw", "-d", "gw_test", "-qc", `DROP DATABASE IF EXISTS ${name}`],
                 { env: { ...process.env, PGPASSWORD: "gwpass" } });
  else execFileSync("mariadb", ["-h", "127.0.0.1", "-ugw", "-pgwpass", "-e", `DROP DATABASE IF EXISTS ${name}`]);
}

// GW_TEST_BACKEND=postgres|mysql|odbc-postgres runs the gateway on a fresh database of that server instead of
// SQLite; the database is named in the run directory, so a restart on the same directory finds
// it again.
function serverDatabase(dir) {
  const backend = process.env.GW_TEST_BACKEND;
  if (!backend) return {};
  const file = path.join(dir, "dsn");
  if (!existsSync(file)) writeFileSync(file, createDatabase(backend));
  return { SQL_DSN: readFileSync(file, "utf8") };
}

function dropServerDatabase(dir) {
  const file = path.join(dir, "dsn");
  if (existsSync(file)) dropDatabase(readFileSync(file, "utf8"));
}

// With `dir`, the gateway runs on that directory's database and leaves it in place (restarts).
// `prefix` runs it under a wrapper that execs it (e.g. prlimit), keeping its pid.
export async function startGateway(env = {}, { dir: keepDir, prefix = [] } = {}) {
  if (!BINARY) throw new Error("NEW_API_BINARY is not set");
  const dir = keepDir || mkdtempSync(path.join(os.tmpdir(), "gw-relay-"));
  env = { ...serverDatabase(dir), ...env };
  const port = await freePort();
  let output = "";
  const command = [...prefix, BINARY];
  const child = spawn(command[0], command.slice(1), {
    env: { ...process.env, PORT: String(port), SQLITE_PATH: path.join(dir, "one-api.db"), PLUGIN_DIR, TOKENIZER_DIR,
           CRITICAL_RATE_LIMIT: "100000", ...env },
    cwd: dir, stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const base = `http://127.0.0.1:${port}`;
  // A fresh MariaDB schema on a loaded machine can take a while; a gateway that exits is reported.
  let up = false;
  for (let i = 0; i < 1200 && !up && child.exitCode === null; i++) {
    try { up = (await fetch(`${base}/api/status`)).ok; } catch {}
    if (!up) await new Promise((r) => setTimeout(r, 50));
  }
  if (!up) {
    child.kill("SIGKILL");
    throw new Error(`the gateway did not start (exit ${child.exitCode}):\n${output.slice(-4000)}`);
  }
  const gw = {
    base, port, child, output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await exited;
      }
      if (keepDir) return;
      dropServerDatabase(dir);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return gw;
}

// Root, access token, one channel for the mock, one API key; returns { key, admin }. Self-use
// mode is on unless selfUse is false, so the mock's unpriced model names are billed at its ratio.
export async function prepare(gw, mockPort, { models = "gpt-4o-mini,slow-model,fail-401,fail-500,fail-400,drop-mid,no-usage,tools,hang,text-embedding-3-small",
                                               tokenFields = {}, selfUse = true } = {}) {
  const post = (p, body, headers = {}) =>
    fetch(gw.base + p, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  await post("/api/setup", { username: "root", password: "rootpass123", confirmPassword: "rootpass123" });
  const login = await post("/api/user/login", { username: "root", password: "rootpass123" });
  const cookie = login.headers.get("set-cookie").split(";")[0];
  const tokenRes = await (await fetch(gw.base + "/api/user/token", { headers: { cookie, "New-Api-User": "1" } })).json();
  const admin = { Authorization: tokenRes.data, "New-Api-User": "1" };
  const call = async (method, p, body) =>
    (await fetch(gw.base + p, { method, headers: { "content-type": "application/json", ...admin },
                                body: body ? JSON.stringify(body) : undefined })).json();
  if (selfUse) await call("PUT", "/api/option/", { key: "SelfUseModeEnabled", value: "true" });
  const ch = await call("POST", "/api/channel/", { mode: "single", channel: {
    type: 1, name: "mock", key: "sk-mock-upstream", base_url: `http://127.0.0.1:${mockPort}`, models, group: "default" } });
  if (!ch.success) throw new Error("channel: " + JSON.stringify(ch));
  const tok = await call("POST", "/api/token/", { name: "test", unlimited_quota: true, expired_time: -1, ...tokenFields });
  if (!tok.success) throw new Error("token: " + JSON.stringify(tok));
  const list = await call("GET", "/api/token/?p=1&size=10");
  const id = list.data.items[0].id;
  const key = (await call("POST", `/api/token/${id}/key`)).data.key;
  return { key: "sk-" + key, admin, call, channelId: ch.data[0] };
}

// Registers a common user and returns an API key of theirs ("sk-...").
export async function userKey(gw, username, password) {
  const post = (p, body, headers = {}) =>
    fetch(gw.base + p, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  await post("/api/user/register", { username, password });
  const login = await post("/api/user/login", { username, password });
  const id = (await login.clone().json()).data.id;
  const cookie = login.headers.get("set-cookie").split(";")[0];
  const auth = { cookie, "New-Api-User": String(id) };
  await post("/api/token/", { name: "mine", unlimited_quota: true, expired_time: -1 }, auth);
  const list = await (await fetch(gw.base + "/api/token/?p=1&size=10", { headers: auth })).json();
  const reveal = await (await post(`/api/token/${list.data.items[0].id}/key`, {}, auth)).json();
  return "sk-" + reveal.data.key;
}
