// SIGTERM lets in-flight streams finish, refuses new requests, then exits cleanly.
import { test } from "node:test";
import assert from "node:assert/strict";
import { startMock } from "../mock/openai_upstream.mjs";
import { prepare, startGateway } from "./harness.mjs";

test("a stream in flight at SIGTERM completes and the process exits 0", { timeout: 60000 }, async () => {
  const mock = await startMock();
  const gw = await startGateway();
  const { key } = await prepare(gw, mock.port, { models: "slow-model" });
  const pending = fetch(gw.base + "/v1/chat/completions", {
    method: "POST",
    headers: { "content-type": "application/json", authorization: "Bearer " + key, "x-mock-delay-ms": "1500" },
    body: JSON.stringify({ model: "slow-model", stream: true, messages: [{ role: "user", content: "hi" }] }),
  }).then((r) => r.text());
  await new Promise((r) => setTimeout(r, 300));
  const exited = new Promise((resolve) => gw.child.once("exit", (code) => resolve(code)));
  gw.child.kill("SIGTERM");
  const text = await pending;
  assert.ok(text.trimEnd().endsWith("data: [DONE]"), text);
  assert.equal(await exited, 0);
  assert.match(gw.output(), /received SIGTERM/);
  mock.server.close();
});
