// Golden tests of the wire-format layer: each fixture under tests/fixtures/wire holds a client or
// upstream payload written from the providers' API references and the exact conversion expected
// (requests, whole responses and stream event sequences, through the same entry points the relay
// uses). Generated ids and timestamps read as "*". GOLDEN_UPDATE=1 rewrites the expectations.
#include "wire/convert.hpp"
#include "wire/formats.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

namespace {

namespace fs = std::filesystem;
using gw::wire::ConvertContext;
using gw::wire::Dialect;
using nlohmann::json;

Dialect dialect(const std::string& name) {
    if (name == "claude") return Dialect::claude;
    if (name == "gemini") return Dialect::gemini;
    if (name == "responses") return Dialect::responses;
    return Dialect::chat;
}

// Values that change from run to run: generated ids (a prefix and 24 random characters) and
// timestamps of the conversion itself.
json normalize(json j) {
    static const std::regex generated("^[a-z_-]*[A-Za-z0-9]{24}$");
    if (j.is_object()) {
        for (auto& [k, v] : j.items()) {
            bool stamp = (k == "created" || k == "created_at") && v.is_number();
            bool id = v.is_string() && std::regex_match(v.get<std::string>(), generated);
            v = stamp || id ? json("*") : normalize(std::move(v));
        }
    } else if (j.is_array()) {
        for (auto& v : j) v = normalize(std::move(v));
    }
    return j;
}

// Splits an SSE text into (event, data) pairs.
std::vector<std::pair<std::string, std::string>> split_sse(const std::string& text) {
    std::vector<std::pair<std::string, std::string>> out;
    std::istringstream in(text);
    std::string line, event, data;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) {
            if (!data.empty()) out.emplace_back(event, data);
            event.clear();
            data.clear();
        } else if (line.rfind("event: ", 0) == 0) {
            event = line.substr(7);
        } else if (line.rfind("data: ", 0) == 0) {
            data += line.substr(6);
        }
    }
    if (!data.empty()) out.emplace_back(event, data);
    return out;
}

json run(const json& fixture) {
    std::string kind = fixture["kind"];
    Dialect from = dialect(fixture["from"]), to = dialect(fixture["to"]);
    ConvertContext ctx;
    ctx.model = fixture.value("model", "");
    ctx.stream = fixture.value("stream", false);
    ctx.include_usage = fixture.value("include_usage", false);
    ctx.think_tags = fixture.value("think_tags", false);
    ctx.prompt_tokens = fixture.value("prompt_tokens", 0);
    // The Responses request a converted answer belongs to (its namespaced and custom tools).
    if (fixture.contains("client_request"))
        ctx.responses_tools = gw::wire::responses_tool_origins(fixture["client_request"]);
    const json& input = fixture["input"];
    if (kind == "request") return gw::wire::request_from_hub(to, gw::wire::request_to_hub(from, input, ctx));
    if (kind == "response") return json::parse(gw::wire::convert_response_body(from, to, input.dump(), ctx));
    gw::wire::StreamPipeline pipeline(from, to, ctx);
    std::vector<gw::wire::SseEvent> events;
    for (const auto& [event, data] : split_sse(input.get<std::string>())) pipeline.feed(event, data, events);
    pipeline.finish(events);
    json out = json::array();
    for (const auto& e : events) out.push_back({{"event", e.event}, {"data", json::parse(e.data)}});
    return out;
}

std::vector<fs::path> fixtures() {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(fs::path(FIXTURES_DIR) / "wire"))
        if (entry.path().extension() == ".json") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    return files;
}

class WireGolden : public ::testing::TestWithParam<fs::path> {};

TEST_P(WireGolden, MatchesTheRecordedConversion) {
    std::ifstream in(GetParam());
    json fixture = json::parse(in);
    json actual = normalize(run(fixture));
    if (std::getenv("GOLDEN_UPDATE")) {
        fixture["expected"] = actual;
        std::ofstream(GetParam()) << fixture.dump(2) << "\n";
        GTEST_SKIP() << "expectation rewritten";
    }
    ASSERT_TRUE(fixture.contains("expected")) << "no expectation recorded";
    EXPECT_EQ(actual, fixture["expected"]) << "actual:\n" << actual.dump(2);
}

INSTANTIATE_TEST_SUITE_P(Fixtures, WireGolden, ::testing::ValuesIn(fixtures()),
                         [](const auto& info) { return info.param.stem().string(); });

TEST(WireErrors, ClaudeValidationNamesTheField) {
    json no_max = {{"model", "m"}, {"messages", json::array({{{"role", "user"}, {"content", "x"}}})}};
    try {
        gw::wire::validate_claude_request(no_max);
        FAIL() << "accepted a request without max_tokens";
    } catch (const gw::wire::ConversionError& e) {
        EXPECT_EQ(e.status, 400);
        EXPECT_NE(e.message.find("max_tokens"), std::string::npos);
    }
    json odd = no_max;
    odd["max_tokens"] = 5;
    odd["messages"][0]["content"] = json::array({{{"type", "hologram"}}});
    EXPECT_THROW(gw::wire::validate_claude_request(odd), gw::wire::ConversionError);
}

TEST(WireErrors, EachDialectHasItsErrorShape) {
    json claude = json::parse(gw::wire::error_body(Dialect::claude, 429, "slow down", "x", ""));
    EXPECT_EQ(claude["type"], "error");
    EXPECT_EQ(claude["error"]["type"], "rate_limit_error");
    json gemini = json::parse(gw::wire::error_body(Dialect::gemini, 400, "bad", "x", ""));
    EXPECT_EQ(gemini["error"]["code"], 400);
    EXPECT_EQ(gemini["error"]["status"], "INVALID_ARGUMENT");
    json openai = json::parse(gw::wire::error_body(Dialect::chat, 401, "no", "new_api_error", ""));
    EXPECT_EQ(openai["error"]["type"], "new_api_error");
    EXPECT_TRUE(openai["error"]["code"].is_null());
}

}  // namespace
