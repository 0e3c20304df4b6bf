#include "api/option_api.hpp"

#include "api/auth.hpp"
#include "api/input.hpp"
#include "api/reply.hpp"
#include "app/option_defaults.hpp"
#include "common/json_bounded.hpp"
#include "common/strings.hpp"
#include "store/cache.hpp"
#include "store/option_repo.hpp"

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <set>

namespace gw::api {
namespace {

using nlohmann::json;

bool ends_with(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool is_secret(const std::string& key) {
    return ends_with(key, "Token") || ends_with(key, "Secret") || ends_with(key, "Key") || ends_with(key, "_secret");
}

const std::set<std::string>& json_object_options() {
    static const std::set<std::string> keys = {"ModelRatio",
                                               "CompletionRatio",
                                               "CacheRatio",
                                               "CreateCacheRatio",
                                               "GroupRatio",
                                               "ModelPrice",
                                               "UserUsableGroups",
                                               "GroupGroupRatio",
                                               "TopupGroupRatio",
                                               "ImageRatio",
                                               "AudioRatio",
                                               "AudioCompletionRatio",
                                               "ModelRequestRateLimitGroup"};
    return keys;
}

struct Range {
    double lo, hi;
};
const std::map<std::string, Range>& numeric_options() {
    static const std::map<std::string, Range> keys = {{"QuotaPerUnit", {1, 1e12}},
                                                      {"RetryTimes", {0, 100}},
                                                      {"PreConsumedQuota", {0, 1e15}},
                                                      {"QuotaForNewUser", {0, 1e15}},
                                                      {"QuotaForInviter", {0, 1e15}},
                                                      {"QuotaForInvitee", {0, 1e15}},
                                                      {"QuotaRemindThreshold", {0, 1e15}},
                                                      {"USDExchangeRate", {0.0001, 1e6}},
                                                      {"Price", {0, 1e6}},
                                                      {"MinTopUp", {0, 1e9}},
                                                      {"checkin_setting.min_quota", {0, 1e15}},
                                                      {"checkin_setting.max_quota", {0, 1e15}},
                                                      {"ChannelDisableThreshold", {0, 1e6}},
                                                      {"ModelRequestRateLimitCount", {0, 1e9}},
                                                      {"ModelRequestRateLimitSuccessCount", {0, 1e9}},
                                                      {"ModelRequestRateLimitDurationMinutes", {0, 1e6}},
                                                      {"DataExportInterval", {1, 1e6}}};
    return keys;
}

void update(AppContext& ctx, const store::User&, const http::HttpRequest& req, const http::Responder& res) {
    Input in(req);
    std::string key = in.required("key", 191);
    if (!in.has("value")) return reply_error(res, "无效的参数: value is required");
    const json& v = in.json()["value"];
    std::string value = v.is_string() ? v.get<std::string>() : v.dump();
    if (value.size() > (1u << 20)) return reply_error(res, "无效的参数: value is too long");
    if (std::string why = validate_option(key, value); !why.empty()) return reply_error(res, why);
    store::save_option(ctx.db, key, value);
    ctx.cache.reload_options();
    reply_ok(res);
}

void list(AppContext& ctx, const store::User&, const http::HttpRequest&, const http::Responder& res) {
    std::map<std::string, std::string> merged = option_defaults();
    merged.insert(price_defaults().begin(), price_defaults().end());
    for (const auto& [k, v] : *ctx.cache.options()) merged[k] = v;
    json out = json::array();
    for (const auto& [k, v] : merged)
        if (!is_secret(k)) out.push_back({{"key", k}, {"value", v}});
    reply_data(res, out);
}

}  // namespace

std::string validate_option(const std::string& key, const std::string& value) {
    if (json_object_options().count(key)) {
        auto j = parse_json(value);
        if (!j.is_object()) return key + " 必须是合法的 JSON 对象";
        return {};
    }
    if (auto it = numeric_options().find(key); it != numeric_options().end()) {
        char* end = nullptr;
        double n = std::strtod(value.c_str(), &end);
        if (value.empty() || *end != '\0') return key + " 必须是数字";
        if (n < it->second.lo || n > it->second.hi)
            return key + " 超出范围 (" + std::to_string(it->second.lo) + " - " + std::to_string(it->second.hi) + ")";
        return {};
    }
    if (ends_with(key, "Enabled") && value != "true" && value != "false") return key + " 必须是 true 或 false";
    return {};
}

void register_option_api(http::Router& router, AppContext& ctx) {
    router.get("/api/option/", with_user(ctx, kRoleRoot, &list));
    router.put("/api/option/", with_user(ctx, kRoleRoot, &update));
}

}  // namespace gw::api
