// Invitations: a code from /api/user/aff, New API's rewards on sign-up (QuotaForInvitee to the
// new user, QuotaForInviter to the inviter's affiliate quota), and /api/user/aff_transfer moving
// affiliate quota into the balance once, however many transfers race.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { prepare, startGateway } from "../relay/harness.mjs";

let gw, call;

const post = (p, body, headers = {}) =>
  fetch(gw.base + p, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });

async function signIn(username, password, extra = {}) {
  const reg = await (await post("/api/user/register", { username, password, ...extra })).json();
  assert.ok(reg.success, JSON.stringify(reg));
  const login = await post("/api/user/login", { username, password });
  const id = (await login.clone().json()).data.id;
  const headers = { cookie: login.headers.get("set-cookie").split(";")[0], "New-Api-User": String(id) };
  return {
    id,
    get: async (p) => (await fetch(gw.base + p, { headers })).json(),
    post: async (p, body) => (await post(p, body, headers)).json(),
  };
}

before(async () => {
  gw = await startGateway({ BATCH_UPDATE_INTERVAL: "1" });
  ({ call } = await prepare(gw, 1, { models: "unused" }));
  for (const [key, value] of [["QuotaForNewUser", "1000"], ["QuotaForInviter", "700000"], ["QuotaForInvitee", "300000"]])
    assert.ok((await call("PUT", "/api/option/", { key, value })).success, key);
});

after(async () => gw.stop());

test("an invitation rewards both sides, and the inviter's reward moves into the balance once", async () => {
  const inviter = await signIn("inviter", "inviterpass1");
  const code = (await inviter.get("/api/user/aff")).data;
  assert.match(code, /^[A-Za-z0-9]{4}$/);
  const invitee = await signIn("invitee", "inviteepass1", { aff_code: code });
  assert.equal((await invitee.get("/api/user/self")).data.quota, 1000 + 300000);
  const a = (await call("GET", `/api/user/${inviter.id}`)).data;
  assert.equal(a.aff_quota, 700000);
  assert.equal(a.aff_count, 1);
  assert.equal(a.aff_history_quota ?? a.aff_history, 700000);

  const small = await inviter.post("/api/user/aff_transfer", { quota: 100 });
  assert.equal(small.success, false);
  assert.match(small.message, /最小/);
  const racing = await Promise.all(Array.from({ length: 10 }, () => inviter.post("/api/user/aff_transfer", { quota: 500000 })));
  assert.equal(racing.filter((r) => r.success).length, 1, JSON.stringify(racing.slice(0, 3)));
  assert.ok(racing.filter((r) => !r.success).every((r) => /不足/.test(r.message)));
  const after = (await call("GET", `/api/user/${inviter.id}`)).data;
  assert.equal(after.aff_quota, 200000);
  assert.equal(after.quota, 1000 + 500000);
  assert.equal((await inviter.get("/api/user/self")).data.quota, 1000 + 500000, "the user sees it at once");
  const logs = (await call("GET", "/api/log/?p=1&page_size=20&type=4")).data.items.filter((l) => l.username === "inviter");
  assert.deepEqual(logs.filter((l) => /划转/.test(l.content)).map((l) => l.quota), [500000], "one log for the one transfer");
});

test("an unknown code rewards nobody", async () => {
  const stranger = await signIn("stranger", "strangerpass1", { aff_code: "zzzz" });
  assert.equal((await stranger.get("/api/user/self")).data.quota, 1000);
});
