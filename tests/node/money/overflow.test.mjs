// Absurd numbers never wrap into a hold, a charge or a balance: max_tokens of 2^63-1, 2^64-1 or
// 1e30 is refused with a 400 before anything is held, and integers outside int64 (or quotas past
// 2^53-1) are refused by the management API by name. Neither changes a balance, and with absurd
// requests in flight a small balance is still never overdrawn.
import { test } from "node:test";
import assert from "node:assert/strict";
import { startMock } from "../mock/openai_upstream.mjs";
import { prepare, startGateway } from "../relay/harness.mjs";
import { chat, consumeLogs, newUser, sum } from "./accounts.mjs";

// A JSON body written by hand: JavaScript numbers cannot hold 2^63 exactly.
const raw = (gw, method, p, text, headers) =>
  fetch(gw.base + p, { method, headers: { "content-type": "application/json", ...headers }, body: text });

const absurd = ["9223372036854775807", "18446744073709551615", "1e30", "-5"];

test("absurd max_tokens and quotas are refused without changing a balance", { timeout: 60000 }, async () => {
  const mock = await startMock();
  const gw = await startGateway();
  try {
    const { call, admin } = await prepare(gw, mock.port, { models: "plain", selfUse: false });
    await call("PUT", "/api/option/", { key: "ModelRatio", value: JSON.stringify({ plain: 1 }) });
    const u = await newUser(gw, call, "small", 600);
    const quota = async () => (await call("GET", `/api/user/${u.id}`)).data.quota;
    assert.equal(await quota(), 600);

    for (const n of absurd) {
      const r = await raw(gw, "POST", "/v1/chat/completions",
                          `{"model":"plain","max_tokens":${n},"messages":[{"role":"user","content":"hi"}]}`,
                          { authorization: "Bearer " + u.key });
      const body = await r.json();
      assert.equal(r.status, 400, `max_tokens ${n}: ${JSON.stringify(body)}`);
      assert.match(body.error.message, /max_tokens/);
    }
    assert.equal(await quota(), 600);

    // Normal requests race absurd ones: each normal one holds 500 of the 600, so they pass one
    // at a time; none may take the balance below zero.
    const normal = Array.from({ length: 30 }, () => chat(gw, u.key).then(async (r) => ({ status: r.status, text: await r.text() })));
    const wild = absurd.flatMap((n) => [0, 1].map(() =>
      raw(gw, "POST", "/v1/chat/completions", `{"model":"plain","max_tokens":${n},"messages":[{"role":"user","content":"hi"}]}`,
          { authorization: "Bearer " + u.key }).then((r) => r.status)));
    const results = await Promise.all(normal);
    for (const s of await Promise.all(wild)) assert.equal(s, 400);
    const served = results.filter((r) => r.status === 200).length;
    assert.ok(served >= 1);
    for (const r of results) assert.ok([200, 403].includes(r.status), r.text);
    await new Promise((r) => setTimeout(r, 300));
    const logs = await consumeLogs(call, u.name);
    assert.equal(logs.length, served);
    const left = await quota();
    assert.ok(left >= 0, `overdrawn to ${left}`);
    assert.equal(600 - left, sum(logs));

    // The management API refuses integers it cannot hold, naming the field.
    const refusals = [
      ["POST", "/api/user/manage", `{"id":${u.id},"action":"add_quota","mode":"add","value":9223372036854775808}`, /value/],
      ["POST", "/api/user/manage", `{"id":${u.id},"action":"add_quota","mode":"override","value":18446744073709551615}`, /value/],
      ["POST", "/api/user/manage", `{"id":${u.id},"action":"add_quota","mode":"add","value":9007199254740992}`, /value/],
      ["PUT", "/api/token/", `{"id":${u.tokenId},"remain_quota":9223372036854775808}`, /remain_quota/],
      ["POST", "/api/token/", `{"name":"x","remain_quota":1e30}`, /remain_quota/],
      ["POST", "/api/redemption/", `{"name":"r","count":1,"quota":9223372036854775808}`, /quota/],
    ];
    for (const [method, p, body, field] of refusals) {
      const headers = p.startsWith("/api/token") ? u.auth : admin;
      const r = await (await raw(gw, method, p, body, headers)).json();
      assert.equal(r.success, false, `${method} ${p} ${body}: ${JSON.stringify(r)}`);
      assert.match(r.message, field);
    }
    assert.equal(await quota(), left);
    const token = (await fetch(gw.base + `/api/token/${u.tokenId}`, { headers: u.auth }).then((r) => r.json())).data;
    assert.equal(-token.remain_quota, sum(logs), "the token's remaining quota moved by its charges alone");
  } finally {
    await gw.stop();
    mock.server.close();
  }
});
