// Method + path routing with ":name" parameters and a trailing "*" wildcard. A route is either
// inline (runs on the reactor thread; must not block) or blocking (runs on the worker pool).
#pragma once

#include "http/request.hpp"
#include "http/responder.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace gw::http {

using Handler = std::function<void(HttpRequest&, const Responder&)>;

enum class Exec { inline_, worker };

// An answer given from the request head alone, before the body is read (the connection closes).
struct EarlyAnswer {
    int status;
    std::string body;
};
// Judges a head before its body is read (e.g. the relay's key check), on the reactor thread:
// it must not block. nullopt lets the body be read.
// head.request_id is the id the answer will carry.
using HeadGuard = std::function<std::optional<EarlyAnswer>(const HttpRequest& head)>;

class Router {
public:
    void add(const std::string& method, const std::string& pattern, Handler h, Exec exec = Exec::worker,
             HeadGuard guard = {});
    void get(const std::string& p, Handler h, Exec e = Exec::worker) { add("GET", p, std::move(h), e); }
    void post(const std::string& p, Handler h, Exec e = Exec::worker, HeadGuard g = {}) {
        add("POST", p, std::move(h), e, std::move(g));
    }
    void put(const std::string& p, Handler h, Exec e = Exec::worker) { add("PUT", p, std::move(h), e); }
    void del(const std::string& p, Handler h, Exec e = Exec::worker) { add("DELETE", p, std::move(h), e); }

    // Serves GET/HEAD requests no route matches (the web UI); runs inline, so it must not block.
    void fallback(Handler h) { fallback_ = std::move(h); }
    // The answer for a path no route knows, when it has one of its own (the relay's paths answer
    // in the client's error format); consulted before the fallback, on the reactor thread.
    void not_found(HeadGuard answer) { not_found_ = std::move(answer); }

    // Replaces the handler of an already registered route with wrap(handler); false when absent.
    bool decorate(const std::string& method, const std::string& pattern, const std::function<Handler(Handler)>& wrap);

    struct Match {
        const Handler* handler = nullptr;
        Exec exec = Exec::worker;
        const HeadGuard* guard = nullptr;  // set when the route has one
        bool path_known = false;           // some route matched the path with another method
        const std::string* route = nullptr;  // the matched pattern ("(static)" for the fallback)
    };
    // Fills req.params on success.
    Match match(HttpRequest& req) const;
    // The not_found answer, else 405 for a known path, else a JSON 404.
    EarlyAnswer refusal(const Match& m, const HttpRequest& req) const;

private:
    struct Route {
        std::string method, pattern;
        std::vector<std::string> segments;
        Handler handler;
        Exec exec;
        HeadGuard guard;
    };
    std::vector<Route> routes_;
    Handler fallback_;
    HeadGuard not_found_;
};

std::vector<std::string> split_path(const std::string& path);

}  // namespace gw::http
