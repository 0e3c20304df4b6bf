// A real OpenID Connect issuer (the oidc-provider package) with its development login and
// consent pages, and a browser-like walk through them: any login name becomes the subject.
import http from "node:http";
import Provider from "oidc-provider";

export async function startOidcIssuer(redirectUri) {
  const server = http.createServer();
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: [{ client_id: "gw-oidc", client_secret: "gw-oidc-secret", redirect_uris: [redirectUri],
                grant_types: ["authorization_code"], response_types: ["code"],
                token_endpoint_auth_method: "client_secret_post" }],
    findAccount: async (ctx, sub) => ({
      accountId: sub,
      claims: async () => ({ sub, email: `${sub}@example.org`, name: `${sub} (OIDC)`, preferred_username: sub }),
    }),
    claims: { openid: ["sub"], email: ["email"], profile: ["name", "preferred_username"] },
    features: { devInteractions: { enabled: true } },
    cookies: { keys: ["test-cookie-key"] },
    pkce: { methods: ["S256"], required: () => true },
  });
  provider.on("server_error", (ctx, err) => console.error("oidc issuer:", err));
  server.on("request", provider.callback());
  // Follows redirects with a cookie jar, filling the login form with `login` and confirming
  // consent, until the issuer sends the browser back to the client: that URL is returned.
  async function authorize(url, login) {
    const jar = new Map();
    const remember = (res) => (res.headers.getSetCookie?.() || []).forEach((c) => {
      const [pair] = c.split(";");
      const i = pair.indexOf("=");
      jar.set(pair.slice(0, i), pair.slice(i + 1));
    });
    const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
    let next = { url, method: "GET", body: undefined };
    for (let hop = 0; hop < 20; hop++) {
      if (next.url.startsWith(redirectUri)) return next.url;
      const res = await fetch(next.url, { method: next.method, redirect: "manual", body: next.body,
        headers: { cookie: cookie(), ...(next.body ? { "content-type": "application/x-www-form-urlencoded" } : {}) } });
      remember(res);
      const location = res.headers.get("location");
      if (location) { next = { url: new URL(location, next.url).href, method: "GET" }; continue; }
      const html = await res.text();
      const action = html.match(/<form[^>]*action="([^"]+)"/)?.[1];
      if (!action) throw new Error(`no form at ${next.url}: ${html.slice(0, 200)}`);
      const attr = (tag, name) => tag.match(new RegExp(`${name}="([^"]*)"`))?.[1];
      const fields = Object.fromEntries([...html.matchAll(/<input[^>]*>/g)]
        .filter((m) => attr(m[0], "name")).map((m) => [attr(m[0], "name"), attr(m[0], "value") || ""]));
      if ("login" in fields) Object.assign(fields, { login, password: "any" });
      next = { url: new URL(action, next.url).href, method: "POST", body: new URLSearchParams(fields).toString() };
    }
    throw new Error("too many hops");
  }
  return { issuer, server, authorize, wellKnown: issuer + "/.well-known/openid-configuration" };
}
