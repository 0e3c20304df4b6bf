// GitHub, Discord and Linux DO as their OAuth endpoints answer (token exchange, then the user),
// plus a WeChat login server and a rogue OpenID issuer whose id_token carries a wrong nonce.
// A test "signs in at the provider" with issue(), which returns a single-use code for a profile;
// a browser sent to GitHub's authorize page comes straight back with a code for `approving`.
import http from "node:http";
import { randomBytes } from "node:crypto";

export async function startOAuthServices() {
  const codes = new Map();   // code -> { provider, profile, client }
  const tokens = new Map();  // access token -> { provider, profile }
  const requests = [];
  const send = (res, status, body) => { res.writeHead(status, { "content-type": "application/json" }); res.end(JSON.stringify(body)); };
  const form = (text) => Object.fromEntries(new URLSearchParams(text));

  function exchange(provider, fields, res) {
    const entry = codes.get(fields.code);
    if (!entry || entry.provider !== provider) {
      // GitHub answers a bad code with 200 and an error; the others with 400.
      return send(res, provider === "github" ? 200 : 400,
                  { error: "bad_verification_code", error_description: "The code passed is incorrect or expired." });
    }
    codes.delete(fields.code);
    const access = randomBytes(12).toString("hex");
    tokens.set(access, entry);
    const body = { access_token: access, token_type: "bearer", scope: "identify" };
    if (provider === "rogue") body.id_token = idToken({ sub: entry.profile.sub, aud: "rogue-client", nonce: "not-yours",
                                                         exp: Math.floor(Date.now() / 1000) + 600 });
    send(res, 200, body);
  }

  const idToken = (claims) => ["{\"alg\":\"none\"}", JSON.stringify(claims)]
    .map((p) => Buffer.from(p).toString("base64url")).join(".") + ".";

  function user(provider, req, res) {
    const entry = tokens.get((req.headers.authorization || "").replace(/^Bearer /, ""));
    if (!entry || entry.provider !== provider) return send(res, 401, { message: "Bad credentials" });
    send(res, 200, entry.profile);
  }

  const server = http.createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    const url = new URL(req.url, "http://x");
    requests.push({ method: req.method, path: url.pathname, headers: req.headers, body });
    const p = url.pathname;
    if (p === "/github/login/oauth/authorize") {  // "the user approves": back to the client with a code
      const back = new URL(url.searchParams.get("redirect_uri"));
      back.searchParams.set("code", mock.issue("github", mock.approving));
      back.searchParams.set("state", url.searchParams.get("state"));
      res.writeHead(302, { location: back.href });
      return res.end();
    }
    if (p === "/github/login/oauth/access_token") return exchange("github", JSON.parse(body || "{}"), res);
    if (p === "/github/user") return user("github", req, res);
    if (p === "/discord/api/v10/oauth2/token") return exchange("discord", form(body), res);
    if (p === "/discord/api/v10/users/@me") return user("discord", req, res);
    if (p === "/linuxdo/oauth2/token") return exchange("linuxdo", form(body), res);
    if (p === "/linuxdo/api/user") return user("linuxdo", req, res);
    if (p === "/rogue/.well-known/openid-configuration")
      return send(res, 200, { issuer: mock.base + "/rogue", authorization_endpoint: mock.base + "/rogue/auth",
                              token_endpoint: mock.base + "/rogue/token", userinfo_endpoint: mock.base + "/rogue/me" });
    if (p === "/rogue/token") return exchange("rogue", form(body), res);
    if (p === "/custom/token") return exchange("custom", form(body), res);
    if (p === "/custom/userinfo") return user("custom", req, res);
    if (p === "/rogue/me") return user("rogue", req, res);
    if (p === "/wechat/api/wechat/user") {
      const entry = codes.get(url.searchParams.get("code"));
      if (req.headers.authorization !== "wechat-server-token" || !entry)
        return send(res, 200, { success: false, message: "验证码错误或已过期" });
      codes.delete(url.searchParams.get("code"));
      return send(res, 200, { success: true, message: "", data: entry.profile.openid });
    }
    send(res, 404, { error: "not found: " + p });
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const mock = { server, requests, port: server.address().port };
  mock.base = `http://127.0.0.1:${mock.port}`;
  mock.issue = (provider, profile) => {
    const code = randomBytes(8).toString("hex");
    codes.set(code, { provider, profile });
    return code;
  };
  // What the gateway needs to reach these instead of the real services.
  mock.env = {
    GITHUB_AUTHORIZE_ENDPOINT: mock.base + "/github/login/oauth/authorize",
    GITHUB_TOKEN_ENDPOINT: mock.base + "/github/login/oauth/access_token", GITHUB_USER_ENDPOINT: mock.base + "/github/user",
    DISCORD_TOKEN_ENDPOINT: mock.base + "/discord/api/v10/oauth2/token",
    DISCORD_USER_ENDPOINT: mock.base + "/discord/api/v10/users/@me",
    LINUX_DO_TOKEN_ENDPOINT: mock.base + "/linuxdo/oauth2/token", LINUX_DO_USER_ENDPOINT: mock.base + "/linuxdo/api/user",
  };
  return mock;
}
