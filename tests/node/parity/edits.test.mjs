// Edits in New API's manner: a redemption code's status changes only with ?status_only, and a
// full edit leaves the status alone; the user's own view carries sidebar_modules and permissions.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { prepare, startGateway } from "../relay/harness.mjs";

let gw, call;
before(async () => {
  gw = await startGateway();
  ({ call } = await prepare(gw, 9));
});
after(() => gw.stop());

test("a redemption code's status changes only with ?status_only", async () => {
  assert.ok((await call("POST", "/api/redemption/", { name: "gift", quota: 1000, count: 1 })).success);
  const code = (await call("GET", "/api/redemption/?p=1&page_size=10")).data.items[0];
  const full = await call("PUT", "/api/redemption/", { id: code.id, name: "renamed", quota: 2000, status: 2 });
  assert.equal(full.success, true);
  let now = (await call("GET", `/api/redemption/${code.id}`)).data;
  assert.equal(now.name, "renamed");
  assert.equal(now.quota, 2000);
  assert.equal(now.status, 1);  // a full edit does not disable
  assert.ok((await call("PUT", "/api/redemption/?status_only=1", { id: code.id, status: 2, name: "ignored" })).success);
  now = (await call("GET", `/api/redemption/${code.id}`)).data;
  assert.equal(now.status, 2);
  assert.equal(now.name, "renamed");  // a status edit changes nothing else
});

test("the user's own view carries sidebar_modules and the role's sidebar permissions", async () => {
  const modules = JSON.stringify({ console: { enabled: true, log: false } });
  assert.ok((await call("PUT", "/api/user/self", { sidebar_modules: modules })).success);
  const self = (await call("GET", "/api/user/self")).data;
  assert.equal(self.sidebar_modules, modules);
  assert.deepEqual(self.permissions, { sidebar_settings: false, sidebar_modules: {} });  // root
});
