// Cloudflare's siteverify endpoint: a token is good when it starts with "pass-", and each good
// token verifies once (as Turnstile's do). Every form it received is kept.
import http from "node:http";

export async function startTurnstile() {
  const seen = new Set();
  const requests = [];
  const server = http.createServer(async (req, res) => {
    let body = "";
    for await (const c of req) body += c;
    const form = Object.fromEntries(new URLSearchParams(body));
    requests.push(form);
    const fresh = form.response?.startsWith("pass-") && !seen.has(form.response);
    seen.add(form.response);
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(fresh ? { success: true, "error-codes": [] }
                                 : { success: false, "error-codes": [seen.size ? "timeout-or-duplicate" : "invalid-input-response"] }));
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return { server, requests, url: `http://127.0.0.1:${server.address().port}/turnstile/v0/siteverify` };
}
