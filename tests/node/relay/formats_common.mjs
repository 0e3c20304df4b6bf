// One gateway with an OpenAI, an Anthropic and a Gemini channel, all on the same mock upstream
// (it speaks each provider's API), for the cross-format compatibility suites.
import { startMock } from "../mock/openai_upstream.mjs";
import { prepare, startGateway } from "./harness.mjs";

export const OPENAI_MODELS = "gpt-4o-mini,tools,no-usage,text-embedding-3-small,codex-mini,drop-mid";
export const CLAUDE_MODELS = "claude-sonnet-4-0,claude-sonnet-4-0-thinking,claude-tools,claude-thinking,claude-cached,claude-overloaded";
export const GEMINI_MODELS = "gemini-2.5-flash,gemini-tools,gemini-thinking,gemini-2.5-flash-thinking-*,text-embedding-004";

export async function startFormats() {
  const mock = await startMock();
  const gw = await startGateway();
  const ctx = await prepare(gw, mock.port, { models: OPENAI_MODELS });
  const base_url = `http://127.0.0.1:${mock.port}`;
  const add = async (type, name, models, extra = {}) => {
    const r = await ctx.call("POST", "/api/channel/", { mode: "single", channel: {
      type, name, key: "upstream-key", base_url, models, group: "default", ...extra } });
    if (!r.success) throw new Error(JSON.stringify(r));
    return r.data[0];
  };
  const claude = await add(14, "claude", CLAUDE_MODELS);
  const gemini = await add(24, "gemini", GEMINI_MODELS);
  const lastUpstream = async () => {
    const seen = await (await fetch(`${base_url}/_mock/requests`)).json();
    return seen[seen.length - 1];
  };
  return { mock, gw, ...ctx, channels: { claude, gemini }, lastUpstream,
           async stop() { await gw.stop(); mock.server.close(); } };
}
