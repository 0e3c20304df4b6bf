// The plugin conformance runner: loads a built provider plugin on the SDK's fake host and checks
// the ABI contract against recorded fixtures. Built by gw_add_conformance_test() (GwPlugin.cmake).
//   gw_conformance <plugin.so> <fixture dir>
// Each fixture (*.json) is one request:
//   {"name": "...", "provider": "<id, optional>",
//    "request": {"api": "chat|responses|embeddings|rerank|completions", "body_wire": "openai|claude|gemini",
//                "stream": false, "channel_type": 1, "origin_model": "...", "base_url": "...", "body": {...}},
//    "upstream": {"status": 200, "headers": {...}, "body": {...} | "text", "sse": "data: ...\n\n"},
//    "expect": {"ok": true, "usage": true}}
// A task fixture (api "task", with "client_path" such as "/mj/submit/imagine") runs estimate,
// build_submit and parse_submit on the upstream answer, then, with "poll": {"ids": [...],
// "upstream": {...}}, build_fetch and parse_fetch. It succeeds when estimate names a model, the
// submit answer gives a task id and every polled id gets a result.
// Checks: the descriptor (ids, versions, channel types, known capabilities, config schema JSON);
// per fixture, no exception escapes a hook, each hook returns within the time budget (hooks are
// pure CPU), build_request gives a method and an http(s) URL, a success emits output (and usage
// when expected), a failure sets the error sink with flags; then every fixture again from four
// threads at once on one provider instance ([any]: instances serve concurrent requests), with
// the same results.
#include "gw_conformance_payment.hpp"

#include <gw/cpp/task_testing.hpp>
#include <gw/cpp/testing.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace {

using nlohmann::json;
namespace fs = std::filesystem;
using gw::testing::Call;
using gw::testing::ParseResult;

constexpr auto kHookBudget = std::chrono::milliseconds(50);
int failures = 0;

void check(bool ok, const std::string& what) {
    std::printf("%s %s\n", ok ? "ok  " : "FAIL", what.c_str());
    if (!ok) ++failures;
}

const std::set<std::string> kCapabilities = {"chat",        "chat.stream", "completions", "responses",   "embeddings",
                                             "rerank",      "images",      "audio",       "moderations", "task",
                                             "task.mj",     "task.suno",   "task.video",  "realtime",    "wire.openai",
                                             "wire.claude", "wire.gemini"};

std::string text(const char* s) {
    return s ? s : "";
}

void check_descriptor(const gw_provider_descriptor* d) {
    std::string id = text(d->id);
    check(id.find('.') != std::string::npos, "descriptor " + id + ": reverse-DNS id");
    check(!text(d->name).empty() && !text(d->version).empty(), id + ": name and version");
    int types = 0;
    for (auto t = d->channel_types; t && *t; ++t, ++types)
        check((*t)->type_id > 0 && !text((*t)->name).empty(), id + ": channel type " + std::to_string((*t)->type_id));
    check(types > 0, id + ": declares channel types");
    for (auto c = d->capabilities; c && *c; ++c) check(kCapabilities.count(*c) > 0, id + ": known capability " + *c);
    std::string schema = text(d->config_schema_json);
    if (!schema.empty()) {
        json j = json::parse(schema, nullptr, false);
        check(j.is_object() && (!j.contains("type") || j["type"] == "object"),
              id + ": config schema is a JSON Schema of an object (or {} for none)");
    }
}

gw_api_kind api_of(const std::string& s) {
    if (s == "responses") return GW_API_RESPONSES;
    if (s == "embeddings") return GW_API_EMBEDDINGS;
    if (s == "rerank") return GW_API_RERANK;
    if (s == "completions") return GW_API_COMPLETIONS;
    if (s == "task") return GW_API_TASK;
    return GW_API_CHAT;
}

gw_wire wire_of(const std::string& s) {
    if (s == "claude") return GW_WIRE_CLAUDE;
    if (s == "gemini") return GW_WIRE_GEMINI;
    return GW_WIRE_OPENAI;
}

struct Fixture {
    std::string name, provider;
    gw::testing::RequestSpec spec;
    std::string body, upstream_body, sse, poll_ids, poll_body;
    int status = 200, poll_status = 200;
    std::vector<std::pair<std::string, std::string>> headers;
    bool ok = true, usage = false;
};

std::string body_text(const json& b) {
    return b.is_string() ? b.get<std::string>() : b.dump();
}

Fixture read_fixture(const fs::path& file) {
    json j = json::parse(std::ifstream(file));
    Fixture f;
    f.name = j.value("name", file.filename().string());
    f.provider = j.value("provider", "");
    const json& r = j.at("request");
    f.spec.api = api_of(r.value("api", "chat"));
    f.spec.body_wire = f.spec.client_wire = wire_of(r.value("body_wire", "openai"));
    f.spec.stream = r.value("stream", false);
    f.spec.channel_type = r.value("channel_type", 1);
    f.spec.origin_model = r.value("origin_model", "");
    f.spec.base_url = r.value("base_url", "https://upstream.example.com");
    f.spec.api_key = r.value("api_key", "sk-conformance");
    if (r.contains("client_path")) f.spec.client_path = r["client_path"].get<std::string>();
    f.body = r.at("body").dump();
    const json& u = j.at("upstream");
    f.status = u.value("status", 200);
    const json headers = u.value("headers", json::object());  // a local: items() must not outlive it
    for (const auto& [k, v] : headers.items()) f.headers.push_back({k, v.get<std::string>()});
    if (u.contains("sse")) f.sse = u["sse"].get<std::string>();
    if (u.contains("body")) f.upstream_body = body_text(u["body"]);
    if (j.contains("poll")) {
        f.poll_ids = j["poll"].at("ids").dump();
        f.poll_status = j["poll"].at("upstream").value("status", 200);
        f.poll_body = body_text(j["poll"]["upstream"].value("body", json("")));
    }
    const json e = j.value("expect", json::object());
    f.ok = e.value("ok", f.status < 400);
    f.usage = e.value("usage", false);
    return f;
}

// One run of a fixture; the text is what a concurrent run must reproduce.
struct Outcome {
    std::string summary;
    bool threw = false;
    std::chrono::nanoseconds slowest{0};
};

template <class F>
auto timed(Outcome& o, F&& f) {
    auto start = std::chrono::steady_clock::now();
    auto result = f();
    o.slowest = std::max(o.slowest, std::chrono::steady_clock::now() - start);
    return result;
}

std::string task_line(const char* what, const gw::testing::TaskReport& r) {
    std::string line = std::string(what) + " " + std::to_string(r.status) + " model " +
                       (r.model.empty() ? "none" : r.model) + " results " + std::to_string(r.results.size()) +
                       " error " + (r.error.set ? std::to_string(r.error.flags) : "none") + " client " +
                       std::to_string(r.client_status) + "\n";
    for (const auto& t : r.results)
        line += "task " + t.task_id + " " + std::to_string(t.state) + " " + std::to_string(t.progress) + "\n";
    return line;
}

void run_task(const gw_provider* p, const Fixture& f, Outcome& o) {
    gw::testing::TaskCall call(p, f.spec);
    auto estimate = timed(o, [&] { return call.estimate(f.body); });
    o.summary = task_line("estimate", estimate);
    auto built = timed(o, [&] { return call.submit(f.body); });
    o.summary = "build " + std::to_string(built.status) + " " + built.method + " " + built.url + "\n" + o.summary;
    if (built.status != GW_OK) return;
    o.summary += task_line("parse", timed(o, [&] { return call.submit_answer(f.status, f.upstream_body); }));
    if (f.poll_ids.empty()) return;
    auto poll = timed(o, [&] { return call.fetch(f.poll_ids); });
    o.summary += "poll " + std::to_string(poll.status) + " " + poll.method + " " + poll.url + "\n";
    if (poll.status == GW_OK)
        o.summary += task_line("polled", timed(o, [&] { return call.fetch_answer(f.poll_status, f.poll_body); }));
}

Outcome run(const gw_provider* p, const Fixture& f) {
    Outcome o;
    if (f.spec.api == GW_API_TASK) {
        try {
            run_task(p, f, o);
        } catch (...) {
            o.threw = true;
        }
        return o;
    }
    try {
        Call call(p, f.spec);
        auto built = timed(o, [&] { return call.build(f.body); });
        o.summary = "build " + std::to_string(built.status) + " " + built.method + " " + built.url + "\n";
        if (built.status != GW_OK) return o;
        ParseResult r = timed(o, [&] {
            return f.sse.empty() ? call.respond(f.status, f.upstream_body, f.headers)
                                 : call.stream(f.status, f.sse, f.headers);
        });
        o.summary +=
            "parse " + std::to_string(r.status) + " events " + std::to_string(r.events.size()) + " usage " +
            (r.usage_reported ? std::to_string(r.usage.prompt_tokens) + "/" + std::to_string(r.usage.completion_tokens)
                              : "none") +
            " error " + (r.error.set ? std::to_string(r.error.flags) : "none") + "\n";
        for (const auto& e : r.events) o.summary += e.event + "|" + e.data + "\n";
    } catch (...) {
        o.threw = true;  // Call throws only when begin fails; anything else escaped the plugin
    }
    return o;
}

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// The summary line that starts with `prefix` ("estimate ", "parse ", ...), or "".
std::string line_of(const std::string& s, const std::string& prefix) {
    size_t at = s.rfind(prefix, 0) == 0 ? 0 : s.find("\n" + prefix);
    if (at == std::string::npos) return "";
    if (at > 0) ++at;
    return s.substr(at, s.find('\n', at) - at);
}

void check_task(const Fixture& f, const std::string& s) {
    std::string parse = line_of(s, "parse ");
    if (!f.ok) {
        check(!parse.empty() && !has(parse, "parse 0 "), f.name + ": a refused submit is not GW_OK");
        check(!has(parse, "error none") || !has(parse, "client 0"),
              f.name + ": a refusal sets the error sink or answers the client");
        return;
    }
    std::string estimate = line_of(s, "estimate ");
    check(has(estimate, "estimate 0 ") && !has(estimate, "model none"), f.name + ": estimate names the model billed");
    check(has(parse, "parse 0 ") && has(s, "\ntask "), f.name + ": the submit answer gives a task id");
    if (f.poll_ids.empty()) return;
    size_t ids = json::parse(f.poll_ids).size();
    check(has(line_of(s, "poll "), "poll 0 ") && has(line_of(s, "poll "), " http"),
          f.name + ": build_fetch gives a method and an http(s) URL");
    std::string polled = line_of(s, "polled ");
    check(has(polled, "polled 0 ") && has(polled, " results " + std::to_string(ids) + " "),
          f.name + ": every polled id gets a result");
}

void check_fixture(const gw_provider* p, const Fixture& f, std::string& expected) {
    Outcome o = run(p, f);
    check(!o.threw, f.name + ": no exception escapes (begin succeeds)");
    check(o.slowest < kHookBudget, f.name + ": every hook returns within " + std::to_string(kHookBudget.count()) +
                                       " ms (pure CPU, no blocking)");
    bool built = o.summary.rfind("build 0 ", 0) == 0;
    check(built, f.name + ": build_request succeeds");
    check(o.summary.find(" http") != std::string::npos, f.name + ": a method and an http(s) URL");
    if (f.spec.api == GW_API_TASK) {
        check_task(f, o.summary);
    } else if (f.ok) {
        check(o.summary.find("parse 0 ") != std::string::npos, f.name + ": the answer parses");
        check(o.summary.find(" events 0 ") == std::string::npos, f.name + ": output is emitted");
        if (f.usage) check(o.summary.find("usage none") == std::string::npos, f.name + ": usage is reported");
    } else {
        check(o.summary.find("parse 0 ") == std::string::npos, f.name + ": a failure is not GW_OK");
        check(o.summary.find("error none") == std::string::npos && o.summary.find("error 0\n") == std::string::npos,
              f.name + ": the error sink is set, with flags");
    }
    expected = o.summary;
}

// [any]: one instance serves concurrent requests; the results must not depend on interleaving.
void check_concurrency(const std::vector<const gw_provider*>& providers, const std::vector<Fixture>& fixtures,
                       const std::vector<std::string>& expected) {
    std::atomic<int> mismatches{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&] {
            for (int round = 0; round < 25; ++round)
                for (size_t i = 0; i < fixtures.size(); ++i)
                    if (run(providers[i], fixtures[i]).summary != expected[i]) ++mismatches;
        });
    for (auto& t : threads) t.join();
    check(mismatches == 0, "4 threads x 25 rounds on one instance give the sequential results");
}

}  // namespace

namespace conformance {
void check(bool ok, const std::string& what) {
    ::check(ok, what);
}
}  // namespace conformance

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: %s <plugin.so> <fixture dir>\n", argv[0]);
        return 2;
    }
    gw::testing::FakeHost host;
    gw::testing::give_crypto(host);
    gw::testing::LoadedPlugin plugin(argv[1], host);
    const gw_provider_factory* factory = plugin.providers();
    auto* payments = static_cast<const gw_payment_factory*>(plugin.entry().get_factory(GW_FACTORY_PAYMENT));
    uint32_t n_providers = factory ? factory->count(factory) : 0;
    uint32_t n_payments = payments ? payments->count(payments) : 0;
    check(n_providers + n_payments > 0, "the plugin provides providers or payment methods");
    for (uint32_t i = 0; i < n_providers; ++i) check_descriptor(factory->get(factory, i));
    for (uint32_t i = 0; i < n_payments; ++i) conformance::check_payment_descriptor(payments->get(payments, i));

    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(argv[2]))
        if (e.path().extension() == ".json") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    check(!files.empty(), std::string("fixtures in ") + argv[2]);
    std::string first_id = n_providers ? text(factory->get(factory, 0)->id) : "";
    std::vector<Fixture> fixtures;
    std::vector<std::string> expected;
    std::vector<const gw_provider*> providers;
    for (const auto& file : files) {
        json raw = json::parse(std::ifstream(file));
        if (raw.contains("payment")) {
            conformance::check_payment_fixture(host, plugin, raw, raw.value("name", file.filename().string()));
            continue;
        }
        fixtures.push_back(read_fixture(file));
        std::string id = fixtures.back().provider.empty() ? first_id : fixtures.back().provider;
        providers.push_back(plugin.create(id));
        expected.emplace_back();
        check_fixture(providers.back(), fixtures.back(), expected.back());
    }
    if (!fixtures.empty()) check_concurrency(providers, fixtures, expected);
    std::printf("%d failure(s)\n", failures);
    return failures == 0 ? 0 : 1;
}
