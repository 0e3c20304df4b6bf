// GET /api/pricing in New API's shape: models the caller's usable groups reach, each with its
// endpoint types; vendors, usable and auto groups, the endpoint paths and a pricing version.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { prepare, startGateway } from "../relay/harness.mjs";

let gw, call, admin;
before(async () => {
  gw = await startGateway();
  ({ call, admin } = await prepare(gw, 9, { models: "gpt-4o-mini,text-embedding-3-small" }));
  const add = (channel) => call("POST", "/api/channel/", { mode: "single", channel: { key: "k", base_url: "http://127.0.0.1:9", ...channel } });
  assert.ok((await add({ type: 14, name: "claude", models: "claude-sonnet-4-5", group: "default" })).success);
  assert.ok((await add({ type: 24, name: "gemini", models: "gemini-2.5-pro,imagen-4.0-generate-001", group: "vip" })).success);
  assert.ok((await add({ type: 1, name: "hidden", models: "secret-model", group: "internal" })).success);
});
after(() => gw.stop());

const pricing = async (headers = {}) => (await fetch(gw.base + "/api/pricing", { headers })).json();

test("the top level carries New API's keys", async () => {
  const p = await pricing();
  assert.equal(p.success, true);
  for (const key of ["data", "vendors", "group_ratio", "usable_group", "supported_endpoint", "auto_groups", "pricing_version"])
    assert.ok(key in p, `missing ${key}`);
  assert.deepEqual(p.usable_group, { default: "默认分组", vip: "vip分组" });
  assert.deepEqual(Object.keys(p.group_ratio).sort(), ["default", "vip"]);
  assert.deepEqual(p.auto_groups, ["default"]);
  assert.match(p.pricing_version, /^[0-9a-f]{32}$/);
  assert.deepEqual(p.supported_endpoint.anthropic, { path: "/v1/messages", method: "POST" });
  assert.deepEqual(p.supported_endpoint["image-generation"], { path: "/v1/images/generations", method: "POST" });
});

test("items name their endpoints and only groups the caller may use", async () => {
  const byName = Object.fromEntries((await pricing()).data.map((m) => [m.model_name, m]));
  assert.deepEqual(byName["claude-sonnet-4-5"].supported_endpoint_types, ["anthropic", "openai"]);
  assert.deepEqual(byName["gemini-2.5-pro"].supported_endpoint_types, ["gemini", "openai"]);
  assert.deepEqual(byName["imagen-4.0-generate-001"].supported_endpoint_types, ["image-generation", "gemini", "openai"]);
  assert.deepEqual(byName["text-embedding-3-small"].supported_endpoint_types, ["embeddings"]);
  assert.deepEqual(byName["gpt-4o-mini"].supported_endpoint_types, ["openai"]);
  assert.deepEqual(byName["gemini-2.5-pro"].enable_groups, ["vip"]);
  assert.equal(byName["gpt-4o-mini"].owner_by, "");
  assert.equal(byName["gpt-4o-mini"].quota_type, 0);
  assert.ok(!("secret-model" in byName), "a group nobody may use stays hidden");
});

test("a signed-in user also sees their own group's models", async () => {
  await call("PUT", "/api/user/", { id: 1, username: "root", display_name: "root", group: "internal", quota: 0 });
  const p = await pricing(admin);
  assert.equal(p.usable_group.internal, "用户分组");
  assert.ok(p.data.some((m) => m.model_name === "secret-model"));
  const version = p.pricing_version;
  await call("PUT", "/api/option/", { key: "GroupRatio", value: JSON.stringify({ default: 1, vip: 2, internal: 0.5 }) });
  const after = await pricing(admin);
  assert.equal(after.group_ratio.internal, 0.5);
  assert.notEqual(after.pricing_version, version);
});
