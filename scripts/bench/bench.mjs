// Benchmarks the gateway against a direct call to a fast mock upstream (nginx), with wrk:
// requests/s and p50/p99 latency for non-stream and stream (full load, and a moderate load of 4
// connections; also without consume logs), then peak RSS while 5,000 streams
// are held open. Usage: node scripts/bench/bench.mjs [gateway binary] [seconds] [connections]
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startMock } from "../../tests/node/mock/openai_upstream.mjs";
import { messages as msg, prepareBench, startGateway, startNginx, wrk as run } from "./rig.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const binary = path.resolve(process.argv[2] || path.join(root, "build-release/bin/new-api"));
const seconds = process.argv[3] || "10";
const connections = process.argv[4] || "64";
const wrk = (url, body, key, conns = connections) => run(url, body, key, { connections: conns, seconds });

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

const nginx = await startNginx();
const ngx = nginx.port;
const mock = await startMock();
const gw = await startGateway(binary);
try {
  const { key, call } = await prepareBench(gw, mock.port, ngx);
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
  await gw.stop();
  mock.server.close();
  nginx.stop();
}
process.exit(0);
