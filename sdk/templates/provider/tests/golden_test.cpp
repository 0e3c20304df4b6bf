// Golden test of @NAME@: the built library loaded on the SDK's fake host. Each check compares
// what the plugin did with what the host expects; no network is involved.
#include <gw/cpp/testing.hpp>

#include <cstdio>
#include <string>

namespace {

int failures = 0;

void expect(bool ok, const std::string& what) {
    std::printf("%s %s\n", ok ? "ok  " : "FAIL", what.c_str());
    if (!ok) ++failures;
}

gw::testing::RequestSpec spec() {
    gw::testing::RequestSpec s;
    s.origin_model = "example-model";
    s.base_url = "https://api.example.com/";
    s.api_key = "sk-upstream";
    s.channel_type = @TYPE@;
    return s;
}

}  // namespace

int main() {
    gw::testing::FakeHost host;
    gw::testing::LoadedPlugin plugin(PLUGIN_PATH, host);
    const gw_provider* provider = plugin.create("@PLUGIN_ID@");
    expect(provider != nullptr, "the provider is created");
    if (!provider) return 1;

    {
        gw::testing::Call call(provider, spec());
        auto r = call.build(R"({"model":"example-model","messages":[{"role":"user","content":"hi"}]})");
        expect(r.status == GW_OK, "build_request succeeds");
        expect(r.method == "POST", "POST");
        expect(r.url == "https://api.example.com/v1/chat/completions", "URL joined without a double slash");
        expect(r.header("authorization") == "Bearer sk-upstream", "Bearer key");
        expect(r.original_body, "the client's body is sent as it is");
    }
    {
        gw::testing::Call call(provider, spec());
        call.build("{}");
        auto r = call.respond(200, R"({"choices":[],"usage":{"prompt_tokens":12,"completion_tokens":5}})");
        expect(r.status == GW_OK, "a 200 answer parses");
        expect(r.usage_reported && r.usage.prompt_tokens == 12 && r.usage.completion_tokens == 5, "usage reported");
        expect(r.events.size() == 1 && r.events[0].data.find("choices") != std::string::npos, "the body is emitted");
    }
    {
        gw::testing::Call call(provider, spec());
        call.build("{}");
        auto r = call.respond(401, R"({"error":{"message":"bad key"}})");
        expect(r.status == GW_ERR_UPSTREAM, "a 401 is an upstream error");
        expect(r.error.set && (r.error.flags & GW_ERRF_DISABLE_CHANNEL), "and may disable the channel");
    }
    std::printf("%d failure(s)\n", failures);
    return failures == 0 ? 0 : 1;
}
