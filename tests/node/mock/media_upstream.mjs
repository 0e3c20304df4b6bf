// A mock of OpenAI's image and audio endpoints that checks requests as the real API does
// (multipart bodies parsed as forms, required fields, per-model limits) and answers in its shapes.
//   images/generations  JSON; dall-e-3: n = 1 and its three sizes; gpt-image-1 reports token usage
//   images/edits        multipart with an image file; gpt-image-1 reports token usage
//   images/variations   multipart, dall-e-2 only
//   audio/speech        JSON {model, input, voice}; answers 2 s of audio (an input "seconds:N" asks
//                       for N, "seconds:N bytes:M" for M bytes) in response_format (mp3 at 128 kbps, wav, pcm)
//   audio/transcriptions, audio/translations  multipart with a file; whisper-1 reports seconds,
//                       gpt-4o-*transcribe tokens; response_format text answers text/plain
// Every request is recorded with its form fields and the sizes of its files.
import http from "node:http";

export function startMediaMock() {
  const requests = [];
  const server = http.createServer(async (req, res) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const raw = Buffer.concat(chunks);
    try {
      await route(req, res, raw);
    } catch (e) {
      json(res, 500, { error: { message: String(e), type: "server_error" } });
    }
  });

  async function route(req, res, raw) {
    const type = req.headers["content-type"] || "";
    let body = {}, files = {};
    if (type.startsWith("multipart/form-data")) {
      const form = await new Response(raw, { headers: { "content-type": type } }).formData();
      for (const [k, v] of form.entries()) {
        if (typeof v === "string") body[k] = v;
        else files[k] = { name: v.name, type: v.type, size: v.size, head: Buffer.from(await v.slice(0, 8).arrayBuffer()) };
      }
    } else if (raw.length) {
      try { body = JSON.parse(raw.toString()); } catch { return bad(res, "We could not parse the JSON body of your request."); }
    }
    requests.push({ url: req.url, headers: req.headers, body, files, bytes: raw.length });
    if (/:predict$/.test(path0(req.url))) return imagen(req, res, body);
    if (req.headers.authorization !== "Bearer sk-media") return json(res, 401, { error: { message: "Incorrect API key provided", type: "invalid_request_error", code: "invalid_api_key" } });
    const path = req.url.replace(/\?.*$/, "");
    if (path.endsWith("/v1/images/generations")) return generations(res, body);
    if (path.endsWith("/v1/images/edits")) return edits(res, body, files, type);
    if (path.endsWith("/v1/images/variations")) return variations(res, body, files, type);
    if (path.endsWith("/v1/audio/speech")) return speech(req, res, body);
    if (path.endsWith("/v1/audio/transcriptions") || path.endsWith("/v1/audio/translations"))
      return transcription(req, res, body, files, type, path.endsWith("translations"));
    json(res, 404, { error: { message: "Invalid URL (POST " + path + ")", type: "invalid_request_error" } });
  }

  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve({ server, port: server.address().port, requests })));
}

const path0 = (url) => url.replace(/\?.*$/, "");

// Imagen (models/{model}:predict) as Google answers it.
function imagen(req, res, b) {
  if (req.headers["x-goog-api-key"] !== "sk-media") return json(res, 403, { error: { code: 403, message: "API key not valid", status: "PERMISSION_DENIED" } });
  const prompt = b.instances?.[0]?.prompt;
  if (!prompt) return json(res, 400, { error: { code: 400, message: "instances[0].prompt is required", status: "INVALID_ARGUMENT" } });
  const n = b.parameters?.sampleCount ?? 4;
  if (n < 1 || n > 4) return json(res, 400, { error: { code: 400, message: "sampleCount must be between 1 and 4", status: "INVALID_ARGUMENT" } });
  if (!["1:1", "3:4", "4:3", "9:16", "16:9"].includes(b.parameters?.aspectRatio ?? "1:1"))
    return json(res, 400, { error: { code: 400, message: "aspectRatio is invalid", status: "INVALID_ARGUMENT" } });
  json(res, 200, { predictions: Array.from({ length: n }, (_, i) => ({ mimeType: "image/png", bytesBase64Encoded: Buffer.concat([PNG, Buffer.from("imagen" + i)]).toString("base64") })) });
}

function json(res, status, body) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}
const bad = (res, message, param = null) => json(res, 400, { error: { message, type: "invalid_request_error", param, code: null } });

const PNG = Buffer.from("89504e470d0a1a0a", "hex");
function images(n, format) {
  return Array.from({ length: n }, (_, i) =>
    format === "url" ? { url: `https://images.example/${i}.png` } : { b64_json: Buffer.concat([PNG, Buffer.from("img" + i)]).toString("base64") });
}
const imageUsage = { input_tokens: 100, output_tokens: 200, total_tokens: 300, input_tokens_details: { text_tokens: 60, image_tokens: 40 } };

function generations(res, b) {
  if (!b.prompt) return bad(res, "Missing required parameter: 'prompt'.", "prompt");
  const model = b.model || "dall-e-2", n = b.n ?? 1;
  if (model === "dall-e-3" && n !== 1) return bad(res, "You must provide n=1 for this model.", "n");
  if (model === "dall-e-3" && b.size && !["1024x1024", "1792x1024", "1024x1792"].includes(b.size))
    return bad(res, `'${b.size}' is not one of ['1024x1024', '1024x1792', '1792x1024'] - 'size'`, "size");
  const out = { created: 1700000000, data: images(n, model.startsWith("gpt-image") ? "b64_json" : b.response_format || "url") };
  if (model.startsWith("gpt-image")) out.usage = imageUsage;
  json(res, 200, out);
}

function edits(res, b, files, type) {
  if (!type.startsWith("multipart/form-data")) return bad(res, "Invalid Content-Type header, expected multipart/form-data.");
  const image = files.image || files["image[]"];
  if (!image) return bad(res, "Missing required parameter: 'image'.", "image");
  if (!image.head.equals(PNG)) return bad(res, "Invalid input image - format must be in ['png'].", "image");
  if (!b.prompt) return bad(res, "Missing required parameter: 'prompt'.", "prompt");
  const model = b.model || "dall-e-2";
  const out = { created: 1700000000, data: images(Number(b.n || 1), model.startsWith("gpt-image") ? "b64_json" : b.response_format || "url") };
  if (model.startsWith("gpt-image")) out.usage = imageUsage;
  json(res, 200, out);
}

function variations(res, b, files, type) {
  if (!type.startsWith("multipart/form-data")) return bad(res, "Invalid Content-Type header, expected multipart/form-data.");
  if (!files.image) return bad(res, "Missing required parameter: 'image'.", "image");
  if ((b.model || "dall-e-2") !== "dall-e-2") return bad(res, "Invalid model. The model argument should be left blank.", "model");
  json(res, 200, { created: 1700000000, data: images(Number(b.n || 1), b.response_format || "url") });
}

// `seconds` of audio: an MP3 of 128 kbps MPEG-1 Layer III frames, a 24 kHz 16-bit mono WAV, or raw PCM.
export function audioBytes(format, seconds, forcedBytes) {
  const pcmBytes = Math.round(seconds * 48000);
  if (format === "pcm") return Buffer.alloc(forcedBytes || pcmBytes, 1);
  if (format === "wav") {
    const h = Buffer.alloc(44);
    h.write("RIFF", 0); h.writeUInt32LE(36 + pcmBytes, 4); h.write("WAVE", 8); h.write("fmt ", 12);
    h.writeUInt32LE(16, 16); h.writeUInt16LE(1, 20); h.writeUInt16LE(1, 22); h.writeUInt32LE(24000, 24);
    h.writeUInt32LE(48000, 28); h.writeUInt16LE(2, 32); h.writeUInt16LE(16, 34); h.write("data", 36); h.writeUInt32LE(pcmBytes, 40);
    return Buffer.concat([h, Buffer.alloc(pcmBytes, 2)]);
  }
  const bytes = forcedBytes || Math.round(seconds * 128000 / 8);
  const frame = Buffer.alloc(418, 0);
  frame[0] = 0xff; frame[1] = 0xfb; frame[2] = 0x90; frame[3] = 0x64;  // MPEG-1 Layer III, 128 kbps, 44.1 kHz
  const out = Buffer.alloc(bytes);
  for (let at = 0; at < bytes; at += frame.length) frame.copy(out, at, 0, Math.min(frame.length, bytes - at));
  return out;
}

function speech(req, res, b) {
  if (!b.model) return bad(res, "you must provide a model parameter", "model");
  if (!b.input) return bad(res, "Missing required parameter: 'input'.", "input");
  if (!b.voice) return bad(res, "Missing required parameter: 'voice'.", "voice");
  if (b.input.length > 4096) return bad(res, "string too long", "input");
  const format = b.response_format || "mp3";
  const asked = /^seconds:(\d+)(?: bytes:(\d+))?/.exec(b.input) || [];
  const audio = audioBytes(format, Number(asked[1] || 2), Number(asked[2] || 0));
  const types = { mp3: "audio/mpeg", wav: "audio/wav", pcm: "audio/pcm", opus: "audio/opus", aac: "audio/aac", flac: "audio/flac" };
  res.writeHead(200, { "content-type": types[format] || "application/octet-stream", "transfer-encoding": "chunked" });
  // Sent in 64 KB pieces, as a real upstream streams it.
  let at = 0;
  const pump = () => {
    while (at < audio.length) {
      const ok = res.write(audio.subarray(at, at + 65536));
      at += 65536;
      if (!ok) return res.once("drain", pump);
    }
    res.end();
  };
  pump();
}

function transcription(req, res, b, files, type, translate) {
  if (!type.startsWith("multipart/form-data")) return bad(res, "Invalid Content-Type header, expected multipart/form-data.");
  if (!files.file) return bad(res, "Missing required parameter: 'file'.", "file");
  if (!b.model) return bad(res, "you must provide a model parameter", "model");
  if (translate && b.model !== "whisper-1") return bad(res, "Invalid model for translations.", "model");
  const text = translate ? "Hello, world." : "Bonjour le monde.";
  if (b.response_format === "text") {
    res.writeHead(200, { "content-type": "text/plain; charset=utf-8" });
    return res.end(text + "\n");
  }
  const seconds = 65;
  const usage = b.model === "whisper-1" ? { type: "duration", seconds }
                                        : { type: "tokens", input_tokens: 50, output_tokens: 20, total_tokens: 70,
                                            input_token_details: { text_tokens: 0, audio_tokens: 50 } };
  json(res, 200, translate ? { text } : { text, usage });
}
