// The periodic snapshot reload (SYNC_FREQUENCY) keeps every key working.
import { test } from "node:test";
import assert from "node:assert/strict";
import { startMock } from "../mock/openai_upstream.mjs";
import { prepare, startGateway } from "./harness.mjs";

test("API keys still authenticate after the periodic snapshot reload", { timeout: 30000 }, async () => {
  const mock = await startMock();
  const gw = await startGateway({ SYNC_FREQUENCY: "1" });
  try {
    const { key } = await prepare(gw, mock.port);
    const chat = () => fetch(gw.base + "/v1/chat/completions", {
      method: "POST", headers: { "content-type": "application/json", authorization: "Bearer " + key },
      body: JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] }) });
    assert.equal((await chat()).status, 200);
    await new Promise((r) => setTimeout(r, 2500));
    assert.equal((await chat()).status, 200);
  } finally {
    await gw.stop();
    mock.server.close();
  }
});
