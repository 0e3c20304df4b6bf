// Helpers for the money suites: a common user with a session, an API key and a known balance,
// and sums over the consume logs.
export const post = (gw, p, body, headers = {}) =>
  fetch(gw.base + p, { method: "POST", headers: { "content-type": "application/json", ...headers },
                       body: JSON.stringify(body) });

// The admin's API client for a (re)started gateway, with the headers prepare() returned.
export const adminOf = (gw, admin) => async (method, p, body) =>
  (await fetch(gw.base + p, { method, headers: { "content-type": "application/json", ...admin },
                              body: body ? JSON.stringify(body) : undefined })).json();

export async function jsonOf(res) {
  return JSON.parse(await res.text());
}

// Registers `name`, gives them `quota` through the admin's add_quota and returns their session
// headers, id, API key (unlimited unless tokenFields say otherwise) and token id.
export async function newUser(gw, call, name, quota, tokenFields = {}) {
  const password = "pass-" + name;
  const reg = await jsonOf(await post(gw, "/api/user/register", { username: name, password }));
  if (!reg.success) throw new Error("register: " + JSON.stringify(reg));
  const login = await post(gw, "/api/user/login", { username: name, password });
  const id = (await login.clone().json()).data.id;
  const auth = { cookie: login.headers.get("set-cookie").split(";")[0], "New-Api-User": String(id) };
  if (quota) {
    const r = await call("POST", "/api/user/manage", { id, action: "add_quota", mode: "add", value: quota });
    if (!r.success) throw new Error("add_quota: " + JSON.stringify(r));
  }
  const tok = await jsonOf(await post(gw, "/api/token/", { name: "k", unlimited_quota: true, expired_time: -1, ...tokenFields }, auth));
  if (!tok.success) throw new Error("token: " + JSON.stringify(tok));
  const list = await (await fetch(gw.base + "/api/token/?p=1&size=10", { headers: auth })).json();
  const tokenId = list.data.items[0].id;
  const reveal = await jsonOf(await post(gw, `/api/token/${tokenId}/key`, {}, auth));
  return { id, name, password, auth, key: "sk-" + reveal.data.key, tokenId };
}

// The user's consume logs (type 2), read page by page through the admin API.
export async function consumeLogs(call, username) {
  const rows = [];
  for (let p = 1; ; p++) {
    const page = (await call("GET", `/api/log/?p=${p}&page_size=100&type=2&username=${encodeURIComponent(username)}`)).data;
    rows.push(...page.items);
    if (page.items.length < 100) return rows;
  }
}

export const sum = (rows) => rows.reduce((s, l) => s + l.quota, 0);

export function chat(gw, key, { model = "plain", stream = false, extra = {} } = {}) {
  return fetch(gw.base + "/v1/chat/completions", {
    method: "POST", headers: { "content-type": "application/json", authorization: "Bearer " + key },
    body: JSON.stringify({ model, stream, messages: [{ role: "user", content: "hello" }], ...extra }) });
}
