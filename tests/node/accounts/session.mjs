// Signing users in through the management API, the way the console does: a session cookie and
// the New-Api-User header.
export function sessionClient(gw) {
  const post = (p, body, headers = {}) =>
    fetch(gw.base + p, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  const asUser = (cookie, id) => async (method, p, body) =>
    (await fetch(gw.base + p, { method, headers: { "content-type": "application/json", cookie, "New-Api-User": String(id) },
                                body: body === undefined ? undefined : JSON.stringify(body) })).json();
  // A signed-in user: `as(method, path, body)` answers the JSON body.
  const session = (res, id) => ({ id, cookie: res.headers.get("set-cookie").split(";")[0],
                                  get as() { return asUser(this.cookie, id); } });
  async function register(username, password, extra = {}) {
    return (await post("/api/user/register", { username, password, ...extra })).json();
  }
  async function login(username, password) {
    const res = await post("/api/user/login", { username, password });
    const body = await res.clone().json();
    return { res, body, user: body.success && body.data.id ? session(res, body.data.id) : null };
  }
  return { post, register, login, session };
}
