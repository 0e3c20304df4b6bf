// New API's small site routes: operator-written pages, the self-test, the group list, the
// model-ratio reset, the ratio exposure switch and the uptime panel.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { prepare, startGateway } from "../relay/harness.mjs";

let gw, call;
before(async () => {
  gw = await startGateway();
  ({ call } = await prepare(gw, 9));
});
after(() => gw.stop());

const get = async (path) => (await fetch(gw.base + path)).json();

test("pages the operator writes are served as written", async () => {
  for (const [path, key] of [["/api/user-agreement", "legal.user_agreement"], ["/api/privacy-policy", "legal.privacy_policy"],
                             ["/api/about", "About"], ["/api/home_page_content", "HomePageContent"]]) {
    assert.deepEqual(await get(path), { success: true, message: "", data: "" });
    assert.ok((await call("PUT", "/api/option/", { key, value: `# ${key}` })).success);
    assert.equal((await get(path)).data, `# ${key}`);
  }
});

test("the self-test, the groups and the uptime panel", async () => {
  const t = await call("GET", "/api/status/test");
  assert.deepEqual(t, { success: true, message: "Server is running" });
  assert.equal((await fetch(gw.base + "/api/status/test")).status, 401);
  assert.deepEqual((await call("GET", "/api/group/")).data.sort(), ["default", "svip", "vip"]);
  assert.deepEqual(await get("/api/uptime/status"), { success: true, message: "", data: [] });
});

test("ratios are exposed only when enabled, and the model ratios reset to the defaults", async () => {
  assert.equal((await get("/api/ratio_config")).success, false);
  await call("PUT", "/api/option/", { key: "ExposeRatioEnabled", value: "true" });
  await call("PUT", "/api/option/", { key: "ModelRatio", value: JSON.stringify({ "my-model": 3 }) });
  const exposed = await get("/api/ratio_config");
  assert.equal(exposed.success, true);
  assert.deepEqual(exposed.data.model_ratio, { "my-model": 3 });
  for (const k of ["completion_ratio", "cache_ratio", "model_price"]) assert.equal(typeof exposed.data[k], "object");
  assert.equal((await call("POST", "/api/option/rest_model_ratio")).success, true);
  const reset = (await get("/api/ratio_config")).data.model_ratio;
  assert.equal(reset["my-model"], undefined);
  assert.ok(Object.keys(reset).length > 10, "the shipped table is back");
});
