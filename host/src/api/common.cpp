#include "api/common.hpp"

#include "billing/shared_quota.hpp"
#include "cluster/node.hpp"

#include "app/option_defaults.hpp"
#include "common/strings.hpp"
#include "http/request.hpp"
#include "store/log_repo.hpp"

#include <cstdio>
#include <ctime>

namespace gw::api {

std::string console_origin(const AppContext& ctx, const http::HttpRequest& req) {
    std::string configured = Options(ctx.cache).str("ServerAddress");
    if (!configured.empty()) return configured.back() == '/' ? configured.substr(0, configured.size() - 1) : configured;
    auto protos = split_trimmed(req.header("x-forwarded-proto"), ',');
    return (protos.empty() ? std::string("http") : protos[0]) + "://" + std::string(req.header("host"));
}

int64_t now_seconds() {
    return static_cast<int64_t>(std::time(nullptr));
}

std::string format_quota(const AppContext& ctx, int64_t quota) {
    Options o(ctx.cache);
    if (o.str("general_setting.quota_display_type") == "TOKENS") return std::to_string(quota) + " 点额度";
    double per_unit = o.number("QuotaPerUnit");
    char buf[64];
    std::snprintf(buf, sizeof buf, "＄%.6f 额度", per_unit > 0 ? static_cast<double>(quota) / per_unit : 0.0);
    return buf;
}

void write_log(AppContext& ctx, int type, const store::User& user, const std::string& content, int64_t quota) {
    store::Log l;
    l.user_id = user.id;
    l.username = user.username;
    l.created_at = now_seconds();
    l.type = type;
    l.content = content;
    l.quota = quota;
    store::insert_log(ctx.logs(), l);
}

void quota_changed(const AppContext& ctx, int64_t user_id, int64_t token_id, int64_t delta) {
    if (auto* shared = ctx.node ? ctx.node->shared_quota() : nullptr) shared->adjust(user_id, token_id, delta);
}

void token_limit_switched(const AppContext& ctx, int64_t token_id) {
    if (auto* shared = ctx.node ? ctx.node->shared_quota() : nullptr) shared->forget_token(token_id);
}

}  // namespace gw::api
