// The Anthropic Messages API as a mock: validates what Anthropic validates (x-api-key, max_tokens,
// roles, block types, alternation), answers by model name and body:
//   *tools* with tools in the request   a tool_use block (get_weather {"city":"Paris"})
//   *thinking* or a thinking request    a thinking block before the text
//   *cached*                            usage with cache reads and writes
//   claude-overloaded                   529 overloaded_error
// Text answers echo the last user text. Usage: 25 input, 9 output (cached: +100 read, +50 write).
const BLOCKS = new Set(["text", "image", "document", "tool_use", "tool_result", "thinking", "redacted_thinking"]);

function error(status, type, message) {
  return { status, body: { type: "error", error: { type, message } } };
}

function validate(req, body) {
  if (!req.headers["x-api-key"]) return error(401, "authentication_error", "x-api-key header is required");
  if (req.headers["x-api-key"] === "sk-bad") return error(401, "authentication_error", "invalid x-api-key");
  if (!Number.isInteger(body.max_tokens)) return error(400, "invalid_request_error", "max_tokens: Field required");
  if (!Array.isArray(body.messages) || body.messages.length === 0) return error(400, "invalid_request_error", "messages: Field required");
  if (body.messages !== undefined && "system" in body && typeof body.system !== "string" && !Array.isArray(body.system))
    return error(400, "invalid_request_error", "system: Input should be a valid string or list");
  let last = "";
  for (const [i, m] of body.messages.entries()) {
    if (m.role !== "user" && m.role !== "assistant") return error(400, "invalid_request_error", `messages.${i}.role: invalid`);
    if (m.role === last) return error(400, "invalid_request_error", "messages: roles must alternate between \"user\" and \"assistant\"");
    last = m.role;
    if (Array.isArray(m.content)) for (const b of m.content) {
      if (!BLOCKS.has(b.type)) return error(400, "invalid_request_error", `messages.${i}: unknown block ${b.type}`);
      if (b.type === "text" && !b.text) return error(400, "invalid_request_error", "text content blocks must be non-empty");
    }
  }
  if (body.thinking && body.temperature !== undefined && body.temperature !== 1)
    return error(400, "invalid_request_error", "temperature may only be set to 1 when thinking is enabled");
  return null;
}

function lastUserText(body) {
  for (let i = body.messages.length - 1; i >= 0; i--) {
    const m = body.messages[i];
    if (m.role !== "user") continue;
    if (typeof m.content === "string") return m.content;
    const t = m.content.filter((b) => b.type === "text").map((b) => b.text).join("");
    if (t) return t;
    const r = m.content.find((b) => b.type === "tool_result");
    if (r) return "tool said " + (typeof r.content === "string" ? r.content : JSON.stringify(r.content));
  }
  return "";
}

function answer(body) {
  const model = body.model;
  const content = [];
  if (model.includes("thinking") || body.thinking) content.push({ type: "thinking", thinking: "Let me think.", signature: "sig-mock" });
  const useTool = model.includes("tools") && Array.isArray(body.tools) && body.tools.length > 0 &&
    !body.messages.some((m) => Array.isArray(m.content) && m.content.some((b) => b.type === "tool_result"));
  if (useTool) content.push({ type: "tool_use", id: "toolu_mock1", name: body.tools[0].name, input: { city: "Paris" } });
  else content.push({ type: "text", text: "echo: " + lastUserText(body) });
  const usage = { input_tokens: 25, output_tokens: 9, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
  if (model.includes("cached")) Object.assign(usage, { cache_read_input_tokens: 100, cache_creation_input_tokens: 50 });
  return { id: "msg_mock1", type: "message", role: "assistant", model, content,
           stop_reason: useTool ? "tool_use" : "end_turn", stop_sequence: null, usage };
}

function streamEvents(msg) {
  const events = [];
  const start = { ...msg, content: [], stop_reason: null, usage: { ...msg.usage, output_tokens: 1 } };
  events.push(["message_start", { type: "message_start", message: start }]);
  events.push(["ping", { type: "ping" }]);
  msg.content.forEach((b, index) => {
    if (b.type === "text") {
      events.push(["content_block_start", { type: "content_block_start", index, content_block: { type: "text", text: "" } }]);
      const mid = Math.ceil(b.text.length / 2);
      for (const part of [b.text.slice(0, mid), b.text.slice(mid)])
        events.push(["content_block_delta", { type: "content_block_delta", index, delta: { type: "text_delta", text: part } }]);
    } else if (b.type === "thinking") {
      events.push(["content_block_start", { type: "content_block_start", index, content_block: { type: "thinking", thinking: "", signature: "" } }]);
      events.push(["content_block_delta", { type: "content_block_delta", index, delta: { type: "thinking_delta", thinking: b.thinking } }]);
      events.push(["content_block_delta", { type: "content_block_delta", index, delta: { type: "signature_delta", signature: b.signature } }]);
    } else {
      events.push(["content_block_start", { type: "content_block_start", index, content_block: { type: "tool_use", id: b.id, name: b.name, input: {} } }]);
      const args = JSON.stringify(b.input);
      for (const part of [args.slice(0, 5), args.slice(5)])
        events.push(["content_block_delta", { type: "content_block_delta", index, delta: { type: "input_json_delta", partial_json: part } }]);
    }
    events.push(["content_block_stop", { type: "content_block_stop", index }]);
  });
  events.push(["message_delta", { type: "message_delta", delta: { stop_reason: msg.stop_reason, stop_sequence: null },
                                  usage: { output_tokens: msg.usage.output_tokens } }]);
  events.push(["message_stop", { type: "message_stop" }]);
  return events;
}

// Anthropic's counting: {"input_tokens"} (here a quarter of the prompt's JSON characters, plus
// 1000 so a test can tell it from the gateway's own count).
function countTokens(req, res, body, json) {
  if (!req.headers["x-api-key"]) return json(res, 401, error(401, "authentication_error", "x-api-key header is required").body);
  if (!body.model || !Array.isArray(body.messages)) return json(res, 400, error(400, "invalid_request_error", "messages: Field required").body);
  json(res, 200, { input_tokens: 1000 + Math.ceil(JSON.stringify([body.system ?? "", body.messages]).length / 4) });
}

export function claudeMessages(req, res, body, json) {
  if (req.url.startsWith("/v1/messages/count_tokens")) return countTokens(req, res, body, json);
  if (body.model === "claude-overloaded") return json(res, 529, error(529, "overloaded_error", "Overloaded").body);
  const bad = validate(req, body);
  if (bad) return json(res, bad.status, bad.body);
  const msg = answer(body);
  if (!body.stream) return json(res, 200, msg);
  res.writeHead(200, { "content-type": "text/event-stream" });
  for (const [event, data] of streamEvents(msg)) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  res.end();
}
