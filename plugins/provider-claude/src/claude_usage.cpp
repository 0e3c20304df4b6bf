#include "claude_usage.hpp"

namespace claude_plugin {
namespace {

bool read(const nlohmann::json& o, const char* key, int64_t& out) {
    auto it = o.find(key);
    if (it == o.end() || !it->is_number_integer()) return false;
    out = it->get<int64_t>();
    return true;
}

}  // namespace

void merge_usage(const nlohmann::json& u, gw_usage& into) {
    into.struct_size = sizeof(gw_usage);
    into.prompt_includes_cache = 0;
    read(u, "input_tokens", into.prompt_tokens);
    read(u, "output_tokens", into.completion_tokens);
    read(u, "cache_read_input_tokens", into.cached_tokens);
    int64_t creation = 0;
    if (read(u, "cache_creation_input_tokens", creation)) into.cache_write_tokens = creation;
    // The split by lifetime, when given, says which part was written for an hour.
    auto split = u.find("cache_creation");
    if (split != u.end() && split->is_object()) {
        int64_t five = 0, hour = 0;
        read(*split, "ephemeral_5m_input_tokens", five);
        read(*split, "ephemeral_1h_input_tokens", hour);
        if (five || hour) {
            into.cache_write_tokens = five;
            into.cache_write_1h_tokens = hour;
        }
    }
    auto tool = u.find("server_tool_use");
    if (tool != u.end() && tool->is_object()) read(*tool, "web_search_requests", into.web_search_calls);
    into.total_tokens = into.prompt_tokens + into.cached_tokens + into.cache_write_tokens + into.cache_write_1h_tokens +
                        into.completion_tokens;
}

}  // namespace claude_plugin
