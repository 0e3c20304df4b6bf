// The HTTP intake under attack: heads are capped at 1 MB (431) and read in linear time, bodies
// are refused by their declared length before they are read (413, or 404 for a route that does
// not exist), framing that two parsers could read differently is refused (400/501), pipelined
// requests are answered in order from one read, queries are decoded, relay routes answer CORS,
// and a head that never ends is cut off. After each attack the server still answers /api/status
// and its resident memory stays under 300 MB.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startMock } from "../mock/openai_upstream.mjs";
import { prepare, startGateway } from "../relay/harness.mjs";
import { cpuSeconds, exchange, responsive, rssMB, statuses } from "./raw.mjs";

const RSS_BOUND_MB = 300;
let mock, gw, ctx;

before(async () => {
  mock = await startMock();
  gw = await startGateway();
  ctx = await prepare(gw, mock.port, { models: "gpt-4o-mini" });
});
after(async () => {
  await gw.stop();
  mock.server.close();
});

async function healthy() {
  assert.ok(await responsive(gw), "the server stopped answering /api/status");
  const rss = rssMB(gw.child.pid);
  assert.ok(rss < RSS_BOUND_MB, `resident memory ${rss.toFixed(0)} MB`);
}

test("an oversized head is refused with 431 and a many-header head costs linear time", { timeout: 60000 }, async () => {
  const big = "GET /api/status HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(4 << 20) + "\r\n\r\n";
  const cpu0 = cpuSeconds(gw.child.pid);
  assert.deepEqual(statuses(await exchange(gw.port, [big])), [431]);

  let many = "GET /api/status HTTP/1.1\r\nHost: x\r\nConnection: close\r\n";
  for (let i = 0; i < 80000; i++) many += `X-H${i}: v\r\n`;  // ~0.9 MB: under the cap
  const chunks = [];
  for (let at = 0; at < many.length; at += 4096) chunks.push(many.slice(at, at + 4096));
  chunks.push("\r\n");
  assert.deepEqual(statuses(await exchange(gw.port, chunks)), [200]);

  // Four 3 MB heads at once do not starve anyone else.
  const floods = Array.from({ length: 4 }, () =>
    exchange(gw.port, ["GET / HTTP/1.1\r\nX: " + "b".repeat(3 << 20) + "\r\n\r\n"], { timeoutMs: 10000 }));
  const t0 = Date.now();
  await healthy();
  assert.ok(Date.now() - t0 < 2000);
  for (const f of await Promise.all(floods)) assert.deepEqual(statuses(f), [431]);
  const spent = cpuSeconds(gw.child.pid) - cpu0;
  assert.ok(spent < 3, `the head attacks cost ${spent} CPU seconds`);
  await healthy();
});

test("bodies are refused by their declared length before they are read", { timeout: 60000 }, async () => {
  const head = (p, len) => `POST ${p} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${len}\r\n\r\n`;
  // Only the heads are sent: the answers must come without the bodies.
  const over = await Promise.all([1, 2, 3, 4].map(() => exchange(gw.port, [head("/nope", 200 << 20)])));
  for (const r of over) assert.deepEqual(statuses(r), [413]);
  assert.deepEqual(statuses(await exchange(gw.port, [head("/v1/chat/completions", 200 << 20)])), [413]);
  // Under the limit, a route that does not exist is answered before its body comes.
  assert.deepEqual(statuses(await exchange(gw.port, [head("/nope", 100 << 20), "x".repeat(1 << 20)])), [404]);
  const chunked = (p, auth = "") => `POST ${p} HTTP/1.1\r\nHost: x\r\n${auth}Transfer-Encoding: chunked\r\n\r\n`;
  assert.deepEqual(statuses(await exchange(gw.port, [chunked("/nope"), "10\r\n"])), [404]);
  // A chunked body is counted as it comes: a chunk past the limit is refused at its size line.
  assert.deepEqual(statuses(await exchange(gw.port, [chunked("/v1/chat/completions", `Authorization: Bearer ${ctx.key}\r\n`),
                                                     "10000000\r\n", "y".repeat(1 << 16)])), [413]);
  await healthy();
});

test("a relay body is read only for a caller whose key is valid", { timeout: 30000 }, async () => {
  const head = (p, auth) => `POST ${p} HTTP/1.1\r\nHost: x\r\n${auth}Content-Type: application/json\r\nContent-Length: ${100 << 20}\r\n\r\n`;
  const cases = [["/v1/chat/completions", "", /"error":\{/], ["/v1/chat/completions", "Authorization: Bearer sk-nosuchkey\r\n", /"error":\{/],
                 ["/v1/messages", "x-api-key: sk-nosuchkey\r\n", /"type":"error"/],
                 ["/v1beta/models/gemini-2.0-flash:generateContent", "x-goog-api-key: nosuchkey\r\n", /"status":"UNAUTHENTICATED"|"code":401/]];
  for (const [p, auth, shape] of cases) {
    const text = await exchange(gw.port, [head(p, auth), "z".repeat(1 << 20)]);
    assert.deepEqual(statuses(text), [401], `${p} ${auth}`);
    assert.match(text, shape);
  }
  await healthy();
});

test("ambiguous framing is refused and no answer carries exception text", { timeout: 30000 }, async () => {
  const cases = [
    ["POST /api/user/login HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello", 400],
    ["POST /api/user/login HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400],
    ["POST /api/user/login HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", 501],
    ["POST /api/user/login HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n", 400],
    ["GET /api/status HTTP/1.1\r\nX-A: 1\r\n folded\r\n\r\n", 400],
    ["GET /api/status HTTP/9.9\r\n\r\n", 505],
    ["BAD\r\n\r\n", 400],
  ];
  for (const [bytes, status] of cases) {
    const text = await exchange(gw.port, [bytes]);
    assert.deepEqual(statuses(text), [status], bytes);
    assert.doesNotMatch(text, /std::|stoull|bad_alloc|what\(\)/, bytes);
  }
  await healthy();
});

test("pipelined requests are answered in order from one read", { timeout: 30000 }, async () => {
  const login = JSON.stringify({ username: "nobody", password: "x" });
  const text = await exchange(gw.port, [
    "GET /api/status HTTP/1.1\r\nHost: x\r\n\r\n" +
    `POST /api/user/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${login.length}\r\n\r\n${login}` +
    "GET /api/nope-route HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"]);
  assert.deepEqual(statuses(text), [200, 200, 404], text);
  assert.ok(text.indexOf('"success":false') > text.indexOf('"version"'), "answers out of order");
});

test("query strings are percent-decoded", async () => {
  const r = await fetch(gw.base + "/api/user/register", { method: "POST", headers: { "content-type": "application/json" },
                                                           body: JSON.stringify({ username: "spacecat", password: "pass-spacecat" }) });
  assert.equal((await r.json()).success, true);
  const found = await ctx.call("GET", "/api/user/search?keyword=sp%61ce%63at");
  assert.deepEqual(found.data.items.map((u) => u.username), ["spacecat"]);
});

test("relay routes answer cross-origin requests as New API does", async () => {
  const pre = await fetch(gw.base + "/v1/chat/completions", { method: "OPTIONS", headers: {
    origin: "https://app.example", "access-control-request-method": "POST",
    "access-control-request-headers": "authorization,content-type" } });
  assert.equal(pre.status, 204);
  assert.equal(pre.headers.get("access-control-allow-origin"), "*");
  assert.match(pre.headers.get("access-control-allow-headers"), /authorization/);
  assert.match(pre.headers.get("access-control-allow-methods"), /POST/);
  const r = await fetch(gw.base + "/v1/chat/completions", { method: "POST", headers: {
    origin: "https://app.example", authorization: "Bearer " + ctx.key, "content-type": "application/json" },
    body: JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] }) });
  assert.equal(r.status, 200);
  assert.equal(r.headers.get("access-control-allow-origin"), "*");
  const models = await fetch(gw.base + "/v1/models", { headers: { origin: "https://app.example", authorization: "Bearer " + ctx.key } });
  assert.equal(models.headers.get("access-control-allow-origin"), "*");
});

test("a head that never ends, or never starts, is cut off after the head timeout", { timeout: 60000 }, async () => {
  const timed = async (chunks) => {
    const t0 = Date.now();
    const text = await exchange(gw.port, chunks, { timeoutMs: 45000, quietMs: 45000 });
    return { text, waited: Date.now() - t0 };
  };
  const [half, silent] = await Promise.all([timed(["GET /api/status HTTP/1.1\r\nX-Slow: "]), timed([])]);
  for (const { text, waited } of [half, silent]) {
    assert.equal(statuses(text).length, 0);
    assert.ok(waited >= 29000 && waited < 40000, `closed after ${waited} ms`);
  }
  await healthy();
});
