// Golden tests of the rerank plugin through its built library on the SDK's fake host: the
// upstream requests for Cohere and Jina, and their answers normalised with usage.
#include <gw/cpp/testing.hpp>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <string>

namespace {

using nlohmann::json;
int failures = 0;

void expect(bool ok, const std::string& what) {
    std::printf("%s %s\n", ok ? "ok  " : "FAIL", what.c_str());
    if (!ok) ++failures;
}

gw::testing::RequestSpec spec(int type) {
    gw::testing::RequestSpec s;
    s.api = GW_API_RERANK;
    s.channel_type = type;
    s.origin_model = "rerank-public";
    s.upstream_model = "rerank-v3.5";
    s.base_url = "https://api.example.com/";
    s.api_key = "sk-up";
    return s;
}

const char* kClient = R"({"model":"rerank-public","query":"capital of France","documents":["Paris","Berlin"]})";

void cohere(const gw_provider* p) {
    gw::testing::Call call(p, spec(34));
    auto r = call.build(kClient);
    json body = json::parse(r.body);
    expect(r.status == GW_OK && r.url == "https://api.example.com/v1/rerank", "Cohere: POST {base}/v1/rerank");
    expect(r.header("authorization") == "Bearer sk-up", "Cohere: Bearer key");
    expect(body["model"] == "rerank-v3.5" && body["top_n"] == 1 && body["return_documents"] == true,
           "Cohere: mapped model, top_n 1 by default, documents returned");
    auto a = call.respond(200, R"({"id":"x","results":[{"index":0,"relevance_score":0.98,"document":{"text":"Paris"}}],
                                   "meta":{"billed_units":{"search_units":1,"input_tokens":21}}})");
    json out = json::parse(a.events.at(0).data);
    expect(out["results"][0]["index"] == 0 && out["results"][0]["document"]["text"] == "Paris",
           "Cohere: results kept with their documents");
    expect(a.usage_reported && a.usage.prompt_tokens == 21 && out["usage"]["total_tokens"] == 21,
           "Cohere: billed input tokens are the usage");
}

void cohere_search_units_only(const gw_provider* p) {
    gw::testing::Call call(p, spec(34));
    call.build(kClient);
    auto a = call.respond(
        200, R"({"results":[{"index":1,"relevance_score":0.1}],"meta":{"billed_units":{"search_units":1}}})");
    expect(a.status == GW_OK && !a.usage_reported, "Cohere: no token counts, the host estimates");
}

void jina(const gw_provider* p) {
    gw::testing::Call call(p, spec(38));
    auto r = call.build(
        R"({"model":"x","query":"q","documents":[{"text":"a"},{"text":"b"}],"top_n":2,"return_documents":false})");
    json body = json::parse(r.body);
    expect(body["top_n"] == 2 && body["return_documents"] == false && !body.contains("max_chunks_per_doc"),
           "Jina: the client's fields pass as given");
    auto a = call.respond(200, R"({"model":"jina-reranker-v2-base-multilingual","usage":{"total_tokens":15},
                                   "results":[{"index":1,"relevance_score":0.7},{"index":0,"relevance_score":0.2}]})");
    json out = json::parse(a.events.at(0).data);
    expect(out["results"].size() == 2 && !out["results"][0].contains("document"), "Jina: results normalised");
    expect(a.usage_reported && a.usage.prompt_tokens == 15, "Jina: total_tokens are prompt tokens");
}

void errors(const gw_provider* p) {
    gw::testing::Call bad(p, spec(34));
    auto r = bad.build(R"({"model":"x","documents":["a"]})");
    expect(r.status == GW_ERR_BAD_ARGUMENT && (r.error.flags & GW_ERRF_CLIENT_FAULT), "no query: the client's fault");
    gw::testing::Call up(p, spec(38));
    up.build(kClient);
    auto a = up.respond(401, R"({"detail":"Invalid API key"})");
    expect(a.status == GW_ERR_UPSTREAM && a.error.message == "Invalid API key" &&
               (a.error.flags & GW_ERRF_DISABLE_CHANNEL),
           "upstream 401: its message, may disable the channel");
}

}  // namespace

int main() {
    gw::testing::FakeHost host;
    gw::testing::LoadedPlugin plugin(PLUGIN_PATH, host);
    const gw_provider* p = plugin.create("org.newapi.provider.rerank");
    expect(p != nullptr, "the provider is created");
    if (!p) return 1;
    cohere(p);
    cohere_search_units_only(p);
    jina(p);
    errors(p);
    std::printf("%d failure(s)\n", failures);
    return failures == 0 ? 0 : 1;
}
