// Benchmarks the gateway against a direct call to a fast mock upstream (nginx), with wrk:
// requests/s and p50/p99 latency for non-stream and stream (full load, and a moderate load of 4
// connections; also without consume logs), then peak RSS while 5,000 streams
// are held open. Usage: node scripts/bench/bench.mjs [gateway binary] [seconds] [connections]
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startMock } from "../../tests/node/mock/openai_upstream.mjs";
import { freePort, prepare } from "../../tests/node/relay/harness.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const binary = path.resolve(process.argv[2] || path.join(root, "build-release/bin/new-api"));
const seconds = process.argv[3] || "10";
const connections = process.argv[4] || "64";
const dir = mkdtempSync(path.join(os.tmpdir(), "gw-bench-"));

async function startNginx() {
  const port = await freePort();
  for (const d of ["body", "proxy", "fastcgi", "uwsgi", "scgi"]) mkdirSync(path.join(dir, d));
  const conf = readFileSync(path.join(here, "nginx.conf.in"), "utf8").replaceAll("@DIR@", dir).replaceAll("@PORT@", port);
  writeFileSync(path.join(dir, "nginx.conf"), conf);
  execFileSync("nginx", ["-c", path.join(dir, "nginx.conf"), "-p", dir]);
  return port;
}

async function startGateway() {
  const port = await freePort();
  const bin = path.dirname(binary);
  const child = spawn(binary, [], {
    env: { ...process.env, PORT: String(port), SQLITE_PATH: path.join(dir, "one-api.db"), PLUGIN_DIR: path.join(bin, "plugins"),
           TOKENIZER_DIR: path.join(bin, "tokenizer"), CRITICAL_RATE_LIMIT: "1000000" },
    cwd: dir, stdio: "ignore",
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    try { if ((await fetch(base + "/api/status")).ok) break; } catch {}
    await new Promise((r) => setTimeout(r, 50));
  }
  return { base, port, child, stop: () => child.kill("SIGTERM") };
}

function wrk(url, body, key, conns = connections) {
  const out = execFileSync("wrk", ["-t2", `-c${conns}`, `-d${seconds}s`, "--latency", "-s", path.join(here, "post.lua"), url],
                           { env: { ...process.env, BODY: JSON.stringify(body), KEY: key || "" }, encoding: "utf8" });
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)[1]);
  const pct = (p) => /(\d+\.?\d*)(us|ms|s)/.exec(new RegExp(`\\s${p}%\\s+(\\S+)`).exec(out)[1]);
  const ms = (m) => Number(m[1]) * (m[2] === "us" ? 0.001 : m[2] === "s" ? 1000 : 1);
  const errors = /Non-2xx or 3xx responses: (\d+)/.exec(out);
  for (const line of out.split("\n")) if (line.startsWith("non-2xx ")) console.error(line);
  return { rps, p50: ms(pct(50)), p99: ms(pct(99)), errors: errors ? Number(errors[1]) : 0 };
}

function rssMb(pid) {
  const s = readFileSync(`/proc/${pid}/status`, "utf8");
  return { rss: Number(/VmRSS:\s+(\d+)/.exec(s)[1]) / 1024, hwm: Number(/VmHWM:\s+(\d+)/.exec(s)[1]) / 1024 };
}

async function holdStreams(gw, key, n) {
  const body = JSON.stringify({ model: "hang", stream: true, messages: [{ role: "user", content: "hi" }] });
  const controllers = Array.from({ length: n }, () => new AbortController());
  await Promise.all(controllers.map((c) =>
    fetch(gw.base + "/v1/chat/completions", { method: "POST", signal: c.signal, body,
      headers: { "content-type": "application/json", authorization: "Bearer " + key } }).catch(() => null)));
  return { abort: () => controllers.forEach((c) => c.abort()) };
}

const ngx = await startNginx();
const mock = await startMock();
const gw = await startGateway();
try {
  const { key, call } = await prepare(gw, mock.port, { models: "hang", selfUse: false });
  // Priced so low (1 quota a request) that the root user's balance outlasts any run, while every
  // request still goes through admission, the ledger and a consume log.
  await call("PUT", "/api/option/", { key: "ModelRatio", value: JSON.stringify({ "bench-json": 0.0001, "bench-sse": 0.0001, hang: 0.0001 }) });
  for (const [name, model] of [["json", "bench-json"], ["sse", "bench-sse"]])
    await call("POST", "/api/channel/", { type: 1, name, key: "k", base_url: `http://127.0.0.1:${ngx}/${name}`, models: model });
  const msg = [{ role: "user", content: "Say hello." }];
  const rows = [
    ["non-stream direct", wrk(`http://127.0.0.1:${ngx}/json/v1/chat/completions`, { model: "bench", messages: msg })],
    ["non-stream gateway", wrk(`${gw.base}/v1/chat/completions`, { model: "bench-json", messages: msg }, key)],
    ["stream direct", wrk(`http://127.0.0.1:${ngx}/sse/v1/chat/completions`, { model: "bench", stream: true, messages: msg })],
    ["stream gateway", wrk(`${gw.base}/v1/chat/completions`, { model: "bench-sse", stream: true, messages: msg }, key)],
    ["moderate direct", wrk(`http://127.0.0.1:${ngx}/json/v1/chat/completions`, { model: "bench", messages: msg }, "", 4)],
    ["moderate gateway", wrk(`${gw.base}/v1/chat/completions`, { model: "bench-json", messages: msg }, key, 4)],
  ];
  // The same without a consume-log row per request (New API's LogConsumeEnabled): the relay and
  // the ledger alone, without SQLite inserting ~20,000 rows a second on the same two cores.
  await call("PUT", "/api/option/", { key: "LogConsumeEnabled", value: "false" });
  rows.push(["non-stream, no logs", wrk(`${gw.base}/v1/chat/completions`, { model: "bench-json", messages: msg }, key)]);
  rows.push(["moderate, no logs", wrk(`${gw.base}/v1/chat/completions`, { model: "bench-json", messages: msg }, key, 4)]);
  // A Claude client on the same OpenAI channels: the wire layer converts the request, the answer
  // and every stream event (compare with the no-logs rows above).
  rows.push(["claude conv. json", wrk(`${gw.base}/v1/messages`, { model: "bench-json", max_tokens: 64, messages: msg }, key)]);
  rows.push(["claude conv. sse", wrk(`${gw.base}/v1/messages`, { model: "bench-sse", max_tokens: 64, stream: true, messages: msg }, key)]);
  console.log(`wrk -t2 -c${connections} -d${seconds}s on ${os.cpus().length} cores`);
  console.log("case                  req/s     p50 ms   p99 ms   non-2xx");
  for (const [name, r] of rows)
    console.log(`${name.padEnd(20)} ${r.rps.toFixed(0).padStart(7)} ${r.p50.toFixed(3).padStart(9)} ${r.p99.toFixed(3).padStart(8)} ${String(r.errors).padStart(8)}`);
  const ratio = (a, b) => (rows[a][1].rps / rows[b][1].rps).toFixed(2);
  console.log(`gateway/direct throughput: non-stream ${ratio(1, 0)}, stream ${ratio(3, 2)}`);
  const added = (a, b) => (rows[a][1].p50 - rows[b][1].p50).toFixed(3);
  console.log(`added p50 latency: non-stream ${added(1, 0)} ms, stream ${added(3, 2)} ms, moderate load (4 connections) ${added(5, 4)} ms`);
  console.log(`without consume logs: non-stream ${ratio(6, 0)} of direct, moderate added p50 ${added(7, 4)} ms`);
  console.log(`Claude client converted to OpenAI: non-stream ${ratio(8, 6)} of pass-through (no logs)`);
  const idle = rssMb(gw.child.pid);
  const ctrl = await holdStreams(gw, key, 5000);
  for (let i = 0; i < 600 && mock.requests.length < 5000; i++) await new Promise((r) => setTimeout(r, 100));
  const held = rssMb(gw.child.pid);
  console.log(`RSS idle ${idle.rss.toFixed(1)} MB; with ${mock.requests.length} open streams ${held.rss.toFixed(1)} MB (peak ${held.hwm.toFixed(1)} MB)`);
  ctrl.abort();
} finally {
  gw.stop();
  mock.server.close();
  execFileSync("nginx", ["-c", path.join(dir, "nginx.conf"), "-p", dir, "-s", "stop"]);
}
process.exit(0);
