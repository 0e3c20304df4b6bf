// The conformance kit itself: it passes a first-party plugin and fails a plugin that blocks in a
// hook, emits nothing, reports no usage, fails without flags and claims an unknown capability.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import path from "node:path";

const RUNNER = process.env.CONFORMANCE_RUNNER;
const FIXTURES = path.join(process.env.SOURCE_DIR, "plugins/provider-openai/tests/conformance");
const runner = (plugin) => spawnSync(RUNNER, [plugin, FIXTURES], { encoding: "utf8" });

test("a first-party plugin passes", () => {
  const r = runner(path.join(process.env.PLUGIN_DIR, "provider-openai.so"));
  assert.equal(r.status, 0, r.stdout);
  assert.match(r.stdout, /ok {3}4 threads x 25 rounds/);
});

test("a sloppy plugin fails on every broken rule", () => {
  const r = runner(path.join(process.env.FIXTURE_PLUGIN_DIR, "fixture_sloppy.so"));
  assert.equal(r.status, 1, r.stdout);
  for (const rule of [/FAIL org\.test\.sloppy: known capability telepathy/,
                      /FAIL openai: chat completion with usage: every hook returns within 50 ms/,
                      /FAIL openai: chat completion with usage: output is emitted/,
                      /FAIL openai: chat completion with usage: usage is reported/,
                      /FAIL openai: a 401 sets the error sink: the error sink is set, with flags/])
    assert.match(r.stdout, rule);
});
