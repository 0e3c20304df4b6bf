#include "cluster/redis_url.hpp"

#include "common/strings.hpp"

namespace gw::cluster {

namespace {

int number(const std::string& text, const char* what, int max) {
    if (text.empty() || text.size() > 6 || text.find_first_not_of("0123456789") != std::string::npos)
        throw RedisUrlError(std::string("REDIS_CONN_STRING: bad ") + what + " \"" + text + "\"");
    int v = std::stoi(text);
    if (v > max) throw RedisUrlError(std::string("REDIS_CONN_STRING: bad ") + what + " \"" + text + "\"");
    return v;
}

}  // namespace

std::string RedisEndpoint::describe() const {
    return host + ":" + std::to_string(port) + "/" + std::to_string(db);
}

RedisEndpoint parse_redis_url(const std::string& url) {
    const std::string scheme = "redis://";
    if (url.rfind("rediss://", 0) == 0) throw RedisUrlError("REDIS_CONN_STRING: TLS (rediss://) is not supported");
    if (url.rfind(scheme, 0) != 0) throw RedisUrlError("REDIS_CONN_STRING must start with redis://");
    std::string rest = url.substr(scheme.size());
    if (auto q = rest.find('?'); q != std::string::npos) rest.resize(q);
    RedisEndpoint e;
    if (auto at = rest.rfind('@'); at != std::string::npos) {
        std::string cred = rest.substr(0, at);
        rest = rest.substr(at + 1);
        auto colon = cred.find(':');
        e.user = percent_decode(cred.substr(0, colon));
        if (colon != std::string::npos) e.password = percent_decode(cred.substr(colon + 1));
    }
    if (auto slash = rest.find('/'); slash != std::string::npos) {
        std::string db = rest.substr(slash + 1);
        if (!db.empty()) e.db = number(db, "database number", 65535);
        rest.resize(slash);
    }
    if (auto colon = rest.rfind(':'); colon != std::string::npos && rest.find(']') == std::string::npos) {
        e.port = number(rest.substr(colon + 1), "port", 65535);
        rest.resize(colon);
    }
    if (!rest.empty()) e.host = rest;
    return e;
}

}  // namespace gw::cluster
