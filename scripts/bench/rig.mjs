// What every benchmark here stands on: a fast nginx mock upstream, the gateway started on a fresh
// SQLite database and prepared like an operator would (priced models, a channel per answer
// shape), and wrk driving it.
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort, prepare } from "../../tests/node/relay/harness.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));

export async function startNginx() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "gw-bench-nginx-"));
  const port = await freePort();
  for (const d of ["body", "proxy", "fastcgi", "uwsgi", "scgi"]) mkdirSync(path.join(dir, d));
  const conf = readFileSync(path.join(here, "nginx.conf.in"), "utf8").replaceAll("@DIR@", dir).replaceAll("@PORT@", port);
  writeFileSync(path.join(dir, "nginx.conf"), conf);
  execFileSync("nginx", ["-c", path.join(dir, "nginx.conf"), "-p", dir]);
  return { port, stop: () => execFileSync("nginx", ["-c", path.join(dir, "nginx.conf"), "-p", dir, "-s", "stop"]) };
}

export async function startGateway(binary, env = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "gw-bench-"));
  const port = await freePort();
  const bin = path.dirname(binary);
  const child = spawn(binary, [], {
    env: { ...process.env, PORT: String(port), SQLITE_PATH: path.join(dir, "one-api.db"), PLUGIN_DIR: path.join(bin, "plugins"),
           TOKENIZER_DIR: path.join(bin, "tokenizer"), CRITICAL_RATE_LIMIT: "1000000", ...env },
    cwd: dir, stdio: "ignore",
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    try { if ((await fetch(base + "/api/status")).ok) break; } catch {}
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    base, port, child,
    stop: () => new Promise((r) => { child.once("exit", r); child.kill("SIGTERM"); }),
  };
}

// Priced so low (1 quota a request) that the root user's balance outlasts any run, while every
// request still goes through admission, the ledger and a consume log. Returns the API key.
export async function prepareBench(gw, mockPort, nginxPort) {
  const { key, call } = await prepare(gw, mockPort, { models: "hang", selfUse: false });
  await call("PUT", "/api/option/", { key: "ModelRatio", value: JSON.stringify({ "bench-json": 0.0001, "bench-sse": 0.0001, hang: 0.0001 }) });
  for (const [name, model] of [["json", "bench-json"], ["sse", "bench-sse"]])
    await call("POST", "/api/channel/", { type: 1, name, key: "k", base_url: `http://127.0.0.1:${nginxPort}/${name}`, models: model });
  return { key, call };
}

export function wrk(url, body, key, { connections = 64, seconds = 10 } = {}) {
  const out = execFileSync("wrk", ["-t2", `-c${connections}`, `-d${seconds}s`, "--latency", "-s", path.join(here, "post.lua"), url],
                           { env: { ...process.env, BODY: JSON.stringify(body), KEY: key || "" }, encoding: "utf8" });
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)[1]);
  const pct = (p) => /(\d+\.?\d*)(us|ms|s)/.exec(new RegExp(`\\s${p}%\\s+(\\S+)`).exec(out)[1]);
  const ms = (m) => Number(m[1]) * (m[2] === "us" ? 0.001 : m[2] === "s" ? 1000 : 1);
  const errors = /Non-2xx or 3xx responses: (\d+)/.exec(out);
  for (const line of out.split("\n")) if (line.startsWith("non-2xx ")) console.error(line);
  return { rps, p50: ms(pct(50)), p99: ms(pct(99)), errors: errors ? Number(errors[1]) : 0 };
}

export const messages = [{ role: "user", content: "Say hello." }];
