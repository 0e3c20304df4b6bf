// A COMMIT whose acknowledgement is lost bills once (on PostgreSQL, whatever GW_TEST_BACKEND says). A TCP relay in front of PostgreSQL, once
// armed, passes the next COMMIT to the server and then drops the connection instead of passing
// the answer back: the batch of charges is in the database, but the gateway cannot know. Its next
// flush finds its journal cursor already past the batch and applies nothing twice.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { startMock } from "../mock/openai_upstream.mjs";
import { createDatabase, dropDatabase, prepare, startGateway } from "../relay/harness.mjs";
import { chat, consumeLogs, newUser, sum } from "./accounts.mjs";

const SSL_REQUEST = 80877103, GSS_REQUEST = 80877104;

// Frontend messages are [type][int32 length][body], after an untyped start-up message (and any
// SSL/GSS requests before it). Backend bytes are passed through untouched until a dropped COMMIT.
function startPgRelay(port) {
  const relay = { armed: false, dropped: 0 };
  relay.server = net.createServer((client) => {
    const server = net.connect(port, "127.0.0.1");
    client.setNoDelay(true);  // Nagle's delay on every small message would slow each query to ~40 ms
    server.setNoDelay(true);
    let started = false, pending = Buffer.alloc(0), dropNextAnswer = false;
    client.on("data", (chunk) => {
      pending = Buffer.concat([pending, chunk]);
      for (;;) {
        if (!started) {
          if (pending.length < 8) return;
          const len = pending.readInt32BE(0);
          if (pending.length < len) return;
          const code = pending.readInt32BE(4);
          started = code !== SSL_REQUEST && code !== GSS_REQUEST;
          server.write(pending.subarray(0, len));
          pending = pending.subarray(len);
          continue;
        }
        if (pending.length < 5) return;
        const len = pending.readInt32BE(1);
        if (pending.length < 1 + len) return;
        const msg = pending.subarray(0, 1 + len);
        pending = pending.subarray(1 + len);
        if (relay.armed && msg[0] === 0x51 && /^\s*COMMIT/i.test(msg.subarray(5, msg.length - 1).toString())) {
          relay.armed = false;
          dropNextAnswer = true;
        }
        server.write(msg);
      }
    });
    server.on("data", (chunk) => {
      if (!dropNextAnswer) return client.write(chunk);
      relay.dropped++;
      client.destroy();
      server.destroy();
    });
    const close = () => { client.destroy(); server.destroy(); };
    client.on("error", close).on("close", close);
    server.on("error", close).on("close", close);
  });
  return new Promise((resolve) => relay.server.listen(0, "127.0.0.1", () => {
    relay.port = relay.server.address().port;
    resolve(relay);
  }));
}

test("a batch whose COMMIT acknowledgement is lost is billed once", { timeout: 60000 }, async () => {
  const mock = await startMock();
  const relay = await startPgRelay(5432);
  const dsn = createDatabase("postgres");
  const dir = mkdtempSync(path.join(os.tmpdir(), "gw-commit-"));
  const relayed = dsn.replace(":5432/", `:${relay.port}/`);
  writeFileSync(path.join(dir, "dsn"), relayed);  // whatever GW_TEST_BACKEND says, this database
  const gw = await startGateway({ SQL_DSN: relayed }, { dir });
  try {
    const { call } = await prepare(gw, mock.port, { models: "plain", selfUse: false });
    await call("PUT", "/api/option/", { key: "ModelRatio", value: JSON.stringify({ plain: 2 }) });
    const u = await newUser(gw, call, "once", 10000000);
    const before = (await call("GET", `/api/user/${u.id}`)).data;
    relay.armed = true;
    for (let i = 0; i < 5; i++) {
      const r = await chat(gw, u.key);
      await r.text();
      assert.equal(r.status, 200);
    }
    for (let i = 0; i < 40 && !/a lost COMMIT acknowledgement/.test(gw.output()); i++)
      await new Promise((r) => setTimeout(r, 100));
    assert.equal(relay.dropped, 1, "the relay dropped one COMMIT's answer");
    assert.match(gw.output(), /a lost COMMIT acknowledgement/);
    await new Promise((r) => setTimeout(r, 300));
    const logs = await consumeLogs(call, u.name);
    assert.equal(logs.length, 5, "one consume log per request, not two");
    assert.equal(sum(logs), 5 * (11 + 7) * 2);
    const after = (await call("GET", `/api/user/${u.id}`)).data;
    assert.equal(before.quota - after.quota, sum(logs), "the balance moved once");
    assert.equal(after.used_quota - before.used_quota, sum(logs));
  } finally {
    await gw.stop();
    relay.server.close();
    mock.server.close();
    dropDatabase(dsn);
    rmSync(dir, { recursive: true, force: true });
  }
});
