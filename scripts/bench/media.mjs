// Large bodies through the gateway: a 10 MB multipart upload (transcription) and a 10 MB binary
// answer (speech), against the same calls made directly to the mock upstream. Reports the
// gateway's peak RSS growth over its idle RSS as a multiple of the payload (the target is < 2×)
// and each call's time as a ratio to the direct call. Usage: node scripts/bench/media.mjs BINARY
import { readFileSync } from "node:fs";
import { startMediaMock } from "../../tests/node/mock/media_upstream.mjs";
import { prepare } from "../../tests/node/relay/harness.mjs";
import { startGateway } from "./rig.mjs";

const MB = 1 << 20, PAYLOAD = 10 * MB;
const rss = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))[1]) * 1024;

// Runs `fn` while sampling the gateway's RSS every 5 ms; returns its peak and the time taken.
async function measure(pid, fn) {
  let peak = rss(pid);
  const timer = setInterval(() => { peak = Math.max(peak, rss(pid)); }, 5);
  const t0 = performance.now();
  await fn();
  const ms = performance.now() - t0;
  clearInterval(timer);
  return { peak: Math.max(peak, rss(pid)), ms };
}

function uploadForm() {
  const form = new FormData();
  form.append("model", "whisper-1");
  form.append("file", new Blob([Buffer.alloc(PAYLOAD, 5)], { type: "audio/mpeg" }), "big.mp3");
  return form;
}

const speechBody = JSON.stringify({ model: "tts-1", voice: "alloy", input: `seconds:1 bytes:${PAYLOAD}`, response_format: "pcm" });

async function main() {
  const binary = process.argv[2] || "build-release/bin/new-api";
  const mock = await startMediaMock();
  const gw = await startGateway(binary, { BATCH_UPDATE_INTERVAL: "1" });
  const { key, call } = await prepare(gw, mock.port, { models: "unused", selfUse: false });
  await call("POST", "/api/channel/", { mode: "single", channel: { type: 1, name: "media", key: "sk-media",
    base_url: `http://127.0.0.1:${mock.port}`, models: "whisper-1,tts-1", group: "default" } });
  const direct = `http://127.0.0.1:${mock.port}`, auth = (k) => ({ authorization: "Bearer " + k });
  const cases = [
    ["10 MB multipart upload", (base, k) => fetch(base + "/v1/audio/transcriptions", { method: "POST", headers: auth(k), body: uploadForm() })],
    ["10 MB binary answer", (base, k) => fetch(base + "/v1/audio/speech", { method: "POST",
      headers: { ...auth(k), "content-type": "application/json" }, body: speechBody })],
  ];
  for (const [name, run] of cases) {
    const once = async (base, k) => {
      const r = await run(base, k);
      const got = (await r.arrayBuffer()).byteLength;
      if (r.status !== 200) throw new Error(`${name}: ${r.status}`);
      return got;
    };
    await once(gw.base, key);  // warm: connections, pools, first-use allocations
    const idle = rss(gw.child.pid);
    const viaGateway = await measure(gw.child.pid, () => once(gw.base, key));
    const t0 = performance.now();
    await once(direct, "sk-media");
    const directMs = performance.now() - t0;
    const growth = (viaGateway.peak - idle) / PAYLOAD;
    console.log(`${name}: RSS +${((viaGateway.peak - idle) / MB).toFixed(1)} MB = ${growth.toFixed(2)}× payload` +
                ` (target < 2×); time ${viaGateway.ms.toFixed(0)} ms = ${(viaGateway.ms / directMs).toFixed(2)}× direct`);
  }
  await gw.stop();
  mock.server.close();
}

main().catch((e) => { console.error(e); process.exit(1); });
