// /api/prefill_group: New API's reusable lists — create, list by type, rename, unique names among
// live groups, delete.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { prepare, startGateway } from "../relay/harness.mjs";

let gw, call;
before(async () => {
  gw = await startGateway();
  ({ call } = await prepare(gw, 9));
});
after(() => gw.stop());

test("prefill groups are created, listed by type, edited and deleted", async () => {
  const made = await call("POST", "/api/prefill_group", { name: "openai-models", type: "model", items: ["gpt-4o", "gpt-4o-mini"] });
  assert.equal(made.success, true, JSON.stringify(made));
  assert.deepEqual(made.data.items, ["gpt-4o", "gpt-4o-mini"]);
  assert.ok(made.data.created_time > 0);
  await call("POST", "/api/prefill_group", { name: "vip-tags", type: "tag", items: ["vip"], description: "tags" });
  assert.equal((await call("POST", "/api/prefill_group", { name: "openai-models", type: "tag" })).message, "组名称已存在");
  assert.equal((await call("POST", "/api/prefill_group", { name: "", type: "model" })).message, "组名称和类型不能为空");

  const models = (await call("GET", "/api/prefill_group?type=model")).data;
  assert.deepEqual(models.map((g) => g.name), ["openai-models"]);
  assert.equal((await call("GET", "/api/prefill_group")).data.length, 2);

  const edited = await call("PUT", "/api/prefill_group", { id: made.data.id, name: "oa", type: "model", items: ["o3"] });
  assert.deepEqual(edited.data.items, ["o3"]);
  assert.equal((await call("PUT", "/api/prefill_group", { name: "x", type: "model" })).message, "缺少组 ID");

  assert.equal((await call("DELETE", `/api/prefill_group/${made.data.id}`)).success, true);
  assert.deepEqual((await call("GET", "/api/prefill_group?type=model")).data, []);
  // A deleted group's name is free again.
  assert.equal((await call("POST", "/api/prefill_group", { name: "oa", type: "model", items: [] })).success, true);
  const anonymous = await fetch(gw.base + "/api/prefill_group");
  assert.equal(anonymous.status, 401);
});
