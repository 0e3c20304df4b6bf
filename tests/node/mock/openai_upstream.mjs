// A mock OpenAI-compatible upstream for relay tests. Behaviour is chosen by the model name:
//   slow-*      waits x-mock-delay-ms (default 1000) before answering / between stream chunks
//   fail-401    401 invalid_api_key        fail-500   500 server error     fail-400  400 bad request
//   drop-mid    streams two chunks, then destroys the connection
//   no-usage    never reports usage        tools      answers with a tool call
//   hang        sends a head and one chunk, then nothing (client-abort tests)
//   flood       streams ~64 MB of chunks as fast as the gateway takes them (stalled-client tests)
//   flood-small the same, 12 MB (slow-client tests)
//   fail-quota  429 with OpenAI's quota-exceeded message (an auto-disable keyword)
//   leak-key    400 whose message echoes the Authorization header and the bare key it carries
// Any model: a base URL under /broken/ answers 500; the key sk-bad gets 401.
// POST .../v1/rerank answers as Cohere (base URL under /cohere) or Jina (under /jina).
// The same server speaks Anthropic (/v1/messages, claude_upstream.mjs), Gemini
// (/v1beta/models/..., gemini_upstream.mjs) and Responses (/v1/responses, responses_upstream.mjs).
// GET /_mock/requests returns the requests seen; GET /_mock/stats counts connections the
// gateway closed before an answer finished (aborted).
import http from "node:http";

import { claudeMessages } from "./claude_upstream.mjs";
import { geminiRoute } from "./gemini_upstream.mjs";
import { responsesRoute } from "./responses_upstream.mjs";

export function startMock({ port = 0 } = {}) {
  const requests = [];
  const stats = { aborted: 0, completed: 0 };
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => route(req, res, body));
  });
  server.keepAliveTimeout = 60000;

  function route(req, res, raw) {
    if (req.url.startsWith("/_mock/requests")) return json(res, 200, requests);
    if (req.url.startsWith("/_mock/stats")) return json(res, 200, stats);
    if (req.url.startsWith("/_mock/reset")) {
      requests.length = 0;
      stats.aborted = stats.completed = 0;
      return json(res, 200, {});
    }
    let body = {};
    try { body = raw ? JSON.parse(raw) : {}; } catch { return json(res, 400, { error: { message: "bad json" } }); }
    requests.push({ method: req.method, url: req.url, headers: req.headers, body });
    let finished = false;
    res.on("finish", () => { finished = true; stats.completed++; });
    res.on("close", () => { if (!finished) stats.aborted++; });
    const model = body.model || "";
    const delay = Number(req.headers["x-mock-delay-ms"] || (model.startsWith("slow") ? 1000 : 0));
    if (req.url.startsWith("/broken/")) return json(res, 500, { error: { message: "this endpoint is down", type: "server_error" } });
    if (req.headers.authorization === "Bearer sk-bad")
      return json(res, 401, { error: { message: "Incorrect API key provided: sk-bad", type: "invalid_request_error", code: "invalid_api_key" } });
    if (req.url.endsWith("/v1/rerank")) return rerank(req, res, body);
    if (req.url.startsWith("/v1/messages")) return claudeMessages(req, res, body, json);
    if (/^\/v1(beta|alpha)?\/models\//.test(req.url)) return geminiRoute(req, res, body, json);
    if (req.url.endsWith("/embeddings")) return embeddings(res, body);
    if (model === "fail-quota")
      return json(res, 429, { error: { message: "You exceeded your current quota, please check your plan", type: "insufficient_quota" } });
    if (model === "leak-key") {
      const auth = req.headers.authorization || "";
      return json(res, 400, { error: { message: `key ${auth.replace(/^Bearer /, "")} rejected (Authorization: ${auth}; url ?key=${auth.slice(7)})`, type: "invalid_request_error" } });
    }
    if (model === "fail-401") return json(res, 401, { error: { message: "Incorrect API key provided", type: "invalid_request_error", code: "invalid_api_key" } });
    if (model === "fail-500") return json(res, 500, { error: { message: "upstream exploded", type: "server_error" } });
    if (model === "fail-400") return json(res, 400, { error: { message: "max_tokens is too large", type: "invalid_request_error", param: "max_tokens" } });
    if (req.url.startsWith("/v1/responses") || /\/openai\/v1\/responses/.test(req.url)) return responsesRoute(req, res, body, json);
    if (body.stream && model === "flood") return flood(res, model, 8000);
    if (body.stream && model === "flood-small") return flood(res, model, 1500);
    if (body.stream) return stream(res, body, model, delay);
    setTimeout(() => json(res, 200, completion(body, model)), delay);
  }
  return new Promise((resolve) =>
    server.listen(port, "127.0.0.1", () => resolve({ server, port: server.address().port, requests, stats })));
}

// Rerank as Cohere (base URL under /cohere: billed search units, no tokens) or Jina (under /jina:
// usage.total_tokens = 10 per document) answer it: document i scores 1 / (i + 1).
function rerank(req, res, body) {
  const docs = body.documents || [];
  if (!body.query || !docs.length) return json(res, 400, { message: "query and documents are required" });
  const results = docs.map((d, index) => ({ index, relevance_score: 1 / (index + 1),
                                            ...(body.return_documents ? { document: typeof d === "string" ? { text: d } : d } : {}) }))
    .slice(0, body.top_n || docs.length);
  if (req.url.startsWith("/cohere/"))
    return json(res, 200, { id: "rr-1", results, meta: { api_version: { version: "1" }, billed_units: { search_units: 1 } } });
  return json(res, 200, { model: body.model, usage: { total_tokens: 10 * docs.length }, results });
}

function json(res, status, obj) {
  const text = JSON.stringify(obj);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

function lastUserText(body) {
  const msgs = body.messages || [];
  const last = msgs[msgs.length - 1] || {};
  if (last.role === "tool") return "tool said " + last.content;
  if (Array.isArray(last.content)) return last.content.filter((p) => p.type === "text").map((p) => p.text).join("");
  return typeof last.content === "string" ? last.content : "";
}

function completion(body, model) {
  const answered = (body.messages || []).some((m) => m.role === "tool");
  const msg = model === "tools" && !answered
    ? { role: "assistant", content: null, tool_calls: [{ id: "call_1", type: "function", function: { name: "get_weather", arguments: "{\"city\":\"Paris\"}" } }] }
    : { role: "assistant", content: "echo: " + lastUserText(body) };
  const out = {
    id: "chatcmpl-mock", object: "chat.completion", created: 1700000000, model,
    choices: [{ index: 0, message: msg, finish_reason: msg.tool_calls ? "tool_calls" : "stop" }],
  };
  if (model !== "no-usage") out.usage = usageFor(model);
  return out;
}

// Fixed usage per model name, so billing tests can compute charges by hand.
function usageFor(model) {
  if (model === "cached")
    return { prompt_tokens: 1000, completion_tokens: 50, total_tokens: 1050, prompt_tokens_details: { cached_tokens: 400 } };
  if (model === "cache-write")
    return { prompt_tokens: 1000, completion_tokens: 50, total_tokens: 1050,
             prompt_tokens_details: { cached_tokens: 200, cache_write_tokens: 300 } };
  return { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 };
}

function embeddings(res, body) {
  const inputs = Array.isArray(body.input) ? body.input : [body.input];
  json(res, 200, {
    object: "list", model: body.model,
    data: inputs.map((_, i) => ({ object: "embedding", index: i, embedding: [0.1, 0.2, 0.3] })),
    usage: { prompt_tokens: 4 * inputs.length, total_tokens: 4 * inputs.length },
  });
}

function chunk(model, delta, finish = null) {
  return { id: "chatcmpl-mock", object: "chat.completion.chunk", created: 1700000000, model,
           choices: [{ index: 0, delta, finish_reason: finish }] };
}

function flood(res, model, chunks) {
  res.writeHead(200, { "content-type": "text/event-stream" });
  const line = `data: ${JSON.stringify(chunk(model, { content: "x".repeat(8000) }))}\n\n`;
  let sent = 0;
  const pump = () => {
    while (!res.destroyed && sent < chunks) {
      sent++;
      if (!res.write(line)) return res.once("drain", pump);
    }
    if (!res.destroyed) res.end("data: [DONE]\n\n");
  };
  pump();
}

function stream(res, body, model, delay) {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  const parts = model === "tools"
    ? [chunk(model, { role: "assistant", tool_calls: [{ index: 0, id: "call_1", type: "function", function: { name: "get_weather", arguments: "" } }] }),
       chunk(model, { tool_calls: [{ index: 0, function: { arguments: "{\"city\":" } }] }),
       chunk(model, { tool_calls: [{ index: 0, function: { arguments: "\"Paris\"}" } }] }),
       chunk(model, {}, "tool_calls")]
    : [chunk(model, { role: "assistant", content: "" }), ...["Hello", " from", " the", " mock"].map((t) => chunk(model, { content: t })),
       chunk(model, {}, "stop")];
  const wantUsage = body.stream_options && body.stream_options.include_usage && model !== "no-usage";
  if (wantUsage) parts.push({ id: "chatcmpl-mock", object: "chat.completion.chunk", created: 1700000000, model, choices: [],
                              usage: { prompt_tokens: 9, completion_tokens: 4, total_tokens: 13 } });
  let i = 0;
  const step = delay > 0 ? Math.max(1, Math.floor(delay / parts.length)) : 0;
  const next = () => {
    if (res.destroyed) return;
    if (model === "drop-mid" && i === 2) return res.destroy();
    if (model === "hang" && i === 1) return;
    if (i < parts.length) {
      res.write(`data: ${JSON.stringify(parts[i++])}\n\n`);
      return step ? setTimeout(next, step) : setImmediate(next);
    }
    res.end("data: [DONE]\n\n");
  };
  next();
}

if (process.argv[1] && process.argv[1].endsWith("openai_upstream.mjs")) {
  const port = Number(process.argv[2] || 0);
  startMock({ port }).then(({ port }) => console.log(`mock upstream on ${port}`));
}

// A forward HTTP proxy (absolute-form requests) that counts what it relays.
export function startProxy() {
  const stats = { forwarded: 0 };
  const server = http.createServer((req, res) => {
    stats.forwarded++;
    const target = new URL(req.url);
    const up = http.request({ host: target.hostname, port: target.port, path: target.pathname + target.search,
                              method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode, r.headers);
      r.pipe(res);
    });
    req.pipe(up);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ server, port: server.address().port, stats })));
}
