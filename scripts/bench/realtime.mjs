// Realtime relay cost: one WebSocket session sends N session.update events one after another,
// each answered by the mock server (session.updated); the mean round trip through the gateway is
// reported against the same session opened directly on the mock.
// Usage: node scripts/bench/realtime.mjs BINARY [messages]
import { createRequire } from "node:module";
import { startRealtimeMock } from "../../tests/node/mock/realtime_upstream.mjs";
import { prepare } from "../../tests/node/relay/harness.mjs";
import { startGateway } from "./rig.mjs";

// `ws` is the test suites' dependency (tests/node/package.json).
const WebSocket = createRequire(new URL("../../tests/node/package.json", import.meta.url))("ws");

async function roundTrips(url, options, n) {
  const ws = new WebSocket(url, options);
  await new Promise((resolve, reject) => { ws.once("message", resolve); ws.once("error", reject); });  // session.created
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const answered = new Promise((resolve) => ws.once("message", resolve));
    ws.send(JSON.stringify({ type: "session.update", session: { instructions: "turn " + i } }));
    await answered;
  }
  const ms = (performance.now() - t0) / n;
  ws.close();
  return ms;
}

async function main() {
  const binary = process.argv[2] || "build-release/bin/new-api";
  const n = Number(process.argv[3] || 2000);
  const mock = await startRealtimeMock();
  const gw = await startGateway(binary, {});
  const { key, call } = await prepare(gw, mock.port, { models: "unused", selfUse: true });
  await call("POST", "/api/channel/", { mode: "single", channel: { type: 1, name: "rt", key: "sk-rt",
    base_url: `http://127.0.0.1:${mock.port}`, models: "gpt-4o-realtime-preview", group: "default" } });
  const direct = await roundTrips(`ws://127.0.0.1:${mock.port}/v1/realtime?model=gpt-4o-realtime-preview`,
                                  { headers: { authorization: "Bearer sk-rt" } }, n);
  const via = await roundTrips(`${gw.base.replace("http", "ws")}/v1/realtime?model=gpt-4o-realtime-preview`,
                               { headers: { authorization: "Bearer " + key } }, n);
  console.log(`realtime: ${n} event round trips, ${via.toFixed(3)} ms each through the gateway, ` +
              `${direct.toFixed(3)} ms direct (${(via / direct).toFixed(2)}×, +${(via - direct).toFixed(3)} ms)`);
  await gw.stop();
  mock.server.close();
}

main().catch((e) => { console.error(e); process.exit(1); });
