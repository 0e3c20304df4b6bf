#include "http/request.hpp"

#include "common/strings.hpp"

namespace gw::http {

std::string_view HttpRequest::header(std::string_view name) const {
    for (const auto& [n, v] : headers)
        if (iequals(n, name)) return v;
    return {};
}

std::optional<std::string> HttpRequest::query_param(std::string_view name) const {
    for (const auto& [n, v] : query)
        if (n == name) return v;
    return std::nullopt;
}

std::string HttpRequest::param(const std::string& name) const {
    auto it = params.find(name);
    return it == params.end() ? std::string() : it->second;
}

}  // namespace gw::http
