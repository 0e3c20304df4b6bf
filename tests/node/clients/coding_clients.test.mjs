// The real coding clients, installed from npm (package.json here), run non-interactively through
// the gateway on a native and a converted channel each, with one tool round trip: the agent
// mock asks for a shell command through the client's own shell tool, the client runs it and
// sends the result back, and the mock's final answer quotes it. Clients stay offline: every URL
// they are given points at the gateway, whose channels point at the mock.
//   Claude Code  /v1/messages       on Anthropic (native) and on an OpenAI chat channel
//   Codex CLI    /v1/responses      on OpenAI Responses (native) and on Anthropic
//   Gemini CLI   :streamGenerateContent on Gemini (native) and on an OpenAI chat channel
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startAgentMock } from "../mock/agent_upstream.mjs";
import { prepare, startGateway } from "../relay/harness.mjs";

const bin = path.join(path.dirname(fileURLToPath(import.meta.url)), "node_modules", ".bin");
let mock, gw, key, call;

before(async () => {
  mock = await startAgentMock();
  gw = await startGateway({ BATCH_UPDATE_INTERVAL: "1" });
  ({ key, call } = await prepare(gw, mock.port, { models: "gpt-4.1,gpt-5-codex", selfUse: true }));
  for (const [type, name, models] of [[14, "anthropic", "claude-sonnet-4-5"], [24, "gemini", "gemini-2.5-flash"]]) {
    const ch = await call("POST", "/api/channel/", { mode: "single", channel: {
      type, name, key: "sk-agent", base_url: `http://127.0.0.1:${mock.port}`, models, group: "default" } });
    assert.ok(ch.success, JSON.stringify(ch));
  }
});

after(async () => {
  await gw.stop();
  mock.server.close();
});

// Runs a client in a fresh home and working directory; resolves with its output.
function run(command, args, env) {
  const home = mkdtempSync(path.join(os.tmpdir(), "gw-client-"));
  const cwd = path.join(home, "work");
  mkdirSync(cwd);
  return new Promise((resolve) => {
    const child = spawn(path.join(bin, command), args, {
      cwd, env: { PATH: process.env.PATH, HOME: home, TERM: "dumb", NO_COLOR: "1", ...env(home) }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), 150000);
    child.on("close", (code) => { clearTimeout(timer); resolve({ code, out }); });
  });
}

const claudeCode = (model) => run("claude", ["-p", "Run the marker command and report its output", "--model", model, "--allowedTools", "Bash"],
  () => ({ ANTHROPIC_BASE_URL: gw.base, ANTHROPIC_API_KEY: key, ANTHROPIC_DEFAULT_HAIKU_MODEL: model, DISABLE_TELEMETRY: "1",
           CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1", DISABLE_AUTOUPDATER: "1" }));

function codex(model) {
  return run("codex", ["exec", "--skip-git-repo-check", "--dangerously-bypass-approvals-and-sandbox", "Run the marker command and report its output"],
    (home) => {
      const dir = path.join(home, ".codex");
      mkdirSync(dir);
      writeFileSync(path.join(dir, "config.toml"), [`model = "${model}"`, `model_provider = "gw"`, "", "[model_providers.gw]",
        `name = "gateway"`, `base_url = "${gw.base}/v1"`, `env_key = "GW_KEY"`, `wire_api = "responses"`, ""].join("\n"));
      return { CODEX_HOME: dir, GW_KEY: key };
    });
}

function geminiCli(model) {
  return run("gemini", ["-p", "Run the marker command and report its output", "-m", model, "--yolo"], (home) => {
    mkdirSync(path.join(home, ".gemini"));
    writeFileSync(path.join(home, ".gemini", "settings.json"), JSON.stringify({
      security: { auth: { selectedType: "gemini-api-key" }, folderTrust: { enabled: false } },
      privacy: { usageStatisticsEnabled: false }, telemetry: { enabled: false },
      general: { disableAutoUpdate: true, disableUpdateNag: true } }));
    return { GEMINI_API_KEY: key, GOOGLE_GEMINI_BASE_URL: gw.base };
  });
}

// The client finished the round trip: the command's output came back through the gateway in
// the tool result, and the final answer quoting it reached the client.
async function roundTrip(client, model, upstreamApi) {
  const seen = mock.requests.length;
  const { code, out } = await client(model);
  assert.equal(code, 0, out.slice(-2000));
  assert.match(out, /AGENT-DONE: .*gw-tool-ok/, out.slice(-2000));
  const mine = mock.requests.slice(seen).filter((r) => r.body.model === model || r.url.includes(model));
  assert.ok(mine.length >= 2, `the upstream saw ${mine.length} calls for ${model}`);
  assert.ok(mine.every((r) => r.api === upstreamApi), mine.map((r) => r.api).join(","));
  return mine;
}

test("Claude Code on an Anthropic channel (native /v1/messages)", { timeout: 180000 }, async () => {
  await roundTrip(claudeCode, "claude-sonnet-4-5", "claude");
});

test("Claude Code on an OpenAI chat channel (converted)", { timeout: 180000 }, async () => {
  const calls = await roundTrip(claudeCode, "gpt-4.1", "chat");
  for (const c of calls) assert.equal(c.body.user, undefined, "Claude Code's metadata.user_id stays out of OpenAI's user");
});

test("Codex CLI on OpenAI Responses (native)", { timeout: 180000 }, async () => {
  await roundTrip(codex, "gpt-5-codex", "responses");
});

test("Codex CLI on an Anthropic channel (converted, namespaced tools kept)", { timeout: 180000 }, async () => {
  const calls = await roundTrip(codex, "claude-sonnet-4-5", "claude");
  const names = calls[0].body.tools.map((t) => t.name);
  assert.ok(names.includes("exec_command"), names.join(","));
  assert.ok(names.some((n) => n.includes("__")), "a namespace's tools arrive as <namespace>__<name>: " + names.join(","));
});

test("Gemini CLI on a Gemini channel (native)", { timeout: 180000 }, async () => {
  await roundTrip(geminiCli, "gemini-2.5-flash", "gemini");
});

test("Gemini CLI on an OpenAI chat channel (converted)", { timeout: 180000 }, async () => {
  await roundTrip(geminiCli, "gpt-4.1", "chat");
});

test("every round trip was billed", async () => {
  await new Promise((r) => setTimeout(r, 1500));
  const logs = (await call("GET", "/api/log/?p=1&page_size=100&type=2")).data.items;
  for (const model of ["claude-sonnet-4-5", "gpt-4.1", "gpt-5-codex", "gemini-2.5-flash"])
    assert.ok(logs.filter((l) => l.model_name === model).length >= 2, `consume logs for ${model}`);
});
