// Hot plugging: plugins dropped into, replaced in and removed from a running server's folder are
// picked up without a restart; a request in flight finishes on the version it started with; an
// admin can disable and enable a plugin; channels of a missing plugin say so.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startOnPluginDir, waitFor } from "./server.mjs";

let server, mock, gw, key, call, plugins;

// Copies a fixture library in as good.so, then its manifest (the order an operator's copy takes).
function install(fixture, version) {
  const lib = path.join(plugins, "good.so");
  copyFileSync(path.join(process.env.FIXTURE_PLUGIN_DIR, fixture + ".so"), lib);
  const sha = createHash("sha256").update(readFileSync(lib)).digest("hex");
  writeFileSync(path.join(plugins, "good.xml"),
                `<plugin id="org.test.good" version="${version}" kind="provider" abi="1.0"><library>good.so</library><sha256>${sha}</sha256></plugin>`);
}

const loadedVersion = async () =>
  (await call("GET", "/api/plugins")).data.loaded.find((p) => p.id === "org.test.good")?.providers[0].version;

const chat = (model) =>
  fetch(gw.base + "/v1/chat/completions", {
    method: "POST", headers: { "content-type": "application/json", authorization: "Bearer " + key },
    body: JSON.stringify({ model, messages: [{ role: "user", content: "hot" }] }) });

before(async () => {
  plugins = mkdtempSync(path.join(os.tmpdir(), "gw-hotplug-"));
  for (const f of ["provider-openai.so", "provider-openai.xml"])
    copyFileSync(path.join(process.env.PLUGIN_DIR, f), path.join(plugins, f));
  server = await startOnPluginDir(plugins);
  ({ mock, gw, key, call } = server);
});

after(async () => {
  await server?.stop();
  rmSync(plugins, { recursive: true, force: true });
});

test("a plugin dropped into the folder serves without a restart", async () => {
  const refused = await call("POST", "/api/channel/", { mode: "single", channel: {
    type: 9001, name: "echo", key: "k", base_url: `http://127.0.0.1:${mock.port}`, models: "echo-1,slow-echo" } });
  assert.equal(refused.success, false);
  assert.match(refused.message, /no provider plugin serves this type/);
  install("fixture_good", "1.0.0");
  await waitFor("the folder watch", async () => (await loadedVersion()) === "1.0.0");
  const ch = await call("POST", "/api/channel/", { mode: "single", channel: {
    type: 9001, name: "echo", key: "k", base_url: `http://127.0.0.1:${mock.port}`, models: "echo-1,slow-echo" } });
  assert.ok(ch.success, JSON.stringify(ch));
  const r = await chat("echo-1");
  assert.equal(r.status, 200, await r.clone().text());
  assert.equal((await r.json()).choices[0].message.content, "echo: hot");
  assert.equal(mock.requests.at(-1).url, "/echo");
});

test("an updated version serves new requests while one in flight finishes on the old", async () => {
  const inFlight = chat("slow-echo");  // the mock answers slow-* after a second
  await waitFor("the slow request upstream", () => mock.requests.some((q) => q.body.model === "slow-echo"), 3000);
  install("fixture_good_v2", "2.0.0");
  const reloaded = await call("POST", "/api/plugins/reload");
  assert.equal(reloaded.data.loaded.find((p) => p.id === "org.test.good").providers[0].version, "2.0.0");
  const fresh = await chat("echo-1");
  assert.equal(fresh.status, 200);
  assert.equal(mock.requests.at(-1).url, "/echo-v2");
  const old = await inFlight;
  assert.equal(old.status, 200, await old.clone().text());
  assert.equal((await old.json()).choices[0].message.content, "echo: hot");
  assert.equal(mock.requests.find((q) => q.body.model === "slow-echo").url, "/echo");
  assert.match(gw.output(), /plugin org\.test\.good 1\.0\.0 replaced by 2\.0\.0/);
});

test("an admin disables and enables a plugin", async () => {
  const off = await call("POST", "/api/plugins/org.test.good/disable");
  assert.ok(off.success, JSON.stringify(off));
  assert.deepEqual(off.data.disabled.map((d) => d.id), ["org.test.good"]);
  const refused = await chat("echo-1");
  assert.equal(refused.status, 503);
  assert.match((await refused.json()).error.message, /plugin org\.test\.good is disabled/);
  const on = await call("POST", "/api/plugins/org.test.good/enable");
  assert.equal(on.data.loaded.find((p) => p.id === "org.test.good").providers[0].version, "2.0.0");
  assert.equal((await chat("echo-1")).status, 200);
  assert.equal((await call("POST", "/api/plugins/org.nobody/disable")).success, false);
});

test("a plugin removed from the folder: its channels report the plugin missing", async () => {
  unlinkSync(path.join(plugins, "good.xml"));
  unlinkSync(path.join(plugins, "good.so"));
  await waitFor("the folder watch", async () => (await loadedVersion()) === undefined);
  const r = await chat("echo-1");
  assert.equal(r.status, 503);
  assert.match((await r.json()).error.message, /no loaded plugin serves channel type 9001/);
  const channels = (await call("GET", "/api/channel/?p=1&page_size=20")).data.items;
  assert.equal(channels.find((c) => c.type === 9001).plugin_missing, true);
  assert.equal(channels.find((c) => c.type === 1).plugin_missing, false);
});
