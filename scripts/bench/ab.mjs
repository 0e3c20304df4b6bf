// Two gateway binaries on the same cases, alternating round by round (a fresh gateway and
// database each time), so the machine's drift hits both alike; prints each round and the median
// ratio B/A per case: requests/s, and the gateway's own CPU time per request (user + system, from
// /proc), which the other processes sharing the cores disturb far less. AB_ENV_A and AB_ENV_B
// ("K=V,K=V") set environment for one side only, e.g. to compare settings of one binary. Usage: node scripts/bench/ab.mjs A_BINARY B_BINARY [seconds] [rounds] [connections]
import { readFileSync } from "node:fs";
import path from "node:path";
import { startMock } from "../../tests/node/mock/openai_upstream.mjs";
import { messages, prepareBench, startGateway, startNginx, wrk } from "./rig.mjs";

const [a, b] = [process.argv[2], process.argv[3]].map((p) => path.resolve(p));
const envOf = (text) => Object.fromEntries((text || "").split(",").filter(Boolean).map((kv) => kv.split("=")));
const sideEnv = { A: envOf(process.env.AB_ENV_A), B: envOf(process.env.AB_ENV_B) };
const seconds = Number(process.argv[4] || 5), rounds = Number(process.argv[5] || 5), connections = Number(process.argv[6] || 64);
const cases = [
  ["non-stream", { model: "bench-json", messages }, {}],
  ["stream", { model: "bench-sse", stream: true, messages }, {}],
  ["non-stream, no logs", { model: "bench-json", messages }, { LogConsumeEnabled: "false" }],
];

const nginx = await startNginx();
const mock = await startMock();
const results = { A: {}, B: {} }, cpu = { A: {}, B: {} };
const ticks = (pid) => {  // utime + stime, in clock ticks (100 a second)
  const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return Number(f[11]) + Number(f[12]);
};
try {
  for (let r = 0; r < rounds; r++)
    for (const [label, binary] of r % 2 ? [["B", b], ["A", a]] : [["A", a], ["B", b]]) {
      const gw = await startGateway(binary, sideEnv[label]);
      try {
        const { key, call } = await prepareBench(gw, mock.port, nginx.port);
        for (const [name, body, options] of cases) {
          for (const [k, v] of Object.entries(options)) await call("PUT", "/api/option/", { key: k, value: v });
          const before = ticks(gw.child.pid);
          const { rps } = wrk(`${gw.base}/v1/chat/completions`, body, key, { connections, seconds });
          const us = ((ticks(gw.child.pid) - before) * 10000) / (rps * seconds);
          (results[label][name] ||= []).push(rps);
          (cpu[label][name] ||= []).push(us);
          console.log(`round ${r + 1} ${label} ${name.padEnd(20)} ${rps.toFixed(0)} req/s ${us.toFixed(1)} µs CPU/request`);
        }
      } finally {
        await gw.stop();
      }
    }
} finally {
  mock.server.close();
  nginx.stop();
}
const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
console.log(`A = ${a}\nB = ${b}`);
for (const [name] of cases) {
  const ma = median(results.A[name]), mb = median(results.B[name]);
  const ca = median(cpu.A[name]), cb = median(cpu.B[name]);
  console.log(`${name.padEnd(20)} req/s A ${ma.toFixed(0)} B ${mb.toFixed(0)} B/A ${(mb / ma).toFixed(3)}; ` +
              `CPU µs/request A ${ca.toFixed(1)} B ${cb.toFixed(1)} B/A ${(cb / ca).toFixed(3)}`);
}
process.exit(0);
