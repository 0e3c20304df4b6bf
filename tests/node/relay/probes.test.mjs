// Orchestrator probes: /healthz while the process serves, /readyz naming the database and plugin
// checks — ready with the first-party plugins, 503 with an empty plugin folder.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startGateway } from "./harness.mjs";

const started = [];
after(async () => Promise.all(started.map((g) => g.stop())));

test("a gateway with its plugins is alive and ready", async () => {
  const gw = await startGateway();
  started.push(gw);
  const alive = await fetch(gw.base + "/healthz");
  assert.equal(alive.status, 200);
  assert.deepEqual(await alive.json(), { status: "ok" });
  const ready = await fetch(gw.base + "/readyz");
  assert.equal(ready.status, 200);
  assert.deepEqual(await ready.json(), { status: "ready", checks: { database: "ok", plugins: "ok" } });
  assert.equal(ready.headers.get("cache-control"), "no-store");
});

test("without any plugin the gateway is alive but not ready", async () => {
  const empty = mkdtempSync(path.join(os.tmpdir(), "gw-no-plugins-"));
  const gw = await startGateway({ PLUGIN_DIR: empty });
  started.push(gw);
  assert.equal((await fetch(gw.base + "/healthz")).status, 200);
  const ready = await fetch(gw.base + "/readyz");
  assert.equal(ready.status, 503);
  const body = await ready.json();
  assert.equal(body.status, "not ready");
  assert.equal(body.checks.plugins, "none loaded");
  assert.equal(body.checks.database, "ok");
});
