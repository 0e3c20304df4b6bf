// Daily check-in: a reward within the configured range credited once a day, even when many
// check-ins of one user race; the month's records and totals; nothing while it is disabled.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { prepare, startGateway } from "../relay/harness.mjs";

let gw, call, user;

async function signIn(username, password) {
  const post = (p, body, headers = {}) =>
    fetch(gw.base + p, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  await post("/api/user/register", { username, password });
  const login = await post("/api/user/login", { username, password });
  const id = (await login.clone().json()).data.id;
  const headers = { cookie: login.headers.get("set-cookie").split(";")[0], "New-Api-User": String(id) };
  return { id, as: async (method, p) => (await fetch(gw.base + p, { method, headers })).json() };
}

before(async () => {
  gw = await startGateway({ BATCH_UPDATE_INTERVAL: "1" });
  ({ call } = await prepare(gw, 1, { models: "unused" }));
  user = await signIn("checker", "checkerpass1");
});

after(async () => gw.stop());

const today = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
};
const quotaOf = async (id) => (await call("GET", `/api/user/${id}`)).data.quota;

test("disabled by default: no check-in, no status", async () => {
  const r = await user.as("POST", "/api/user/checkin");
  assert.equal(r.success, false);
  assert.match(r.message, /未启用/);
  assert.equal((await user.as("GET", "/api/user/checkin")).success, false);
});

test("twenty racing check-ins pay one reward within the range, once", async () => {
  for (const [key, value] of [["checkin_setting.enabled", "true"], ["checkin_setting.min_quota", "5000"], ["checkin_setting.max_quota", "6000"]])
    assert.ok((await call("PUT", "/api/option/", { key, value })).success, key);
  const before = await quotaOf(user.id);
  const answers = await Promise.all(Array.from({ length: 20 }, () => user.as("POST", "/api/user/checkin")));
  const won = answers.filter((a) => a.success);
  assert.equal(won.length, 1, JSON.stringify(answers.filter((a) => !a.success).slice(0, 2)));
  const awarded = won[0].data.quota_awarded;
  assert.ok(awarded >= 5000 && awarded <= 6000, String(awarded));
  assert.equal(won[0].data.checkin_date, today());
  assert.ok(answers.filter((a) => !a.success).every((a) => /已签到/.test(a.message)));
  assert.equal(await quotaOf(user.id), before + awarded);
  const self = (await user.as("GET", "/api/user/self")).data;
  assert.equal(self.quota, before + awarded, "the user sees the reward at once");
  const status = (await user.as("GET", "/api/user/checkin")).data;
  assert.deepEqual(status.stats.records, [{ checkin_date: today(), quota_awarded: awarded }]);
  assert.equal(status.stats.checked_in_today, true);
  assert.equal(status.stats.total_quota, awarded);
  assert.equal(status.stats.total_checkins, 1);
  assert.equal(status.min_quota, 5000);
  const logs = (await call("GET", "/api/log/?p=1&page_size=10&type=4")).data.items.filter((l) => l.username === "checker");
  assert.equal(logs.length, 1);
  assert.equal(logs[0].quota, awarded);
});

test("a bad month is refused", async () => {
  const r = await user.as("GET", "/api/user/checkin?month=2026-1");
  assert.equal(r.success, false);
});
