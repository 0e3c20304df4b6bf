// OpenAI's Responses API as a mock (POST /v1/responses): rejects chat-shaped bodies, answers
// with a message (echo of the last user text) or, for *tools* models with tools, a function call.
// Usage: 13 input, 5 output.
let seq = 0;

function lastUserText(input) {
  if (typeof input === "string") return input;
  for (let i = input.length - 1; i >= 0; i--) {
    const item = input[i];
    if (item.type === "function_call_output") return "tool said " + item.output;
    if (item.role !== "user") continue;
    if (typeof item.content === "string") return item.content;
    return item.content.filter((p) => p.type === "input_text").map((p) => p.text).join("");
  }
  return "";
}

function response(body, status) {
  const answered = Array.isArray(body.input) && body.input.some((i) => i.type === "function_call_output");
  const fn = (body.tools || []).find((t) => t.type === "function");
  const useTool = body.model.includes("tools") && fn && !answered;
  const output = useTool
    ? [{ type: "function_call", id: "fc_mock1", call_id: "call_mock1", name: fn.name, arguments: "{\"city\":\"Paris\"}", status: "completed" }]
    : [{ type: "message", id: "msg_mock1", status: "completed", role: "assistant",
         content: [{ type: "output_text", text: "echo: " + lastUserText(body.input), annotations: [] }] }];
  return { id: "resp_mock1", object: "response", created_at: 1700000000, status, model: body.model,
           output: status === "completed" ? output : [], error: null, incomplete_details: null,
           usage: status === "completed" ? { input_tokens: 13, input_tokens_details: { cached_tokens: 0 }, output_tokens: 5,
                                             output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 18 } : null };
}

function streamEvents(body) {
  const done = response(body, "completed");
  const events = [["response.created", { response: response(body, "in_progress") }],
                  ["response.in_progress", { response: response(body, "in_progress") }]];
  done.output.forEach((item, output_index) => {
    if (item.type === "message") {
      const text = item.content[0].text;
      events.push(["response.output_item.added", { output_index, item: { ...item, status: "in_progress", content: [] } }]);
      events.push(["response.content_part.added", { item_id: item.id, output_index, content_index: 0, part: { type: "output_text", text: "", annotations: [] } }]);
      for (const delta of [text.slice(0, 4), text.slice(4)])
        events.push(["response.output_text.delta", { item_id: item.id, output_index, content_index: 0, delta }]);
      events.push(["response.output_text.done", { item_id: item.id, output_index, content_index: 0, text }]);
      events.push(["response.content_part.done", { item_id: item.id, output_index, content_index: 0, part: item.content[0] }]);
    } else {
      events.push(["response.output_item.added", { output_index, item: { ...item, arguments: "", status: "in_progress" } }]);
      events.push(["response.function_call_arguments.delta", { item_id: item.id, output_index, delta: item.arguments }]);
      events.push(["response.function_call_arguments.done", { item_id: item.id, output_index, arguments: item.arguments }]);
    }
    events.push(["response.output_item.done", { output_index, item }]);
  });
  events.push(["response.completed", { response: done }]);
  return events;
}

export function responsesRoute(req, res, body, json) {
  if (body.messages || body.input === undefined)
    return json(res, 400, { error: { message: "Missing required parameter: 'input'.", type: "invalid_request_error", param: "input", code: "missing_required_parameter" } });
  if (req.url.replace(/\?.*$/, "").endsWith("/responses/compact")) return compaction(res, body, json);
  if (!body.stream) return json(res, 200, response(body, "completed"));
  res.writeHead(200, { "content-type": "text/event-stream" });
  for (const [type, data] of streamEvents(body))
    res.write(`event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: seq++, ...data })}\n\n`);
  res.end();
}

// POST /v1/responses/compact: the user's messages kept, the rest folded into one encrypted
// compaction item. Models ending in -openai-compact are gateway names, unknown upstream.
function compaction(res, body, json) {
  if (body.stream !== undefined) return json(res, 400, { error: { message: "Unknown parameter: 'stream'.", type: "invalid_request_error", param: "stream", code: "unknown_parameter" } });
  if (String(body.model).endsWith("-openai-compact"))
    return json(res, 404, { error: { message: `The model '${body.model}' does not exist`, type: "invalid_request_error", code: "model_not_found" } });
  const input = Array.isArray(body.input) ? body.input : [{ type: "message", role: "user", content: [{ type: "input_text", text: String(body.input) }] }];
  json(res, 200, {
    id: "resp_compact_1", object: "response.compaction", created_at: 1700000000,
    output: [...input.filter((i) => i.role === "user"), { type: "compaction", id: "cmp_1", encrypted_content: "gAAAA-compacted" }],
    usage: { input_tokens: 1200, input_tokens_details: { cached_tokens: 0 }, output_tokens: 300,
             output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 1500 },
  });
}
