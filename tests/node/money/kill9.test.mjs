// kill -9 under steady load loses no answered charge: every request whose answer (a whole JSON
// body, or a stream to its end) reached the client before the kill appears exactly once in the
// logs after a restart, and the balance moved by exactly the logged charges. Requests cut off by
// the kill may or may not be billed, but never twice. GW_TEST_BACKEND picks the database.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startMock } from "../mock/openai_upstream.mjs";
import { prepare, startGateway } from "../relay/harness.mjs";
import { adminOf, chat, consumeLogs, newUser, sum } from "./accounts.mjs";

test("kill -9 under load: every answered request is billed exactly once", { timeout: 120000 }, async () => {
  const mock = await startMock();
  const dir = mkdtempSync(path.join(os.tmpdir(), "gw-kill9-"));
  const env = { BATCH_UPDATE_ENABLED: "true", BATCH_UPDATE_INTERVAL: "2" };  // most charges wait in the journal
  let gw = await startGateway(env, { dir });
  try {
    const { call, admin } = await prepare(gw, mock.port, { models: "plain", selfUse: false });
    await call("PUT", "/api/option/", { key: "ModelRatio", value: JSON.stringify({ plain: 2 }) });
    const u = await newUser(gw, call, "steady", 500000000);
    const before = (await call("GET", `/api/user/${u.id}`)).data;

    const answered = new Set(), cut = new Set();
    let killed = false, headless = 0;  // requests the kill cut before their answer's head arrived
    const worker = async (w) => {
      for (let i = 0; !killed; i++) {
        let id = null;
        try {
          const stream = (w + i) % 2 === 1;
          const r = await chat(gw, u.key, { stream });
          id = r.headers.get("x-oneapi-request-id");
          const text = await r.text();
          const whole = r.status === 200 &&
            (stream ? text.trimEnd().endsWith("data: [DONE]") : JSON.parse(text).object === "chat.completion");
          if (whole) answered.add(id);
          else cut.add(id);
        } catch {
          if (id) cut.add(id);  // the kill cut this answer short
          else headless++;
          return;
        }
      }
    };
    const load = Array.from({ length: 12 }, (_, w) => worker(w));
    await new Promise((r) => setTimeout(r, 3000));
    const exited = new Promise((r) => gw.child.once("exit", r));
    gw.child.kill("SIGKILL");
    killed = true;
    await exited;
    await Promise.all(load);
    assert.ok(answered.size > 200, `only ${answered.size} answers before the kill`);

    gw = await startGateway(env, { dir });
    const again = adminOf(gw, admin);
    const logs = await consumeLogs(again, u.name);
    const seen = new Map();
    for (const l of logs) seen.set(l.request_id, (seen.get(l.request_id) || 0) + 1);
    for (const [id, n] of seen) assert.equal(n, 1, `request ${id} billed ${n} times`);
    for (const id of answered) assert.ok(seen.has(id), `answered request ${id} is not billed`);
    // A charge is journaled just before its answer goes out, so a request the kill cut before its
    // head arrived may be billed too: never more of them than were cut that way.
    const unknown = [...seen.keys()].filter((id) => !answered.has(id) && !cut.has(id));
    assert.ok(unknown.length <= headless, `${unknown.length} unknown requests billed, ${headless} cut before their head`);
    const after = (await again("GET", `/api/user/${u.id}`)).data;
    assert.equal(before.quota - after.quota, sum(logs), "the balance moved by exactly the logged charges");
    assert.equal(after.used_quota - before.used_quota, sum(logs));
    assert.equal(after.request_count - before.request_count, logs.length);
    const taken = Number(/(\d+) charges not yet in the database taken back/.exec(gw.output())[1]);
    assert.ok(taken > 0, "the journal held charges the database did not have");
  } finally {
    await gw.stop();
    rmSync(dir, { recursive: true, force: true });
    mock.server.close();
  }
});
