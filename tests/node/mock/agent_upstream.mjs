// A scripted agent behind the four upstream APIs the coding clients reach through the gateway:
// OpenAI Chat Completions, OpenAI Responses, Anthropic Messages and Gemini generateContent, each
// streamed (and not) in its own wire shape. A turn without a tool result asks for one shell
// command through whichever shell tool the client offered (its schema decides the argument
// shape); a turn that carries a tool result answers "AGENT-DONE: <result>". Requests the real
// APIs refuse are refused here too: OpenAI `user` over 64 characters, `max_tokens` on reasoning
// models, Anthropic requests without max_tokens or with a tool_result nobody asked for.
// Every request is recorded ({api, url, body}).
import http from "node:http";

export const COMMAND = "echo gw-tool-ok";

export function startAgentMock() {
  const requests = [];
  const server = http.createServer(async (req, res) => {
    let raw = "";
    for await (const c of req) raw += c;
    let body = {};
    try { body = raw ? JSON.parse(raw) : {}; } catch { return json(res, 400, { error: { message: "bad json" } }); }
    const url = req.url.replace(/\?.*$/, "");
    const api = url.endsWith("/chat/completions") ? "chat" : url.endsWith("/responses") ? "responses"
              : url.endsWith("/messages") ? "claude" : /:(stream)?[gG]enerateContent$/.test(url) ? "gemini"
              : url.endsWith(":countTokens") ? "gemini-count" : url.endsWith("/messages/count_tokens") ? "claude-count" : "other";
    requests.push({ api, url: req.url, headers: req.headers, body });
    const handler = { chat, responses, claude, gemini, "gemini-count": geminiCount, "claude-count": claudeCount }[api];
    if (!handler) return json(res, 404, { error: { message: `no route ${req.method} ${url}` } });
    handler(req, res, body, url);
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve({ server, port: server.address().port, requests })));
}

function json(res, status, body) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

function sse(res) {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  return (event, data) => res.write((event ? `event: ${event}\n` : "") + `data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`);
}

// The shell tool the client offered, and arguments in the shape its schema asks for.
const SHELL_NAMES = ["Bash", "run_shell_command", "shell", "shell_command", "exec_command", "local_shell"];
function shellCall(tools) {
  const tool = SHELL_NAMES.map((n) => tools.find((t) => t.name === n)).find(Boolean);
  if (!tool) return null;
  const props = tool.schema?.properties || {};
  let args;
  if (props.cmd) args = { cmd: COMMAND };
  else if (props.command?.type === "array") args = { command: ["bash", "-lc", COMMAND] };
  else args = { command: COMMAND };
  if (props.description && tool.name === "Bash") args.description = "Print a marker";
  if (props.workdir && (tool.schema.required || []).includes("workdir")) args.workdir = process.cwd();
  return { name: tool.name, args };
}

function finalText(result) {
  return "AGENT-DONE: " + String(result).replace(/\s+/g, " ").trim().slice(0, 200);
}

// ---- OpenAI Chat Completions ---------------------------------------------------------------

const reasoningModel = (m) => /^o\d/.test(m) || m.startsWith("gpt-5");

function chat(req, res, b) {
  if (b.user && b.user.length > 64)
    return json(res, 400, { error: { message: `Invalid 'user': string too long. Expected a string with maximum length 64, but got a string with length ${b.user.length} instead.`, type: "invalid_request_error", param: "user", code: "string_above_max_length" } });
  if (b.max_tokens !== undefined && reasoningModel(b.model))
    return json(res, 400, { error: { message: "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.", type: "invalid_request_error", param: "max_tokens", code: "unsupported_parameter" } });
  const msgs = b.messages || [];
  const asked = new Set(msgs.flatMap((m) => (m.tool_calls || []).map((c) => c.id)));
  const orphan = msgs.find((m) => m.role === "tool" && !asked.has(m.tool_call_id));
  if (orphan) return json(res, 400, { error: { message: "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.", type: "invalid_request_error" } });
  const result = [...msgs].reverse().find((m) => m.role === "tool");
  const tools = (b.tools || []).map((t) => ({ name: t.function?.name, schema: t.function?.parameters }));
  const call = !result && shellCall(tools);
  const usage = { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 };
  const base = { id: "chatcmpl-agent", object: "chat.completion", created: 1700000000, model: b.model };
  const message = call ? { role: "assistant", content: null, tool_calls: [{ id: "call_agent_1", type: "function", function: { name: call.name, arguments: JSON.stringify(call.args) } }] }
                       : { role: "assistant", content: finalText(result ? (typeof result.content === "string" ? result.content : JSON.stringify(result.content)) : "no tool") };
  const finish = call ? "tool_calls" : "stop";
  if (!b.stream) return json(res, 200, { ...base, choices: [{ index: 0, message, finish_reason: finish }], usage });
  const send = sse(res);
  const chunk = (delta, finish_reason = null) => send("", { ...base, object: "chat.completion.chunk", choices: [{ index: 0, delta, finish_reason }] });
  chunk({ role: "assistant", content: "" });
  if (call) {
    const args = message.tool_calls[0].function.arguments;
    chunk({ tool_calls: [{ index: 0, id: "call_agent_1", type: "function", function: { name: call.name, arguments: "" } }] });
    chunk({ tool_calls: [{ index: 0, function: { arguments: args.slice(0, 5) } }] });
    chunk({ tool_calls: [{ index: 0, function: { arguments: args.slice(5) } }] });
  } else {
    chunk({ content: message.content });
  }
  chunk({}, finish);
  if (b.stream_options?.include_usage) send("", { ...base, object: "chat.completion.chunk", choices: [], usage });
  send("", "[DONE]");
  res.end();
}

// ---- OpenAI Responses ------------------------------------------------------------------------

function responses(req, res, b) {
  if (b.input === undefined) return json(res, 400, { error: { message: "Missing required parameter: 'input'.", type: "invalid_request_error", param: "input" } });
  const input = Array.isArray(b.input) ? b.input : [];
  const result = [...input].reverse().find((i) => i.type === "function_call_output" || i.type === "custom_tool_call_output");
  const flat = (b.tools || []).flatMap((t) => t.type === "namespace" ? t.tools || [] : [t]);
  const tools = flat.map((t) => ({ name: t.name, schema: t.parameters }));
  const call = !result && shellCall(tools);
  const usage = { input_tokens: 100, input_tokens_details: { cached_tokens: 0 }, output_tokens: 20, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 120 };
  const item = call ? { type: "function_call", id: "fc_agent_1", call_id: "call_agent_1", name: call.name, arguments: JSON.stringify(call.args), status: "completed" }
                    : { type: "message", id: "msg_agent_1", role: "assistant", status: "completed",
                        content: [{ type: "output_text", text: finalText(result ? (typeof result.output === "string" ? result.output : JSON.stringify(result.output)) : "no tool"), annotations: [] }] };
  const response = (status, output) => ({ id: "resp_agent", object: "response", created_at: 1700000000, status, model: b.model,
                                         output, usage: status === "completed" ? usage : null, error: null, incomplete_details: null });
  if (!b.stream) return json(res, 200, response("completed", [item]));
  const send = sse(res);
  let seq = 0;
  const ev = (type, data) => send(type, { type, sequence_number: seq++, ...data });
  ev("response.created", { response: response("in_progress", []) });
  ev("response.in_progress", { response: response("in_progress", []) });
  if (call) {
    ev("response.output_item.added", { output_index: 0, item: { ...item, arguments: "", status: "in_progress" } });
    ev("response.function_call_arguments.delta", { item_id: item.id, output_index: 0, delta: item.arguments });
    ev("response.function_call_arguments.done", { item_id: item.id, output_index: 0, arguments: item.arguments });
  } else {
    const text = item.content[0].text;
    ev("response.output_item.added", { output_index: 0, item: { ...item, status: "in_progress", content: [] } });
    ev("response.content_part.added", { item_id: item.id, output_index: 0, content_index: 0, part: { type: "output_text", text: "", annotations: [] } });
    ev("response.output_text.delta", { item_id: item.id, output_index: 0, content_index: 0, delta: text, logprobs: [] });
    ev("response.output_text.done", { item_id: item.id, output_index: 0, content_index: 0, text, logprobs: [] });
    ev("response.content_part.done", { item_id: item.id, output_index: 0, content_index: 0, part: item.content[0] });
  }
  ev("response.output_item.done", { output_index: 0, item });
  ev("response.completed", { response: response("completed", [item]) });
  res.end();
}

// ---- Anthropic Messages ----------------------------------------------------------------------

function claudeError(res, status, type, message) {
  json(res, status, { type: "error", error: { type, message } });
}

function claude(req, res, b) {
  if (!req.headers["x-api-key"] && !req.headers.authorization) return claudeError(res, 401, "authentication_error", "invalid x-api-key");
  if (!b.max_tokens) return claudeError(res, 400, "invalid_request_error", "max_tokens: Field required");
  const msgs = b.messages || [];
  const asked = new Set(msgs.flatMap((m) => Array.isArray(m.content) ? m.content.filter((c) => c.type === "tool_use").map((c) => c.id) : []));
  const results = msgs.flatMap((m) => Array.isArray(m.content) ? m.content.filter((c) => c.type === "tool_result") : []);
  if (results.some((r) => !asked.has(r.tool_use_id)))
    return claudeError(res, 400, "invalid_request_error", "messages: unexpected `tool_use_id` found in `tool_result` blocks");
  const last = msgs.at(-1);
  const result = last && Array.isArray(last.content) ? last.content.find((c) => c.type === "tool_result") : null;
  const tools = (b.tools || []).map((t) => ({ name: t.name, schema: t.input_schema }));
  const call = !result && shellCall(tools);
  const resultText = result ? (typeof result.content === "string" ? result.content : (result.content || []).map((c) => c.text || "").join("")) : "no tool";
  const block = call ? { type: "tool_use", id: "toolu_agent_1", name: call.name, input: call.args } : { type: "text", text: finalText(resultText) };
  const usage = { input_tokens: 100, output_tokens: 20, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 };
  const message = { id: "msg_agent", type: "message", role: "assistant", model: b.model, content: [block],
                    stop_reason: call ? "tool_use" : "end_turn", stop_sequence: null, usage };
  if (!b.stream) return json(res, 200, message);
  const send = sse(res);
  send("message_start", { type: "message_start", message: { ...message, content: [], stop_reason: null, usage: { ...usage, output_tokens: 1 } } });
  if (call) {
    send("content_block_start", { type: "content_block_start", index: 0, content_block: { ...block, input: {} } });
    send("content_block_delta", { type: "content_block_delta", index: 0, delta: { type: "input_json_delta", partial_json: JSON.stringify(call.args) } });
  } else {
    send("content_block_start", { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } });
    send("content_block_delta", { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: block.text } });
  }
  send("content_block_stop", { type: "content_block_stop", index: 0 });
  send("message_delta", { type: "message_delta", delta: { stop_reason: message.stop_reason, stop_sequence: null }, usage: { output_tokens: 20 } });
  send("message_stop", { type: "message_stop" });
  res.end();
}

function claudeCount(req, res) {
  json(res, 200, { input_tokens: 100 });
}

// ---- Gemini ----------------------------------------------------------------------------------

function gemini(req, res, b, url) {
  if (!req.headers["x-goog-api-key"]) return json(res, 403, { error: { code: 403, message: "Method doesn't allow unregistered callers", status: "PERMISSION_DENIED" } });
  if (!Array.isArray(b.contents) || !b.contents.length) return json(res, 400, { error: { code: 400, message: "* GenerateContentRequest.contents: contents is not specified", status: "INVALID_ARGUMENT" } });
  const last = b.contents.at(-1);
  const response = (last.parts || []).find((p) => p.functionResponse)?.functionResponse;
  const tools = (b.tools || []).flatMap((t) => t.functionDeclarations || []).map((d) => ({ name: d.name, schema: d.parameters || d.parametersJsonSchema }));
  const call = !response && shellCall(tools);
  const part = call ? { functionCall: { name: call.name, args: call.args } } : { text: finalText(response ? JSON.stringify(response.response) : "no tool") };
  const answer = { candidates: [{ content: { role: "model", parts: [part] }, finishReason: "STOP", index: 0 }],
                   usageMetadata: { promptTokenCount: 100, candidatesTokenCount: 20, totalTokenCount: 120 }, modelVersion: "gemini-agent" };
  if (!url.includes(":streamGenerateContent")) return json(res, 200, answer);
  const send = sse(res);
  send("", answer);
  res.end();
}

function geminiCount(req, res) {
  json(res, 200, { totalTokens: 100 });
}
