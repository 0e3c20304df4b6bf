// 1,000 simultaneous streams from a slow upstream finish in about the time of one, and the
// gateway's thread count does not move with the load (no thread per request).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { startMock } from "../mock/openai_upstream.mjs";
import { prepare, startGateway } from "./harness.mjs";

let mock, gw, key;

before(async () => {
  mock = await startMock();
  gw = await startGateway();
  ({ key } = await prepare(gw, mock.port));
});

after(async () => {
  await gw.stop();
  mock.server.close();
});

function threads(pid) {
  return Number(/Threads:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))[1]);
}

async function slowStream() {
  const res = await fetch(gw.base + "/v1/chat/completions", {
    method: "POST",
    headers: { "content-type": "application/json", authorization: "Bearer " + key, "x-mock-delay-ms": "1200" },
    body: JSON.stringify({ model: "slow-model", stream: true, messages: [{ role: "user", content: "hi" }] }),
  });
  const text = await res.text();
  return res.status === 200 && text.includes('"content":" mock"') && text.trimEnd().endsWith("data: [DONE]");
}

test("1000 concurrent slow streams", { timeout: 120000 }, async () => {
  const t0 = Date.now();
  assert.ok(await slowStream());
  const single = Date.now() - t0;
  const before = threads(gw.child.pid);
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, threads(gw.child.pid))), 100);
  const t1 = Date.now();
  const results = await Promise.all(Array.from({ length: 1000 }, () => slowStream()));
  const all = Date.now() - t1;
  clearInterval(sampler);
  assert.equal(results.filter(Boolean).length, 1000);
  assert.equal(peak, before, `threads grew from ${before} to ${peak}`);
  // Serialised they would take 1000x one stream; concurrent they take a few times one (the
  // client, the mock and the gateway share two cores). The bound leaves room for a busy machine.
  assert.ok(all < single * 30, `1000 streams took ${all} ms; one took ${single} ms`);
  console.log(`# one stream ${single} ms; 1000 concurrent ${all} ms; threads ${before}`);
});
