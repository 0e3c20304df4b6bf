// A mock of the asynchronous task upstreams, written from their documented shapes:
// Midjourney-Proxy ({code, description, result, properties}; tasks by list-by-condition),
// Suno API ({code:"success", data}; /suno/fetch), OpenAI's video API (/v1/videos) and Volcengine
// Ark's Seedance tasks (/api/v3/contents/generations/tasks). New tasks run ("IN_PROGRESS")
// until the test moves them with POST /_control/state {id, status, ...}.
import http from "node:http";

const PIXEL = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");

export async function startTaskMock() {
  const tasks = new Map(); // upstream id -> task state
  const requests = [];     // {method, path, key, body}
  let seq = 0;
  const newId = (prefix) => `${prefix}${Date.now()}${++seq}`;

  const readBody = (req) => new Promise((resolve) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
  });
  const send = (res, status, body, type = "application/json") => {
    res.writeHead(status, { "content-type": type });
    res.end(typeof body === "string" || Buffer.isBuffer(body) ? body : JSON.stringify(body));
  };
  const formField = (body, name) => body.match(new RegExp(`name="${name}"\\r\\n\\r\\n([^\\r]*)`))?.[1];
  const json = (text) => { try { return JSON.parse(text); } catch { return {}; } };

  function mjTask(t) {
    return { id: t.id, action: t.action, prompt: t.prompt, promptEn: t.prompt, description: "", state: "",
             submitTime: t.submitTime, startTime: t.submitTime, finishTime: t.status === "SUCCESS" ? Date.now() : 0,
             imageUrl: t.status === "SUCCESS" ? `${mock.base}/img/${t.id}.png` : "", status: t.status,
             progress: t.status === "SUCCESS" ? "100%" : t.progress || "10%", failReason: t.failReason || "",
             buttons: t.status === "SUCCESS" ? [{ customId: `MJ::JOB::upsample::1::${t.id}`, label: "U1" }] : [],
             properties: {} };
  }

  function mjSubmit(path, body, key, res) {
    const b = json(body);
    const action = path.split("/mj/submit/")[1] || "swap";
    if (b.prompt === "code3") return send(res, 200, { code: 3, description: "No available account instance" });
    if (b.prompt === "code24") return send(res, 200, { code: 24, description: "可能包含敏感词", properties: { bannedWord: "x" } });
    const id = newId("");
    const t = { kind: "mj", id, action: action.toUpperCase(), prompt: b.prompt || "", status: "IN_PROGRESS",
                submitTime: Date.now(), key };
    tasks.set(id, t);
    if (t.prompt.startsWith("hold")) t.hidden = true;  // left out of polls until a test shows it
    if (b.prompt === "code21") {
      t.status = "SUCCESS";
      return send(res, 200, { code: 21, description: "任务已存在", result: id,
                              properties: { status: "SUCCESS", imageUrl: `${mock.base}/img/${id}.png` } });
    }
    if (b.prompt === "code22")
      return send(res, 200, { code: 22, description: "排队中，前面还有1个任务", result: id, properties: { numberOfQueues: 1 } });
    send(res, 200, { code: 1, description: "提交成功", result: id, properties: { discordInstanceId: "1" } });
  }

  function soraVideo(t) {
    const status = { IN_PROGRESS: "in_progress", SUCCESS: "completed", FAILURE: "failed" }[t.status] || "queued";
    const v = { id: t.id, object: "video", model: t.model, status, progress: t.status === "SUCCESS" ? 100 : 40,
                created_at: Math.floor(t.submitTime / 1000), seconds: t.seconds, size: t.size };
    if (t.status === "FAILURE") v.error = { code: "failed", message: t.failReason || "video failed" };
    return v;
  }

  function arkTask(t) {
    const status = { IN_PROGRESS: "running", SUCCESS: "succeeded", FAILURE: "failed" }[t.status] || "queued";
    const v = { id: t.id, model: t.model, status, created_at: Math.floor(t.submitTime / 1000) };
    if (t.status === "SUCCESS") {
      v.content = { video_url: `${mock.base}/video/${t.id}.mp4` };
      if (t.duration) v.duration = t.duration;
    }
    if (t.status === "FAILURE") v.error = { code: "InternalError", message: t.failReason || "generation failed" };
    return v;
  }

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, "http://x");
    const path = url.pathname;
    const body = await readBody(req);
    const key = req.headers["mj-api-secret"] || (req.headers.authorization || "").replace(/^Bearer /, "");
    requests.push({ method: req.method, path, key, body });

    if (path === "/_control/state") {
      const b = json(body);
      const t = tasks.get(b.id);
      if (!t) return send(res, 404, { error: "no such task" });
      Object.assign(t, b);
      return send(res, 200, { ok: true });
    }
    // A real 1x1 PNG (browsers show it) with a marker after its end that tests can look for.
    if (path.startsWith("/img/")) return send(res, 200, Buffer.concat([PIXEL, Buffer.from("PNGDATA-" + path)]), "image/png");
    if (path.startsWith("/video/")) return send(res, 200, Buffer.alloc(300000, 7), "video/mp4");

    if (path.includes("/mj/")) {
      if (!key) return send(res, 401, { error: "no mj-api-secret" });
      if (path.endsWith("/mj/task/list-by-condition")) {
        const ids = json(body).ids || [];
        return send(res, 200, ids.filter((id) => tasks.has(id) && !tasks.get(id).hidden).map((id) => mjTask(tasks.get(id))));
      }
      if (path.endsWith("/image-seed")) return send(res, 200, { code: 1, description: "success", result: "seed-42" });
      if (path.includes("/mj/submit/") || path.endsWith("/mj/insight-face/swap")) return mjSubmit(path, body, key, res);
    }
    if (path.startsWith("/suno/submit/")) {
      const id = newId("suno-");
      tasks.set(id, { kind: "suno", id, action: path.split("/").pop().toUpperCase(), status: "IN_PROGRESS",
                      submitTime: Date.now(), key });
      return send(res, 200, { code: "success", message: "", data: id });
    }
    if (path === "/suno/fetch") {
      const ids = json(body).ids || [];
      const data = ids.filter((id) => tasks.has(id)).map((id) => {
        const t = tasks.get(id);
        return { task_id: id, action: t.action, status: t.status, fail_reason: t.failReason || "",
                 submit_time: Math.floor(t.submitTime / 1000), progress: t.status === "SUCCESS" ? "100%" : "50%",
                 data: t.status === "SUCCESS" ? [{ id: "clip-" + id, audio_url: `${mock.base}/audio/${id}.mp3` }] : [] };
      });
      return send(res, 200, { code: "success", message: "", data });
    }
    if (path === "/v1/videos" && req.method === "POST") {
      const type = req.headers["content-type"] || "";
      const pick = (n) => (type.includes("multipart") ? formField(body, n) : json(body)[n]);
      const t = { kind: "sora", id: newId("video_"), model: pick("model"), seconds: String(pick("seconds") || "4"),
                  size: pick("size") || "720x1280", status: "QUEUED", submitTime: Date.now(), key, contentType: type };
      tasks.set(t.id, t);
      return send(res, 200, soraVideo(t));
    }
    let m = path.match(/^\/v1\/videos\/([^/]+)(\/content)?$/);
    if (m && tasks.has(m[1])) {
      if (m[2]) return send(res, 200, Buffer.alloc(500000, 9), "video/mp4");
      return send(res, 200, soraVideo(tasks.get(m[1])));
    }
    if (path === "/api/v3/contents/generations/tasks" && req.method === "POST") {
      const b = json(body);
      const t = { kind: "ark", id: newId("cgt-"), model: b.model, content: b.content, status: "QUEUED",
                  submitTime: Date.now(), key };
      tasks.set(t.id, t);
      return send(res, 200, { id: t.id });
    }
    m = path.match(/^\/api\/v3\/contents\/generations\/tasks\/([^/]+)$/);
    if (m && tasks.has(m[1])) return send(res, 200, arkTask(tasks.get(m[1])));
    send(res, 404, { error: "not found: " + path });
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const mock = { server, tasks, requests, port: server.address().port };
  mock.base = `http://127.0.0.1:${mock.port}`;
  mock.set = (id, state) => fetch(mock.base + "/_control/state", {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ id, ...state }) });
  return mock;
}
