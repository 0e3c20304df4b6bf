#include "billing/relay_billing.hpp"

#include "app/option_defaults.hpp"
#include "billing/ledger.hpp"
#include "billing/quota_math.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>

namespace gw::billing {

namespace {

using nlohmann::json;

std::string fixed(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", v);
    return buf;
}

json other_info(const relay::RelayRecord& r) {
    const relay::BillingPlan& p = r.plan;
    json use_channel = json::array();
    for (int64_t id : r.attempted_channels) use_channel.push_back(std::to_string(id));
    json o = {{"model_ratio", p.price.per_call ? 0.0 : p.price.model_ratio},
              {"group_ratio", p.group_ratio},
              {"completion_ratio", p.price.per_call ? 0.0 : p.price.completion_ratio},
              {"cache_tokens", r.usage.cached_tokens},
              {"cache_ratio", p.price.cache_ratio},
              {"model_price", p.price.per_call ? p.price.price : -1.0},
              {"user_group_ratio", -1},
              {"frt", r.first_byte_ms ? static_cast<double>(r.first_byte_ms - r.started_ms) : -1.0},
              {"request_path", r.path},
              {"admin_info", {{"use_channel", use_channel}}}};
    if (r.usage.cache_write_tokens + r.usage.cache_write_1h_tokens > 0) {
        o["cache_creation_tokens"] = r.usage.cache_write_tokens + r.usage.cache_write_1h_tokens;
        o["cache_creation_ratio"] = p.price.create_cache_ratio;
    }
    if (r.usage.reasoning_tokens) o["reasoning_tokens"] = r.usage.reasoning_tokens;
    if (r.upstream_model != r.origin_model) {
        o["is_model_mapped"] = true;
        o["upstream_model_name"] = r.upstream_model;
    }
    if (r.usage_estimated) o["usage_estimated"] = true;
    if (r.end != relay::EndReason::normal) o["stream_end"] = relay::end_reason_name(r.end);
    return o;
}

store::Log base_log(const relay::RelayRecord& r, int type) {
    store::Log l;
    l.type = type;
    l.user_id = r.user_id;
    l.created_at = r.finished_ms / 1000;
    l.username = r.username;
    l.token_name = r.token_name;
    l.token_id = r.token_id;
    l.model_name = r.origin_model;
    l.channel_id = r.channel_id;
    l.group = r.group;
    l.ip = r.ip;
    l.request_id = r.request_id;
    l.is_stream = r.stream;
    l.use_time = static_cast<int>((r.finished_ms - r.started_ms) / 1000);
    return l;
}

std::string consume_content(const relay::BillingPlan& p) {
    if (p.price.per_call) return "模型价格 $" + fixed(p.price.price) + "，分组倍率 " + fixed(p.group_ratio);
    return "模型倍率 " + fixed(p.price.model_ratio) + "，补全倍率 " + fixed(p.price.completion_ratio) + "，分组倍率 " +
           fixed(p.group_ratio);
}

}  // namespace

void RelayBilling::settle(const relay::RelayRecord& r) {
    Charge c;
    c.user_id = r.user_id;
    c.token_id = r.token_id;
    c.token_key = r.token_key;
    c.channel_id = r.channel_id;
    c.held = r.plan.held;
    c.shared_hold = r.plan.held_shared;
    if (r.delivered) {
        c.quota = usage_quota(r.plan.charged_price(), r.plan.group_ratio, r.usage, r.plan.quota_per_unit);
        c.tokens = r.usage.prompt_tokens + r.usage.completion_tokens;
        c.log = base_log(r, 2);
        c.log.quota = c.quota;
        c.log.prompt_tokens = static_cast<int>(r.usage.prompt_tokens);
        c.log.completion_tokens = static_cast<int>(r.usage.completion_tokens);
        c.log_row = Options(cache_).flag("LogConsumeEnabled");
        if (c.log_row) {  // without a row the log only feeds quota_data: skip the text
            c.log.content = consume_content(r.plan);
            c.log.other = other_info(r).dump(-1, ' ', false, json::error_handler_t::replace);
        }
    } else {
        c.counts_request = false;
        if (error_logs_ && r.status >= 400) {
            c.log = base_log(r, 5);
            c.log.content = r.error;
            json o = {{"status_code", r.status}, {"admin_info", other_info(r)["admin_info"]}};
            c.log.other = o.dump(-1, ' ', false, json::error_handler_t::replace);
        }
    }
    ledger_.settle(std::move(c));
}

}  // namespace gw::billing
