#include "http/server_core.hpp"

#include "common/error_text.hpp"
#include "common/json_bounded.hpp"
#include "common/log.hpp"
#include "common/strings.hpp"
#include "http/cors.hpp"
#include "http/responder_state.hpp"
#include "metrics/instruments.hpp"

#include <pistache/http.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <random>

namespace gw::http {

std::string new_request_id() {
    thread_local std::mt19937_64 rng{std::random_device{}()};
    auto now = std::chrono::system_clock::now();
    std::time_t t = std::chrono::system_clock::to_time_t(now);
    std::tm tm{};
    localtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y%m%d%H%M%S", &tm);
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    std::string id = buf;
    for (int i = 0; i < 8; ++i) id += alphabet[rng() % (sizeof alphabet - 1)];
    return id;
}

std::string refusal_body(const std::string& message, const std::string& code) {
    nlohmann::json body = {{"error", {{"message", message}, {"type", "new_api_error"}, {"param", ""}, {"code", code}}}};
    return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

namespace {

bool wants_keep_alive(const HttpRequest& r, bool http11) {
    bool close = false, keep = false;
    for (const std::string& token : split_trimmed(r.header("connection"), ',')) {
        close = close || iequals(token, "close");
        keep = keep || iequals(token, "keep-alive");
    }
    return !close && (http11 || keep);
}

// The request counted under its route's pattern once answered (bounded labels: no raw paths).
std::function<void(int)> metered(const Router::Match& m, const std::string& method,
                                 std::shared_ptr<std::atomic<int64_t>> in_flight, std::function<void()> done) {
    static const std::string unmatched = "(unmatched)";
    return [route = m.route ? m.route : &unmatched, method = metrics::method_label(method),
            start = std::chrono::steady_clock::now(), in_flight = std::move(in_flight),
            done = std::move(done)](int status) {
        --*in_flight;
        metrics::http_answered(method, *route, status,
                               std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        done();
    };
}

}  // namespace

bool Core::on_request(HttpRequest request, bool http11, Pistache::Http::ResponseWriter rw, std::function<void()> done,
                      std::function<void(std::function<void()>)> post, std::optional<Router::Match> route) {
    bool keep_alive = wants_keep_alive(request, http11);
    bool refusing = draining.load();
    if (refusing) keep_alive = false;
    ++*in_flight;
    std::string id = request.request_id.empty() ? new_request_id() : request.request_id;
    if (!route) route = router.match(request);  // a request with a body was matched at its head
    auto state = std::make_shared<ResponderState>(std::move(rw), keep_alive, std::move(id),
                                                  metered(*route, request.method, in_flight, std::move(done)));
    state->post_to_reactor = std::move(post);
    Responder responder(state);
    if (cors_route(request.path)) {
        state->extra_headers = cors_headers(request);
        if (request.method == "OPTIONS") {
            responder.send(204, "", "text/plain", preflight_headers(request));
            return keep_alive;
        }
    }
    if (refusing) {
        responder.send(503, R"({"success":false,"message":"server is shutting down"})");
        return false;
    }
    auto shared = std::make_shared<HttpRequest>(std::move(request));
    shared->request_id = responder.request_id();
    dispatch(shared, responder, route);
    return keep_alive;
}

std::optional<EarlyAnswer> Core::judge_head(HttpRequest& head, std::optional<Router::Match>& route) const {
    Router::Match m = router.match(head);
    if (!m.handler) return router.refusal(m, head);
    if (m.guard)
        if (auto answer = (*m.guard)(head)) return answer;
    route = m;
    return std::nullopt;
}

void Core::refuse(Pistache::Http::ResponseWriter rw, int status, const std::string& body, std::string request_id) {
    // Counted under "(refused)": the request was never read far enough to know its route or method.
    auto state = std::make_shared<ResponderState>(std::move(rw), false, std::move(request_id), [](int answered) {
        metrics::http_answered("OTHER", "(refused)", answered, 0);
    });
    Responder(state).send(status, body);
}

namespace {

void run(const Handler& h, HttpRequest& req, const Responder& res) {
    try {
        h(req, res);
    } catch (const ClientError& e) {
        nlohmann::json body = {{"success", false}, {"message", e.what()}};
        res.send(e.status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    } catch (const std::exception& e) {
        log::error("request " + req.request_id + " " + req.method + " " + req.path + " failed: " + error_text(e));
        res.send(500, R"({"success":false,"message":"internal server error"})");
    }
}

// Built by appending: GCC 12 warns falsely about concatenating raw literals here at -O3.
std::string too_deep_body() {
    std::string body = R"({"success":false,"message":"invalid JSON: nested deeper than )";
    body += std::to_string(kMaxJsonDepth);
    body += R"( levels"})";
    return body;
}

}  // namespace

void Core::dispatch(const std::shared_ptr<HttpRequest>& request, const Responder& responder,
                    const std::optional<Router::Match>& route) {
    // Management bodies are bounded here; relay bodies by the relay's intake, in its dialect.
    if (request->path.starts_with("/api/") && json_too_deep(request->body)) return responder.send(400, too_deep_body());
    const Router::Match& m = *route;
    if (!m.handler) {
        EarlyAnswer r = router.refusal(m, *request);
        return responder.send(r.status, r.body);
    }
    const Handler* handler = m.handler;
    if (m.exec == Exec::inline_) return run(*handler, *request, responder);
    workers.post([handler, request, responder] { run(*handler, *request, responder); });
}

}  // namespace gw::http
