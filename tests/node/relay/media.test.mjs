// Images and audio through the official openai SDK: JSON and multipart requests reach the
// upstream as sent (files byte for byte), binary answers stream back with their content type, and
// each call is billed by New API's rules (per-image price × size/quality × n, tokens for
// gpt-image-1, characters + audio length for tts-1, seconds or tokens for transcriptions).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import OpenAI, { toFile } from "openai";
import { startMediaMock } from "../mock/media_upstream.mjs";
import { prepare, startGateway } from "./harness.mjs";

let media, gw, key, call, client;
const PNG = Buffer.concat([Buffer.from("89504e470d0a1a0a", "hex"), Buffer.alloc(5000, 7)]);
const MODELS = "dall-e-2,dall-e-3,gpt-image-1,tts-1,whisper-1,gpt-4o-transcribe,tts-1-hd";

before(async () => {
  media = await startMediaMock();
  gw = await startGateway({ BATCH_UPDATE_INTERVAL: "1" });
  ({ key, call } = await prepare(gw, media.port, { models: "unused-model", selfUse: false }));
  const ch = await call("POST", "/api/channel/", { mode: "single", channel: {
    type: 1, name: "media", key: "sk-media", base_url: `http://127.0.0.1:${media.port}`, models: MODELS, group: "default",
    model_mapping: JSON.stringify({ "tts-1-hd": "tts-1" }) } });
  assert.ok(ch.success, JSON.stringify(ch));
  const gemini = await call("POST", "/api/channel/", { mode: "single", channel: {
    type: 24, name: "imagen", key: "sk-media", base_url: `http://127.0.0.1:${media.port}`, models: "imagen-3.0-generate-002", group: "default" } });
  assert.ok(gemini.success, JSON.stringify(gemini));
  client = new OpenAI({ apiKey: key, baseURL: gw.base + "/v1", maxRetries: 0 });
});

after(async () => {
  await gw.stop();
  media.server.close();
});

async function lastLog(model, after = 0) {
  for (let i = 0; i < 50; i++) {
    const items = (await call("GET", `/api/log/?p=1&page_size=5&type=2&model_name=${model}`)).data.items;
    if (items.length && items[0].id > after) return items[0];
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("no log for " + model);
}
const lastId = async (model) => (await call("GET", `/api/log/?p=1&page_size=1&type=2&model_name=${model}`)).data.items[0]?.id || 0;

test("dall-e-3 generation: hd at 1792 is billed 0.04 × 2 × 1.5", async () => {
  const r = await client.images.generate({ model: "dall-e-3", prompt: "a lighthouse", size: "1792x1024", quality: "hd",
                                           response_format: "b64_json" });
  assert.equal(r.data.length, 1);
  assert.ok(Buffer.from(r.data[0].b64_json, "base64").subarray(0, 8).equals(PNG.subarray(0, 8)));
  assert.equal(media.requests.at(-1).url, "/v1/images/generations");
  assert.equal(media.requests.at(-1).body.quality, "hd");
  assert.equal((await lastLog("dall-e-3")).quota, 60000);  // 0.04 × 500000 × 3
});

test("dall-e-2 generation: n=2 at 256x256 is billed 0.02 × 0.4 × 2", async () => {
  const before = await lastId("dall-e-2");
  const r = await client.images.generate({ model: "dall-e-2", prompt: "a cat", size: "256x256", n: 2 });
  assert.equal(r.data.length, 2);
  assert.match(r.data[0].url, /^https:\/\/images\.example\//);
  assert.equal((await lastLog("dall-e-2", before)).quota, 8000);
});

test("Imagen on a Gemini channel: :predict with sampleCount and aspect ratio, priced per image", async () => {
  const r = await client.images.generate({ model: "imagen-3.0-generate-002", prompt: "a fox", n: 2, size: "1792x1024" });
  assert.equal(r.data.length, 2);
  assert.ok(Buffer.from(r.data[1].b64_json, "base64").subarray(0, 8).equals(PNG.subarray(0, 8)));
  const up = media.requests.at(-1);
  assert.equal(up.url, "/v1beta/models/imagen-3.0-generate-002:predict");
  assert.deepEqual(up.body.parameters, { sampleCount: 2, aspectRatio: "16:9", personGeneration: "allow_adult" });
  assert.equal((await lastLog("imagen-3.0-generate-002")).quota, 30000);  // 0.03 × 500000 × 2
});

test("upstream validation errors come back in OpenAI's shape and cost nothing", async () => {
  const before = await lastId("dall-e-3");
  await assert.rejects(client.images.generate({ model: "dall-e-3", prompt: "x", n: 2 }),
                       (e) => e.status === 400 && /n=1/.test(e.message));
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(await lastId("dall-e-3"), before);
});

test("gpt-image-1 edit: the multipart upload arrives intact and is billed by tokens", async () => {
  const r = await client.images.edit({ model: "gpt-image-1", prompt: "add a hat",
                                       image: await toFile(PNG, "cat.png", { type: "image/png" }) });
  assert.ok(r.data[0].b64_json);
  const up = media.requests.at(-1);
  assert.equal(up.url, "/v1/images/edits");
  assert.match(up.headers["content-type"], /^multipart\/form-data; boundary=/);
  assert.equal(up.files.image.size, PNG.length);
  assert.equal(up.body.prompt, "add a hat");
  assert.equal((await lastLog("gpt-image-1")).quota, 4250);  // (100 + 200 × 8) × 2.5
});

test("variation: multipart, priced per image", async () => {
  const before = await lastId("dall-e-2");
  const r = await client.images.createVariation({ model: "dall-e-2", image: await toFile(PNG, "cat.png", { type: "image/png" }), n: 3 });
  assert.equal(r.data.length, 3);
  assert.equal(media.requests.at(-1).url, "/v1/images/variations");
  assert.equal((await lastLog("dall-e-2", before)).quota, 30000);  // 0.02 × 500000 × 3
});

test("an edit without an image is refused by the gateway with 400, before any upstream call", async () => {
  const seen = media.requests.length;
  const form = new FormData();
  form.append("prompt", "x");
  form.append("model", "dall-e-2");
  const r = await fetch(gw.base + "/v1/images/edits", { method: "POST", headers: { authorization: "Bearer " + key }, body: form });
  assert.equal(r.status, 400);
  assert.match((await r.json()).error.message, /image is required/);
  assert.equal(media.requests.length, seen);
});

test("speech: the audio streams back with its content type; characters plus audio length are billed", async () => {
  const r = await client.audio.speech.create({ model: "tts-1", voice: "alloy", input: "Hello world", response_format: "wav" });
  assert.equal(r.headers.get("content-type"), "audio/wav");
  const audio = Buffer.from(await r.arrayBuffer());
  assert.equal(audio.subarray(0, 4).toString(), "RIFF");
  assert.equal(audio.length, 44 + 96000);
  // 11 characters + 2 s of audio (ceil(2) / 60 × 1000 = 33 tokens), ratio 7.5
  const log = await lastLog("tts-1");
  assert.equal(log.prompt_tokens, 11);
  assert.equal(log.completion_tokens, 33);
  assert.equal(log.quota, 330);
});

test("speech in MP3 is measured from its frame bit rate; a mapped model is written into the body", async () => {
  const r = await client.audio.speech.create({ model: "tts-1-hd", voice: "alloy", input: "seconds:61" });
  const audio = Buffer.from(await r.arrayBuffer());
  assert.equal(audio.length, 61 * 16000);
  assert.equal(media.requests.at(-1).body.model, "tts-1");
  const log = await lastLog("tts-1-hd");
  assert.equal(log.completion_tokens, 1017);  // ceil(61 s) / 60 × 1000
  assert.equal(log.quota, (10 + 1017) * 15);  // priced as the model the client named
});

test("transcription: the upload reaches the upstream whole; whisper-1 is billed by its seconds", async () => {
  const audio = Buffer.alloc(300000, 3);
  const r = await client.audio.transcriptions.create({ model: "whisper-1", file: await toFile(audio, "a.mp3", { type: "audio/mpeg" }) });
  assert.equal(r.text, "Bonjour le monde.");
  const up = media.requests.at(-1);
  assert.equal(up.url, "/v1/audio/transcriptions");
  assert.equal(up.files.file.size, audio.length);
  const log = await lastLog("whisper-1");
  assert.equal(log.prompt_tokens, 1083);  // ceil(65 s) / 60 × 1000
  assert.equal(log.quota, 16245);         // × 15
});

test("transcription with token usage (gpt-4o-transcribe) and a text answer", async () => {
  const r = await client.audio.transcriptions.create({ model: "gpt-4o-transcribe", file: await toFile(Buffer.alloc(1000), "a.wav") });
  assert.equal(r.text, "Bonjour le monde.");
  assert.equal((await lastLog("gpt-4o-transcribe")).quota, 88);  // (50 + 20) × 1.25 = 87.5
  const before = await lastId("whisper-1");
  const text = await client.audio.transcriptions.create({ model: "whisper-1", response_format: "text",
                                                          file: await toFile(Buffer.alloc(4000), "a.wav") });
  assert.equal(String(text).trim(), "Bonjour le monde.");
  const log = await lastLog("whisper-1", before);
  assert.equal(log.prompt_tokens, 4);  // no usage in a text answer: 1 token per KB uploaded
  assert.equal(log.quota, 60);
});

test("translation", async () => {
  const r = await client.audio.translations.create({ model: "whisper-1", file: await toFile(Buffer.alloc(2000), "a.mp3") });
  assert.equal(r.text, "Hello, world.");
  assert.equal(media.requests.at(-1).url, "/v1/audio/translations");
});

test("a JSON body on a multipart-only route is refused with 400", async () => {
  const r = await fetch(gw.base + "/v1/audio/transcriptions", { method: "POST",
    headers: { authorization: "Bearer " + key, "content-type": "application/json" }, body: JSON.stringify({ model: "whisper-1" }) });
  assert.equal(r.status, 400);
  assert.equal((await r.json()).error.type, "invalid_request_error");
});
