// The third-party path end to end: install the SDK to a temporary prefix, build a scaffolded
// plugin and the rerank plugin out of tree against it alone, copy both into a running server's
// plugin folder, and relay a request through each without restarting the server.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, copyFileSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startOnPluginDir, waitFor } from "./server.mjs";

const SOURCE = process.env.SOURCE_DIR, BUILD = process.env.GW_BUILD_DIR;
let work, plugins, server, mock, gw, key, call;

const run = (cmd, args) => execFileSync(cmd, args, { stdio: ["ignore", "pipe", "pipe"] }).toString();

function buildOutOfTree(src, name) {
  const build = path.join(work, "build-" + name);
  run("cmake", ["-S", src, "-B", build, "-G", "Ninja", `-DCMAKE_PREFIX_PATH=${work}/prefix`]);
  run("cmake", ["--build", build]);
  run("ctest", ["--test-dir", build, "--output-on-failure"]);  // the project's own golden test
  return path.join(build, "plugins");
}

before(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), "gw-oot-"));
  run("cmake", ["--install", BUILD, "--component", "sdk", "--prefix", path.join(work, "prefix")]);
  plugins = path.join(work, "server-plugins");
  cpSync(process.env.PLUGIN_DIR, plugins, { recursive: true, filter: (f) => !/provider-rerank/.test(f) });
  server = await startOnPluginDir(plugins);
  ({ mock, gw, key, call } = server);
});

after(async () => {
  await server?.stop();
  rmSync(work, { recursive: true, force: true });
});

const loaded = (id) =>
  waitFor(id + " picked up", async () => (await call("GET", "/api/plugins")).data.loaded.some((p) => p.id === id));

test("the scaffolded plugin and the rerank plugin, built out of tree, serve in a running server", async () => {
  run(path.join(work, "prefix/bin/gw-new-plugin"), ["acme-llm", "--dir", work, "--type", "9100"]);
  const acme = buildOutOfTree(path.join(work, "acme-llm"), "acme");
  const rr = buildOutOfTree(path.join(SOURCE, "plugins/provider-rerank"), "rerank");
  const started = gw.child.pid;
  for (const [dir, lib] of [[acme, "acme-llm"], [rr, "provider-rerank"]])
    for (const ext of [".so", ".xml"]) copyFileSync(path.join(dir, lib + ext), path.join(plugins, lib + ext));
  await loaded("com.example.acme-llm");
  await loaded("org.newapi.provider.rerank");

  for (const channel of [{ type: 9100, name: "acme", models: "acme-model" },
                         { type: 38, name: "jina", models: "jina-reranker-m0", base: "/jina" }]) {
    const ch = await call("POST", "/api/channel/", { mode: "single", channel: {
      type: channel.type, name: channel.name, key: "sk-x", base_url: `http://127.0.0.1:${mock.port}${channel.base || ""}`,
      models: channel.models, group: "default" } });
    assert.ok(ch.success, JSON.stringify(ch));
  }
  const post = (p, body) => fetch(gw.base + p, { method: "POST", body: JSON.stringify(body),
                                                 headers: { "content-type": "application/json", authorization: "Bearer " + key } });
  const chat = await post("/v1/chat/completions", { model: "acme-model", messages: [{ role: "user", content: "out of tree" }] });
  assert.equal(chat.status, 200, await chat.clone().text());
  assert.equal((await chat.json()).choices[0].message.content, "echo: out of tree");
  const rerank = await post("/v1/rerank", { model: "jina-reranker-m0", query: "q", documents: ["a", "b"] });
  assert.equal(rerank.status, 200, await rerank.clone().text());
  assert.equal((await rerank.json()).results.length, 2);
  assert.equal(gw.child.pid, started);
  assert.equal(gw.child.exitCode, null, "the server was never restarted");
});
