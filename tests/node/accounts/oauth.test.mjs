// Third-party sign-in as the console drives it: /api/oauth/state, the provider's page (mocked:
// GitHub, Discord, Linux DO; a real OpenID issuer from oidc-provider), then the callback. Sign-up,
// sign-in, binding, PKCE and nonce, and every forged or replayed state, bad code, low trust level
// or rogue id_token refused with nothing bound and nobody signed in.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { prepare, startGateway } from "../relay/harness.mjs";
import { startOAuthServices } from "../mock/oauth_services.mjs";
import { startOidcIssuer } from "../mock/oidc_issuer.mjs";
import { sessionClient } from "./session.mjs";

let gw, call, client, services, issuer;

const options = async (pairs) => {
  for (const [key, value] of Object.entries(pairs))
    assert.ok((await call("PUT", "/api/option/", { key, value })).success, key);
};

before(async () => {
  services = await startOAuthServices();
  gw = await startGateway(services.env);
  ({ call } = await prepare(gw, 1, { models: "unused" }));
  client = sessionClient(gw);
  issuer = await startOidcIssuer(`${gw.base}/oauth/oidc`);
  await options({
    GitHubOAuthEnabled: "true", GitHubClientId: "gh-client", GitHubClientSecret: "gh-secret",
    "discord.enabled": "true", "discord.client_id": "dc-client", "discord.client_secret": "dc-secret",
    LinuxDOOAuthEnabled: "true", LinuxDOClientId: "ld-client", LinuxDOClientSecret: "ld-secret",
    LinuxDOMinimumTrustLevel: "2",
    "oidc.enabled": "true", "oidc.client_id": "gw-oidc", "oidc.client_secret": "gw-oidc-secret",
    "oidc.well_known": issuer.wellKnown,
  });
});

after(async () => {
  await gw?.stop();
  services?.server.close();
  issuer?.server.close();
});

const cookieOf = (res, name) => (res.headers.getSetCookie() || []).map((c) => c.split(";")[0])
  .find((c) => c.startsWith(name + "="));

// The console's first step: a state (and the authorize URL) plus the cookie that binds it.
async function begin(provider, { aff, session } = {}) {
  const q = new URLSearchParams({ provider, ...(aff ? { aff } : {}) });
  const res = await fetch(`${gw.base}/api/oauth/state?${q}`, { headers: session ? { cookie: session } : {} });
  const body = await res.json();
  assert.ok(body.success, body.message);
  return { state: body.data, url: body.authorize_url, cookie: cookieOf(res, "oauth_state") };
}

async function finish(provider, { state, cookie }, code, session) {
  const q = new URLSearchParams({ code, state });
  const res = await fetch(`${gw.base}/api/oauth/${provider}?${q}`,
                          { headers: { cookie: [cookie, session].filter(Boolean).join("; ") } });
  return { status: res.status, body: await res.json(), session: cookieOf(res, "session") };
}

const usersNamed = async (keyword) => (await call("GET", `/api/user/search?keyword=${keyword}`)).data.items;

test("GitHub: a new account signs up, signs in again as the same user, and GitHub got our secret", async () => {
  const flow = await begin("github");
  assert.match(flow.url, /client_id=gh-client/);
  assert.match(flow.url, new RegExp(`state=${flow.state}`));
  const first = await finish("github", flow, services.issue("github", { id: 9001, login: "octocat", name: "The Octocat", email: "octo@example.com" }));
  assert.ok(first.body.success, first.body.message);
  assert.ok(first.session, "signed in");
  assert.equal(first.body.data.username, "octocat");
  const exchange = services.requests.findLast((r) => r.path === "/github/login/oauth/access_token");
  assert.deepEqual(Object.keys(JSON.parse(exchange.body)).sort(), ["client_id", "client_secret", "code"]);
  assert.equal(JSON.parse(exchange.body).client_secret, "gh-secret");

  const again = await finish("github", await begin("github"), services.issue("github", { id: 9001, login: "renamed" }));
  assert.ok(again.body.success);
  assert.equal(again.body.data.id, first.body.data.id, "the numeric id decides, not the login");
  const [u] = await usersNamed("octocat");
  assert.equal(u.github_id, "9001");
  assert.equal(u.email, "octo@example.com");
});

test("forged, missing, foreign and replayed states are refused before any code is spent", async () => {
  const before = (await call("GET", "/api/user/?p=1&page_size=100")).data.total;
  const flow = await begin("github");
  const code = () => services.issue("github", { id: 9100, login: "mallory" });
  const bad = [
    finish("github", { ...flow, state: "forgedstate1" }, code()),
    finish("github", { ...flow, cookie: undefined }, code()),
    finish("github", { ...flow, cookie: "oauth_state=" + flow.cookie.split("=")[1].replace(/.$/, "x") }, code()),
    finish("discord", flow, services.issue("discord", { id: "1", username: "m" })),  // begun for GitHub
  ];
  for (const r of await Promise.all(bad)) {
    assert.equal(r.status, 403, JSON.stringify(r.body));
    assert.equal(r.session, undefined);
  }
  const ok = await finish("github", flow, code());
  assert.ok(ok.body.success, ok.body.message);
  const replay = await finish("github", flow, code());
  assert.equal(replay.status, 403, "a state finishes one sign-in");
  assert.equal(replay.session, undefined);
  assert.equal((await call("GET", "/api/user/?p=1&page_size=100")).data.total, before + 1);
});

test("a code the provider refuses, a disabled provider and an unknown one sign nobody in", async () => {
  const refused = await finish("github", await begin("github"), "not-a-code");
  assert.equal(refused.body.success, false);
  assert.match(refused.body.message, /incorrect or expired/);
  const unknown = await fetch(`${gw.base}/api/oauth/myspace?code=x&state=y`);
  assert.equal(unknown.status, 400);
  await options({ "discord.enabled": "false" });
  const off = await fetch(`${gw.base}/api/oauth/state?provider=discord`);
  assert.equal((await off.json()).success, false);
  await options({ "discord.enabled": "true" });
});

test("Discord: a signed-in user binds it, then signs in with it; another user cannot take it", async () => {
  assert.ok((await client.register("bindme", "password123")).success);
  const { user } = await client.login("bindme", "password123");
  const flow = await begin("discord", { session: user.cookie });
  const bound = await finish("discord", flow, services.issue("discord", { id: "555", username: "bindme_dc", global_name: "B" }), user.cookie);
  assert.ok(bound.body.success, bound.body.message);
  assert.equal(bound.body.data.action, "bind");
  const exchange = services.requests.findLast((r) => r.path === "/discord/api/v10/oauth2/token");
  const fields = Object.fromEntries(new URLSearchParams(exchange.body));
  assert.equal(fields.grant_type, "authorization_code");
  assert.equal(fields.redirect_uri, `${gw.base}/oauth/discord`);
  assert.equal(fields.client_secret, "dc-secret");

  const login = await finish("discord", await begin("discord"), services.issue("discord", { id: "555", username: "x" }));
  assert.equal(login.body.data.id, user.id, "signs in as the user it is bound to");

  assert.ok((await client.register("thief", "password123")).success);
  const { user: thief } = await client.login("thief", "password123");
  const steal = await finish("discord", await begin("discord", { session: thief.cookie }),
                             services.issue("discord", { id: "555", username: "x" }), thief.cookie);
  assert.equal(steal.body.success, false);
  assert.match(steal.body.message, /已被绑定/);
});

test("Linux DO: client credentials go by Basic auth; a trust level under the minimum is refused", async () => {
  const low = await finish("linuxdo", await begin("linuxdo"), services.issue("linuxdo", { id: 77, username: "newbie", trust_level: 1 }));
  assert.equal(low.body.success, false);
  assert.match(low.body.message, /信任等级/);
  assert.equal((await usersNamed("newbie")).length, 0, "nobody made");
  const exchange = services.requests.findLast((r) => r.path === "/linuxdo/oauth2/token");
  assert.equal(exchange.headers.authorization, "Basic " + Buffer.from("ld-client:ld-secret").toString("base64"));
  assert.ok(!exchange.body.includes("ld-secret"), "the secret is not in the form");
  const ok = await finish("linuxdo", await begin("linuxdo"), services.issue("linuxdo", { id: 78, username: "regular", trust_level: 3 }));
  assert.ok(ok.body.success, ok.body.message);
});

test("an invitation code given with the state links the new user to the inviter", async () => {
  const { data: aff } = await call("GET", "/api/user/aff");
  const r = await finish("github", await begin("github", { aff }), services.issue("github", { id: 9200, login: "invitee" }));
  assert.ok(r.body.success);
  assert.equal((await usersNamed("invitee"))[0].inviter_id, 1);
});

test("OIDC against a real issuer: discovery, PKCE (S256) and nonce, then sign-up and sign-in", async () => {
  const flow = await begin("oidc");
  assert.match(flow.url, new RegExp(`^${issuer.issuer}/auth\\?`));
  assert.match(flow.url, /code_challenge=[\w-]{43}&code_challenge_method=S256/);
  assert.match(flow.url, /nonce=\w+/);
  const back = new URL(await issuer.authorize(flow.url, "olivia"));
  assert.equal(back.searchParams.get("state"), flow.state);
  const r = await finish("oidc", flow, back.searchParams.get("code"));
  assert.ok(r.body.success, r.body.message);
  assert.equal(r.body.data.username, "olivia");
  const [u] = await usersNamed("olivia");
  assert.equal(u.oidc_id, "olivia");
  assert.equal(u.email, "olivia@example.org");
});

test("OIDC: an id_token with someone else's nonce is refused", async () => {
  await options({ "oidc.well_known": services.base + "/rogue/.well-known/openid-configuration", "oidc.client_id": "rogue-client" });
  try {
    const flow = await begin("oidc");
    const r = await finish("oidc", flow, services.issue("rogue", { sub: "rogue-user", email: "r@example.org" }));
    assert.equal(r.body.success, false);
    assert.match(r.body.message, /nonce/);
    assert.equal(r.session, undefined);
    assert.equal((await usersNamed("rogue")).length, 0);
  } finally {
    await options({ "oidc.well_known": issuer.wellKnown, "oidc.client_id": "gw-oidc" });
  }
});

test("with registration closed, a new account is refused and a bound one still signs in; an admin unbinds", async () => {
  await options({ RegisterEnabled: "false" });
  try {
    const refused = await finish("github", await begin("github"), services.issue("github", { id: 9300, login: "latecomer" }));
    assert.equal(refused.body.success, false);
    assert.match(refused.body.message, /关闭了新用户注册/);
    const bound = await finish("github", await begin("github"), services.issue("github", { id: 9001, login: "octocat" }));
    assert.ok(bound.body.success);
    const id = bound.body.data.id;
    assert.ok((await call("DELETE", `/api/user/${id}/bindings/github`)).success);
    assert.equal((await call("GET", `/api/user/${id}`)).data.github_id, "");
    const gone = await finish("github", await begin("github"), services.issue("github", { id: 9001, login: "octocat" }));
    assert.equal(gone.body.success, false, "unbound: no longer signs in");
  } finally {
    await options({ RegisterEnabled: "true" });
  }
});

test("an operator's own provider: field paths, Basic client auth, access policy, bindings, deletion", async () => {
  const spec = { name: "Acme SSO", slug: "acme", kind: "oauth_code", enabled: true, client_id: "acme-client",
    client_secret: "acme-secret", authorization_endpoint: services.base + "/custom/authorize",
    token_endpoint: services.base + "/custom/token", user_info_endpoint: services.base + "/custom/userinfo",
    scopes: "profile", user_id_field: "data.user.id", username_field: "data.user.login",
    display_name_field: "data.user.name", email_field: "data.user.mail", auth_style: 2,
    access_policy: JSON.stringify({ logic: "and", conditions: [{ field: "data.roles", op: "contains", value: "member" }] }),
    access_denied_message: "{{provider}} says no: {{field}}" };
  for (const [bad, why] of [[{ ...spec, slug: "github" }, /冲突/], [{ ...spec, slug: "Bad Slug!" }, /标识/],
                            [{ ...spec, kind: "jwt_direct" }, /oauth_code/], [{ ...spec, token_endpoint: "" }, /端点/]])
    assert.match((await call("POST", "/api/custom-oauth-provider/", bad)).message, why);
  const created = await call("POST", "/api/custom-oauth-provider/", spec);
  assert.ok(created.success, created.message);
  const id = created.data.id;
  assert.equal((await call("GET", "/api/custom-oauth-provider/")).data.find((p) => p.id === id).client_secret, undefined);
  const listed = (await (await fetch(gw.base + "/api/status")).json()).data.custom_oauth_providers;
  assert.deepEqual(listed.map((p) => p.slug), ["acme"]);

  const profile = (roles) => ({ data: { user: { id: 4242, login: "acmeuser", name: "Acme User", mail: "acme@example.com" }, roles } });
  const flow = await begin("acme");
  assert.match(flow.url, /^http:\/\/127\.0\.0\.1:\d+\/custom\/authorize\?response_type=code&client_id=acme-client/);
  const denied = await finish("acme", flow, services.issue("custom", profile(["guest"])));
  assert.equal(denied.body.success, false);
  assert.equal(denied.body.message, "Acme SSO says no: data.roles");
  const ok = await finish("acme", await begin("acme"), services.issue("custom", profile(["member"])));
  assert.ok(ok.body.success, ok.body.message);
  assert.equal(ok.body.data.username, "acmeuser");
  const exchange = services.requests.findLast((r) => r.path === "/custom/token");
  assert.equal(exchange.headers.authorization, "Basic " + Buffer.from("acme-client:acme-secret").toString("base64"));

  const me = client.session({ headers: { get: () => ok.session } }, ok.body.data.id);
  const bindings = (await me.as("GET", "/api/user/oauth/bindings")).data;
  assert.deepEqual(bindings.map((b) => [b.provider_slug, b.provider_user_id]), [["acme", "4242"]]);
  assert.deepEqual((await call("GET", `/api/user/${ok.body.data.id}/oauth/bindings`)).data.length, 1);
  const again = await finish("acme", await begin("acme"), services.issue("custom", profile(["member"])));
  assert.equal(again.body.data.id, ok.body.data.id, "the binding signs the same user in");
  assert.ok((await me.as("DELETE", `/api/user/oauth/bindings/${id}`)).success);
  assert.equal((await me.as("GET", "/api/user/oauth/bindings")).data.length, 0);

  assert.ok((await call("DELETE", `/api/custom-oauth-provider/${id}`)).success);
  assert.equal((await fetch(`${gw.base}/api/oauth/acme?code=x&state=y`)).status, 400);
});
