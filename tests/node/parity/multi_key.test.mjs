// get_key_status in New API's shape: a page of keys, filtered by status, with the enabled,
// manually disabled and automatically disabled counts.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { prepare, startGateway } from "../relay/harness.mjs";

let gw, call, id;
before(async () => {
  gw = await startGateway();
  ({ call } = await prepare(gw, 9));
  const keys = ["sk-key-aaaaaaaa0", "sk-key-bbbbbbbb1", "sk-key-cccccccc2", "sk-key-dddddddd3", "sk-key-eeeeeeee4"];
  const r = await call("POST", "/api/channel/", { mode: "multi_to_single", multi_key_mode: "random", channel: {
    type: 1, name: "multi", key: keys.join("\n"), base_url: "http://127.0.0.1:9", models: "m", group: "default" } });
  assert.ok(r.success, JSON.stringify(r));
  id = (await call("GET", "/api/channel/?p=1&page_size=10")).data.items.find((c) => c.name === "multi").id;
});
after(() => gw.stop());

const manage = (body) => call("POST", "/api/channel/multi_key/manage", { channel_id: id, ...body });

test("key status pages, filters and counts as New API", async () => {
  assert.ok((await manage({ action: "disable_key", key_index: 1 })).success);
  assert.ok((await manage({ action: "disable_key", key_index: 3 })).success);
  const all = (await manage({ action: "get_key_status", page: 2, page_size: 2 })).data;
  assert.equal(all.total, 5);
  assert.equal(all.page, 2);
  assert.equal(all.page_size, 2);
  assert.equal(all.total_pages, 3);
  assert.deepEqual(all.keys.map((k) => k.index), [2, 3]);
  assert.equal(all.enabled_count, 3);
  assert.equal(all.manual_disabled_count, 2);
  assert.equal(all.auto_disabled_count, 0);
  const manual = (await manage({ action: "get_key_status", status: 2 })).data;
  assert.equal(manual.total, 2);
  assert.deepEqual(manual.keys.map((k) => [k.index, k.status]), [[1, 2], [3, 2]]);
  assert.equal(manual.page_size, 50);
  assert.ok(!manual.keys[0].key_preview.includes("bbbbbbbb1"), "the key is not shown whole");
});
