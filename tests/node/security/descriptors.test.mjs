// Descriptor exhaustion: with its open-file limit held at 256 and idle connections taking every
// descriptor, the gateway logs it, answers new connections 503 instead of spinning a core, keeps
// its plugins loaded (the folder watcher cannot read the folder meanwhile), answers a relay call
// that cannot open an upstream socket with 503 without holding it against the channel, and serves
// normally once the connections close.
import { test } from "node:test";
import assert from "node:assert/strict";
import net from "node:net";
import { startMock } from "../mock/openai_upstream.mjs";
import { prepare, startGateway } from "../relay/harness.mjs";
import { cpuSeconds, exchange, statuses } from "./raw.mjs";

const LIMIT = 256;

function hold(port, n) {
  return Promise.all(Array.from({ length: n }, () => new Promise((resolve) => {
    const s = net.connect(port, "127.0.0.1");
    s.on("connect", () => resolve(s));
    s.on("error", () => resolve(s));
  })));
}

const chat = (key, model = "gpt-4o-mini") => JSON.stringify({ model, messages: [{ role: "user", content: "hi" }] });
const post = (key, body) =>
  `POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\nContent-Type: application/json\r\n` +
  `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

test("at the descriptor limit the gateway sheds load, keeps its plugins and blames no channel", { timeout: 90000 }, async () => {
  const mock = await startMock();
  const gw = await startGateway({ PLUGIN_WATCH_INTERVAL: "1" }, { prefix: ["prlimit", `--nofile=${LIMIT}:${LIMIT}`, "--"] });
  const held = [];
  try {
    const { key, call, channelId } = await prepare(gw, mock.port, { models: "gpt-4o-mini" });
    // A connection opened before the exhaustion, to send a relay call during it.
    const early = net.connect(gw.port, "127.0.0.1");
    await new Promise((r) => early.once("connect", r));

    held.push(...await hold(gw.port, LIMIT + 50));
    await new Promise((r) => setTimeout(r, 500));
    const shed = await exchange(gw.port, ["GET /api/status HTTP/1.1\r\nHost: x\r\n\r\n"], { timeoutMs: 3000 });
    assert.deepEqual(statuses(shed), [503], `a connection at the limit got: ${JSON.stringify(shed.slice(0, 80))}`);

    const cpu0 = cpuSeconds(gw.child.pid);
    await new Promise((r) => setTimeout(r, 2500));  // the plugin watcher ticks meanwhile
    const spent = cpuSeconds(gw.child.pid) - cpu0;
    assert.ok(spent < 0.8, `the gateway burned ${spent} CPU seconds while exhausted`);
    assert.match(gw.output(), /out of file descriptors/);

    const answer = await new Promise((resolve) => {
      let text = "";
      early.on("data", (d) => { text += d; if (/\r\n\r\n[\s\S]*\}$/.test(text)) resolve(text); });
      early.write(post(key, chat(key)));
      setTimeout(() => resolve(text), 5000);
    });
    assert.deepEqual(statuses(answer), [503], answer.slice(0, 300));
    assert.match(answer, /out of resources/);

    for (const s of held) s.destroy();
    held.length = 0;
    early.destroy();
    await new Promise((r) => setTimeout(r, 1500));
    const r = await fetch(gw.base + "/v1/chat/completions", { method: "POST", body: chat(key),
      headers: { authorization: "Bearer " + key, "content-type": "application/json" } });
    assert.equal(r.status, 200, await r.clone().text());
    const ch = await call("GET", `/api/channel/${channelId}`);
    assert.equal(ch.data.status, 1, "the channel was disabled");
    assert.doesNotMatch(gw.output(), /channel #\d+ .*(failed|disabled)/i);
  } finally {
    for (const s of held) s.destroy();
    await gw.stop();
    mock.server.close();
  }
});
