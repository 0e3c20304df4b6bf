// OpenAI's Realtime API as a mock WebSocket server (/v1/realtime?model=, or Azure's
// /openai/realtime?deployment=): the upgrade is refused with 401 without the right key (Bearer
// or api-key), then session.created; session.update -> session.updated; response.create ->
// response.created, two text deltas and response.done with text and audio usage (120 in, 100 of
// them audio; 150 out, 100 of them audio). Records the upgrade requests, every client event and
// how each socket closed.
import http from "node:http";
import { WebSocketServer } from "ws";

export const USAGE = { total_tokens: 270, input_tokens: 120, output_tokens: 150,
  input_token_details: { cached_tokens: 0, text_tokens: 20, audio_tokens: 100 },
  output_token_details: { text_tokens: 50, audio_tokens: 100 } };

export function startRealtimeMock({ key = "sk-rt" } = {}) {
  const upgrades = [], events = [], closes = [];
  const server = http.createServer((req, res) => { res.writeHead(426); res.end(); });
  const wss = new WebSocketServer({ noServer: true });
  server.on("upgrade", (req, socket, head) => {
    upgrades.push({ url: req.url, headers: req.headers });
    const auth = req.headers.authorization === `Bearer ${key}` || req.headers["api-key"] === key;
    if (!auth) {
      const body = JSON.stringify({ error: { message: "Incorrect API key provided", type: "invalid_request_error", code: "invalid_api_key" } });
      socket.end(`HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => session(ws, new URL(req.url, "http://x")));
  });
  function session(ws, url) {
    let n = 0;
    const send = (e) => ws.send(JSON.stringify({ event_id: `event_${n++}`, ...e }));
    const model = url.searchParams.get("model") || url.searchParams.get("deployment");
    send({ type: "session.created", session: { id: "sess_1", object: "realtime.session", model, modalities: ["text", "audio"] } });
    ws.on("message", (raw) => {
      const e = JSON.parse(raw.toString());
      events.push(e);
      if (e.type === "session.update") send({ type: "session.updated", session: { id: "sess_1", ...e.session } });
      if (e.type === "response.create") {
        send({ type: "response.created", response: { id: "resp_1", object: "realtime.response", status: "in_progress", output: [] } });
        send({ type: "response.output_text.delta", response_id: "resp_1", item_id: "item_1", output_index: 0, content_index: 0, delta: "Hello " });
        send({ type: "response.output_text.delta", response_id: "resp_1", item_id: "item_1", output_index: 0, content_index: 0, delta: "there" });
        send({ type: "response.done", response: { id: "resp_1", object: "realtime.response", status: "completed", output: [], usage: USAGE } });
      }
    });
    ws.on("close", (code) => closes.push(code));
  }
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve({ server, port: server.address().port, upgrades, events, closes })));
}
