// A gateway on a plugin folder of the test's own, watched every second, prepared by the relay
// harness (root, an OpenAI channel on the mock, an API key).
import { startMock } from "../mock/openai_upstream.mjs";
import { prepare, startGateway } from "../relay/harness.mjs";

export async function startOnPluginDir(plugins) {
  const mock = await startMock();
  const gw = await startGateway({ PLUGIN_DIR: plugins, PLUGIN_WATCH_INTERVAL: "1" });
  const { key, call } = await prepare(gw, mock.port, { models: "gpt-4o-mini" });
  return { mock, gw, key, call, async stop() { await gw.stop(); mock.server.close(); } };
}

// Polls `predicate` every 100 ms until it holds; throws after `ms`.
export async function waitFor(what, predicate, ms = 8000) {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 100)))
    if (await predicate()) return;
  throw new Error("timed out waiting for " + what);
}
