// SIGTERM while the database (GW_TEST_BACKEND: postgres or mysql) cannot be written discards no
// charge: the gateway serves from memory during the outage, says at exit how many charges wait
// in its journal and where, and applies them at the next start once the database is back. Stops
// and starts the local server, so it runs alone (ctest RUN_SERIAL) and needs root.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";

import { startMock } from "../mock/openai_upstream.mjs";
import { adminOf, chat, consumeLogs, newUser, sum } from "../money/accounts.mjs";
import { prepare, startGateway } from "../relay/harness.mjs";
import { BACKEND, server } from "./servers.mjs";

test(`SIGTERM while ${BACKEND} is down keeps every charge for the next start`, { timeout: 120000 }, async () => {
  assert.ok(["postgres", "mysql"].includes(BACKEND), "run with GW_TEST_BACKEND=postgres or mysql");
  const mock = await startMock();
  const dir = mkdtempSync(path.join(os.tmpdir(), "gw-sigterm-"));
  let gw = await startGateway({}, { dir });
  try {
    const { call, admin } = await prepare(gw, mock.port, { models: "plain", selfUse: false });
    await call("PUT", "/api/option/", { key: "ModelRatio", value: JSON.stringify({ plain: 2 }) });
    const u = await newUser(gw, call, "outage", 100000000);
    const before = (await call("GET", `/api/user/${u.id}`)).data;
    let ok = 0, running = true;
    const load = Array.from({ length: 4 }, async () => {
      while (running) {
        const r = await chat(gw, u.key).catch(() => null);
        if (r && r.status === 200 && JSON.parse(await r.text()).object === "chat.completion") ok++;
      }
    });
    await new Promise((r) => setTimeout(r, 1000));
    server("stop");
    const atStop = ok;
    await new Promise((r) => setTimeout(r, 2000));
    running = false;
    await Promise.all(load);
    assert.ok(ok - atStop > 50, `only ${ok - atStop} requests served during the outage`);
    const exited = new Promise((r) => gw.child.once("exit", (code, signal) => r(code ?? signal)));
    gw.child.kill("SIGTERM");
    const code = await exited;
    const output = gw.output();
    gw = null;  // gone: nothing to stop
    assert.equal(code, 0, output.slice(-3000));
    const waiting = /billing: (\d+) charges \(\d+ quota\) could not reach the database; they are kept in the journal (\S+)/
      .exec(output);
    assert.ok(waiting, output.slice(-2000));
    assert.ok(Number(waiting[1]) > 0, `${waiting[1]} charges kept, ${ok - atStop} served in the outage`);

    server("start");
    gw = await startGateway({}, { dir });
    const again = adminOf(gw, admin);
    await new Promise((r) => setTimeout(r, 500));
    const logs = await consumeLogs(again, u.name);
    assert.equal(logs.length, ok, "one consume log per answered request");
    const after = (await again("GET", `/api/user/${u.id}`)).data;
    assert.equal(before.quota - after.quota, sum(logs), "the balance moved by exactly the logged charges");
    assert.equal(after.request_count - before.request_count, ok);
  } finally {
    try { server("start"); } catch { /* running */ }
    if (gw) await gw.stop();
    rmSync(dir, { recursive: true, force: true });
    mock.server.close();
  }
});
