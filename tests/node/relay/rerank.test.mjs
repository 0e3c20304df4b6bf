// POST /v1/rerank through the rerank plugin: Cohere's and Jina's documented request shapes, each
// answered by a mock of that upstream, normalised to {results, usage} and billed by tokens.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startMock } from "../mock/openai_upstream.mjs";
import { prepare, startGateway } from "./harness.mjs";

let mock, gw, key, call;

before(async () => {
  mock = await startMock();
  gw = await startGateway({ BATCH_UPDATE_INTERVAL: "1" });
  ({ key, call } = await prepare(gw, mock.port, { models: "gpt-4o-mini", selfUse: false }));
  for (const [type, name, path, model] of [[34, "cohere", "/cohere", "rerank-v3.5"], [38, "jina", "/jina", "jina-reranker-v2-base-multilingual"]]) {
    const ch = await call("POST", "/api/channel/", { mode: "single", channel: {
      type, name, key: "sk-" + name, base_url: `http://127.0.0.1:${mock.port}${path}`, models: model, group: "default" } });
    assert.ok(ch.success, JSON.stringify(ch));
  }
  await call("PUT", "/api/option/", { key: "ModelRatio",
                                      value: JSON.stringify({ "rerank-v3.5": 1, "jina-reranker-v2-base-multilingual": 2 }) });
});

after(async () => {
  await gw.stop();
  mock.server.close();
});

const rerank = (body) =>
  fetch(gw.base + "/v1/rerank", { method: "POST", headers: { "content-type": "application/json", authorization: "Bearer " + key },
                                  body: JSON.stringify(body) });

async function lastLog(model) {
  for (let i = 0; i < 50; i++) {
    const items = (await call("GET", `/api/log/?p=1&page_size=5&type=2&model_name=${model}`)).data.items;
    if (items.length) return items[0];
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("no log for " + model);
}

test("Cohere's request shape: strings, top_n, return_documents", async () => {
  const r = await rerank({ model: "rerank-v3.5", query: "What is the capital of the United States?",
                           documents: ["Carson City is the capital city of Nevada.", "Washington, D.C. is the capital of the United States."],
                           top_n: 2, return_documents: true });
  const body = await r.json();
  assert.equal(r.status, 200, JSON.stringify(body));
  assert.deepEqual(body.results.map((x) => x.index), [0, 1]);
  assert.equal(body.results[1].document.text, "Washington, D.C. is the capital of the United States.");
  assert.equal(typeof body.results[0].relevance_score, "number");
  const up = mock.requests.at(-1);
  assert.equal(up.url, "/cohere/v1/rerank");
  assert.equal(up.headers.authorization, "Bearer sk-cohere");
  // Cohere bills search units only: the gateway counts the query and documents itself.
  const log = await lastLog("rerank-v3.5");
  assert.ok(log.prompt_tokens > 10 && log.quota === log.prompt_tokens, JSON.stringify(log));
  assert.equal(body.usage.prompt_tokens, 0);
});

test("Cohere without top_n gets New API's default of one result", async () => {
  const body = await (await rerank({ model: "rerank-v3.5", query: "q", documents: ["a", "b", "c"] })).json();
  assert.equal(mock.requests.at(-1).body.top_n, 1);
  assert.equal(body.results.length, 1);
  assert.ok(body.results[0].document, "documents returned by default");
});

test("Jina's request shape: objects with text, billed by the upstream's tokens", async () => {
  const r = await rerank({ model: "jina-reranker-v2-base-multilingual", query: "Organic skincare products for sensitive skin",
                           documents: [{ text: "Organic skincare for sensitive skin with aloe vera" }, { text: "New makeup trends" },
                                       { text: "Bio-Hautpflege für empfindliche Haut" }],
                           top_n: 3, return_documents: false });
  const body = await r.json();
  assert.equal(r.status, 200, JSON.stringify(body));
  assert.equal(body.results.length, 3);
  assert.equal(body.results[0].document, undefined);
  assert.deepEqual(body.usage, { prompt_tokens: 30, completion_tokens: 0, total_tokens: 30 });
  assert.equal(mock.requests.at(-1).url, "/jina/v1/rerank");
  const log = await lastLog("jina-reranker-v2-base-multilingual");
  assert.equal(log.prompt_tokens, 30);
  assert.equal(log.quota, 60);  // ModelRatio 2
});

test("a request without a query is the client's fault: 400, nothing charged", async () => {
  const r = await rerank({ model: "rerank-v3.5", documents: ["a"] });
  assert.equal(r.status, 400);
  assert.match((await r.json()).error.message, /query is required/);
});
