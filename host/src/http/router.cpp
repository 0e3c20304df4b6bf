#include "http/router.hpp"

#include <algorithm>
#include <unordered_map>

namespace gw::http {

std::vector<std::string> split_path(const std::string& path) {
    std::vector<std::string> out;
    size_t i = 0;
    while (i < path.size()) {
        size_t j = path.find('/', i);
        if (j == std::string::npos) j = path.size();
        if (j > i) out.push_back(path.substr(i, j - i));
        i = j + 1;
    }
    return out;
}

namespace {
// Segment by segment, a literal outranks a :param, which outranks *.
std::vector<int> specificity(const std::vector<std::string>& segments) {
    std::vector<int> key;
    for (const auto& s : segments) key.push_back(s == "*" ? 2 : (!s.empty() && s[0] == ':') ? 1 : 0);
    return key;
}
}  // namespace

// Routes stay ordered so the most specific match comes first (/api/channel/test before
// /api/channel/:id), whatever the registration order.
void Router::add(const std::string& method, const std::string& pattern, Handler h, Exec exec, HeadGuard guard) {
    routes_.push_back({method, pattern, split_path(pattern), std::move(h), exec, std::move(guard)});
    std::stable_sort(routes_.begin(), routes_.end(),
                     [](const Route& a, const Route& b) { return specificity(a.segments) < specificity(b.segments); });
}

bool Router::decorate(const std::string& method, const std::string& pattern,
                      const std::function<Handler(Handler)>& wrap) {
    std::vector<std::string> segments = split_path(pattern);
    for (Route& r : routes_)
        if (r.method == method && r.segments == segments) {
            r.handler = wrap(std::move(r.handler));
            return true;
        }
    return false;
}

namespace {

bool match_segments(const std::vector<std::string>& pattern, const std::vector<std::string>& path,
                    std::unordered_map<std::string, std::string>& params) {
    for (size_t i = 0; i < pattern.size(); ++i) {
        const std::string& p = pattern[i];
        if (p == "*") {
            std::string rest;
            for (size_t k = i; k < path.size(); ++k) rest += (k > i ? "/" : "") + path[k];
            params["*"] = rest;
            return true;
        }
        if (i >= path.size()) return false;
        if (!p.empty() && p[0] == ':')
            params[p.substr(1)] = path[i];
        else if (p != path[i])
            return false;
    }
    return pattern.size() == path.size();
}

}  // namespace

Router::Match Router::match(HttpRequest& req) const {
    Match m;
    std::vector<std::string> path = split_path(req.path);
    for (const Route& r : routes_) {
        std::unordered_map<std::string, std::string> params;
        if (!match_segments(r.segments, path, params)) continue;
        if (r.method != req.method) {
            m.path_known = true;
            continue;
        }
        req.params = std::move(params);
        m.handler = &r.handler;
        m.exec = r.exec;
        m.route = &r.pattern;
        if (r.guard) m.guard = &r.guard;
        return m;
    }
    bool answered_elsewhere = not_found_ && not_found_(req).has_value();  // e.g. the relay's own 404s
    if (fallback_ && !m.path_known && (req.method == "GET" || req.method == "HEAD") && !answered_elsewhere) {
        static const std::string static_route = "(static)";
        m.handler = &fallback_;
        m.exec = Exec::inline_;
        m.route = &static_route;
    }
    return m;
}

// The not_found answer first: New API answers an unknown path and a known path with another
// method alike (404 "Invalid URL") on its API prefixes.
EarlyAnswer Router::refusal(const Match& m, const HttpRequest& req) const {
    if (not_found_)
        if (auto answer = not_found_(req)) return *answer;
    if (m.path_known) return {405, R"({"success":false,"message":"method not allowed"})"};
    return {404, R"({"success":false,"message":"not found"})"};
}

}  // namespace gw::http
