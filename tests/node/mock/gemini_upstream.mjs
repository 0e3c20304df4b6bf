// The Gemini API as a mock (/v1beta/models/{model}:{method}): validates like Google (API key,
// non-empty contents with parts, no unknown top-level fields), answers by model name and body:
//   *tools* with function declarations   a functionCall (get_weather {"city":"Paris"})
//   *thinking* or thinkingConfig.includeThoughts   a thought part before the text
// Text answers echo the last user text. Usage: 12 prompt, 6 candidates (+4 thoughts).
const TOP_LEVEL = new Set(["contents", "systemInstruction", "system_instruction", "tools", "toolConfig", "tool_config",
  "generationConfig", "generation_config", "safetySettings", "safety_settings", "cachedContent", "labels"]);

function error(status, code, message) {
  return { status, body: { error: { code: status, message, status: code } } };
}

function validate(req, body) {
  if (!req.headers["x-goog-api-key"]) return error(403, "PERMISSION_DENIED", "Method doesn't allow unregistered callers");
  for (const k of Object.keys(body))
    if (!TOP_LEVEL.has(k)) return error(400, "INVALID_ARGUMENT", `Invalid JSON payload received. Unknown name "${k}": Cannot find field.`);
  if (!Array.isArray(body.contents) || body.contents.length === 0) return error(400, "INVALID_ARGUMENT", "* GenerateContentRequest.contents: contents is not specified");
  for (const c of body.contents) {
    if (!Array.isArray(c.parts) || c.parts.length === 0) return error(400, "INVALID_ARGUMENT", "contents.parts must not be empty");
    if (c.role && c.role !== "user" && c.role !== "model") return error(400, "INVALID_ARGUMENT", `Please use a valid role: user, model.`);
  }
  return null;
}

function lastUserText(body) {
  for (let i = body.contents.length - 1; i >= 0; i--) {
    const c = body.contents[i];
    if (c.role === "model") continue;
    const t = c.parts.filter((p) => typeof p.text === "string").map((p) => p.text).join("");
    if (t) return t;
    const fr = c.parts.find((p) => p.functionResponse);
    if (fr) return "tool said " + JSON.stringify(fr.functionResponse.response);
  }
  return "";
}

function answer(model, body) {
  const parts = [];
  const gen = body.generationConfig || {};
  if (model.includes("thinking") || (gen.thinkingConfig && gen.thinkingConfig.includeThoughts))
    parts.push({ text: "Let me think.", thought: true });
  const decls = (body.tools || []).flatMap((t) => t.functionDeclarations || []);
  const answered = body.contents.some((c) => c.parts.some((p) => p.functionResponse));
  const useTool = model.includes("tools") && decls.length > 0 && !answered;
  if (useTool) parts.push({ functionCall: { name: decls[0].name, args: { city: "Paris" } } });
  else parts.push({ text: "echo: " + lastUserText(body) });
  const thoughts = parts.some((p) => p.thought) ? 4 : 0;
  return {
    candidates: [{ content: { role: "model", parts }, finishReason: "STOP", index: 0 }],
    usageMetadata: { promptTokenCount: 12, candidatesTokenCount: 6, totalTokenCount: 18 + thoughts,
                     ...(thoughts ? { thoughtsTokenCount: thoughts } : {}) },
    modelVersion: model, responseId: "gem-mock-1",
  };
}

function streamChunks(full) {
  const parts = full.candidates[0].content.parts;
  const chunks = parts.map((p, i) => ({
    candidates: [{ content: { role: "model", parts: [p] }, index: 0, ...(i === parts.length - 1 ? { finishReason: "STOP" } : {}) }],
    usageMetadata: i === parts.length - 1 ? full.usageMetadata : { promptTokenCount: 12, totalTokenCount: 12 },
    modelVersion: full.modelVersion, responseId: full.responseId,
  }));
  const last = chunks[chunks.length - 1].candidates[0].content.parts[0];
  if (typeof last.text === "string" && !last.thought && last.text.length > 4) {  // split the text over two chunks
    const head = JSON.parse(JSON.stringify(chunks[chunks.length - 1]));
    head.candidates[0].content.parts[0].text = last.text.slice(0, 4);
    delete head.candidates[0].finishReason;
    head.usageMetadata = { promptTokenCount: 12, totalTokenCount: 12 };
    last.text = last.text.slice(4);
    chunks.splice(chunks.length - 1, 0, head);
  }
  return chunks;
}

export function geminiRoute(req, res, body, json) {
  const m = req.url.match(/^\/(v1beta|v1|v1alpha)\/models\/([^:?]+):(\w+)/);
  if (!m) return json(res, 404, error(404, "NOT_FOUND", "not found").body);
  const [, , model, method] = m;
  if (method === "embedContent" || method === "batchEmbedContents") {
    if (!req.headers["x-goog-api-key"]) return json(res, 403, error(403, "PERMISSION_DENIED", "no key").body);
    if (method === "embedContent") return json(res, 200, { embedding: { values: [0.5, 0.25, 0.125] } });
    return json(res, 200, { embeddings: (body.requests || []).map(() => ({ values: [0.5, 0.25, 0.125] })) });
  }
  const bad = validate(req, body);
  if (bad) return json(res, bad.status, bad.body);
  // Google's counting (a quarter of the contents' JSON characters, plus 1000 to tell it apart).
  if (method === "countTokens") return json(res, 200, { totalTokens: 1000 + Math.ceil(JSON.stringify(body.contents).length / 4) });
  const full = answer(model, body);
  if (method === "generateContent") return json(res, 200, full);
  if (method !== "streamGenerateContent") return json(res, 404, error(404, "NOT_FOUND", "unknown method").body);
  res.writeHead(200, { "content-type": "text/event-stream" });
  for (const c of streamChunks(full)) res.write(`data: ${JSON.stringify(c)}\r\n\r\n`);
  res.end();
}
