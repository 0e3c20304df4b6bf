#include "task/task_poller.hpp"

#include "app/config.hpp"
#include "billing/quota_math.hpp"
#include "common/json_bounded.hpp"
#include "common/log.hpp"
#include "plugin/abi_str.hpp"
#include "relay/channel_keys.hpp"
#include "relay/provider_pool.hpp"
#include "store/cache.hpp"
#include "store/task_repo.hpp"
#include "task/balances.hpp"
#include "task/task_plugin.hpp"
#include "task/task_services.hpp"
#include "task/task_views.hpp"
#include "upstream/collect.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <random>

namespace gw::task {
namespace {

using nlohmann::json;

std::string dump(const json& j) {
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

json object_of(const std::string& text) {
    json j = parse_json(text);
    return j.is_object() ? j : json::object();
}

// A refund (quota < 0) or an extra charge as New API logs it: type 6 or 2, with the task's id.
store::MoneyMove money(int64_t user_id, int64_t token_id, int64_t channel_id, int64_t quota, const std::string& model,
                       const std::string& task_id, const std::string& reason, int64_t now) {
    store::MoneyMove m{user_id, token_id, channel_id, quota, false, {}};
    m.log.type = quota < 0 ? 6 : 2;
    m.log.user_id = user_id;
    m.log.created_at = now;
    m.log.token_id = token_id;
    m.log.channel_id = channel_id;
    m.log.model_name = model;
    m.log.quota = quota < 0 ? -quota : quota;
    m.log.content = reason;
    m.log.other = dump(json{{"task_id", task_id}, {"reason", reason}});
    return m;
}

template <class Row>
std::map<int64_t, std::vector<Row>> by_channel(const std::vector<Row>& rows) {
    std::map<int64_t, std::vector<Row>> out;
    for (const auto& r : rows) out[r.channel_id].push_back(r);
    return out;
}

std::mt19937_64& rng() {
    thread_local std::mt19937_64 r{std::random_device{}()};
    return r;
}

// New API's billing name of an MJ action ("UPSCALE" → "mj_upscale").
std::string mj_model(const std::string& action) {
    if (action == "SWAP_FACE") return "swap_face";
    std::string m = "mj_";
    for (char c : action) m += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return m;
}

std::string progress_text(const TaskReport::Result& r) {
    return r.state == GW_TASK_SUCCESS ? "100%" : std::to_string(r.progress) + "%";
}

}  // namespace

void TaskPoller::poll_once() {
    int64_t now = static_cast<int64_t>(std::time(nullptr));
    try {
        poll_tasks(now);
        poll_midjourneys(now);
    } catch (const std::exception& e) {
        log::warn(std::string("task poll failed: ") + e.what());
    }
}

std::vector<TaskReport> TaskPoller::fetch(const store::Channel& channel, const std::vector<std::string>& ids) {
    std::vector<TaskReport> out;
    auto row = s_.cache.channels.get(channel.id);
    std::string why;
    auto provider = row ? s_.providers.get(row, why) : nullptr;
    const gw_task_provider* ext = task_extension(provider.get());
    if (!ext) return out;
    size_t batch = static_cast<size_t>(fetch_batch(ext));
    std::string base =
        channel.base_url.empty() ? s_.providers.registry()->default_base_url(channel.type) : channel.base_url;
    for (size_t at = 0; at < ids.size(); at += batch) {
        json slice(json::value_t::array);
        for (size_t i = at; i < std::min(ids.size(), at + batch); ++i) slice.push_back(ids[i]);
        std::string ids_json = slice.dump();
        TaskInfo info(channel, base, relay::pick_key(channel, rng()).key, "", "", "", {}, "task-poll");
        auto built = relay::build_through(
            std::make_shared<const std::string>(), [&](const gw_upstream_sink* sink, const gw_error_sink* err) {
                return ext->build_fetch(provider.get(), info.get(), plugin::to_abi(ids_json), sink, err);
            });
        if (built.status != GW_OK) continue;
        built.request.total_timeout_ms = 30000;
        upstream::Collected a = upstream::collect(s_.http, std::move(built.request));
        if (!a.ok()) {
            log::warn("task poll of channel #" + std::to_string(channel.id) + " failed: " + a.result.error);
            continue;
        }
        out.push_back(parse_fetch(provider.get(), ext, info.get(), a.status, a.body));
    }
    return out;
}

void TaskPoller::poll_tasks(int64_t now) {
    int64_t cutoff = now - static_cast<int64_t>(s_.config.task_timeout_minutes) * 60;
    std::vector<store::Task> live;
    for (const auto& t : store::unfinished_tasks(s_.db, s_.config.task_query_limit)) {
        if (t.submit_time < cutoff)
            fail(t, "任务超时", now);
        else
            live.push_back(t);
    }
    for (const auto& [channel_id, rows] : by_channel(live)) {
        auto channel = s_.cache.channels.get(channel_id);
        if (!channel) {
            for (const auto& t : rows) fail(t, "渠道不存在", now);
            continue;
        }
        std::vector<std::string> ids;
        for (const auto& t : rows) ids.push_back(upstream_task_id(t));
        for (const auto& rep : fetch(*channel, ids))
            for (size_t i = 0; i < rep.results.size(); ++i)
                for (const auto& t : rows)
                    if (upstream_task_id(t) == rep.results[i].task_id) apply(t, rep, i, now);
    }
}

void TaskPoller::poll_midjourneys(int64_t now) {
    int64_t cutoff_ms = (now - static_cast<int64_t>(s_.config.task_timeout_minutes) * 60) * 1000;
    std::vector<store::Midjourney> live;
    for (const auto& m : store::unfinished_midjourneys(s_.db, s_.config.task_query_limit)) {
        if (m.submit_time < cutoff_ms)
            fail(m, "任务超时", now);
        else
            live.push_back(m);
    }
    for (const auto& [channel_id, rows] : by_channel(live)) {
        auto channel = s_.cache.channels.get(channel_id);
        if (!channel) continue;  // New API leaves these for the timeout
        std::vector<std::string> ids;
        for (const auto& m : rows) ids.push_back(m.mj_id);
        for (const auto& rep : fetch(*channel, ids))
            for (size_t i = 0; i < rep.results.size(); ++i)
                for (const auto& m : rows)
                    if (m.mj_id == rep.results[i].task_id) apply(m, rep, i, now);
    }
}

void TaskPoller::apply(const store::Task& row, const TaskReport& rep, size_t index, int64_t now) {
    const TaskReport::Result& r = rep.results[index];
    if (r.state == GW_TASK_FAILURE) return fail(row, r.fail_reason.empty() ? "task failed" : r.fail_reason, now);
    store::Task next = row;
    if (r.state != GW_TASK_UNKNOWN) next.status = status_name(r.state);
    next.progress = progress_text(r);
    if (r.state == GW_TASK_IN_PROGRESS && !next.start_time) next.start_time = now;
    json priv = object_of(row.private_data);
    if (!r.result_url.empty()) priv["result_url"] = r.result_url;
    next.private_data = dump(priv);
    if (!r.data_json.empty()) next.data = r.data_json;
    std::optional<store::MoneyMove> m;
    if (r.state == GW_TASK_SUCCESS) {
        next.finish_time = now;
        if (!next.start_time) next.start_time = now;
        json bc = priv.value("billing_context", json::object());
        if (!r.ratios.empty() && bc.is_object() && bc.contains("model_price")) {
            std::map<std::string, double> ratios = bc.value("other_ratios", std::map<std::string, double>{});
            for (const auto& [k, v] : r.ratios) ratios[k] = v;
            billing::ModelPrice price;
            price.per_call = true;
            price.price = bc.value("model_price", 0.0);
            int64_t final_quota = billing::task_quota(price, bc.value("group_ratio", 1.0), ratios,
                                                      billing::PriceBook::current(s_.cache)->quota_per_unit());
            if (final_quota != row.quota) {
                m = money(row.user_id, token_id_of(row), row.channel_id, final_quota - row.quota,
                          bc.value("origin_model_name", ""), row.task_id, "任务完成，按实际用量调整", now);
                next.quota = final_quota;
            }
        }
    }
    bool changed = next.status != row.status || next.progress != row.progress || next.data != row.data ||
                   next.private_data != row.private_data;
    if (!changed) return;
    next.updated_at = now;
    if (store::update_task(s_.db, next, row.status, m, s_.log_db) && m)
        balances_moved(s_, row.user_id, token_id_of(row), m->quota);
}

void TaskPoller::fail(const store::Task& row, const std::string& reason, int64_t now) {
    store::Task next = row;
    next.status = "FAILURE";
    next.progress = "100%";
    next.fail_reason = reason;
    next.finish_time = now;
    next.updated_at = now;
    next.quota = 0;
    json props = object_of(row.properties);
    std::optional<store::MoneyMove> m;
    if (row.quota > 0)
        m = money(row.user_id, token_id_of(row), row.channel_id, -row.quota, props.value("origin_model_name", ""),
                  row.task_id, reason, now);
    if (store::update_task(s_.db, next, row.status, m, s_.log_db) && m)
        balances_moved(s_, row.user_id, token_id_of(row), m->quota);
}

void TaskPoller::apply(const store::Midjourney& row, const TaskReport& rep, size_t index, int64_t now) {
    const TaskReport::Result& r = rep.results[index];
    json t = object_of(r.data_json);
    if (r.state == GW_TASK_FAILURE) return fail(row, r.fail_reason.empty() ? "task failed" : r.fail_reason, now);
    store::Midjourney next = row;
    next.status = t.value("status", row.status);
    next.progress = t.value("progress", row.progress);
    next.prompt_en = t.value("promptEn", row.prompt_en);
    next.description = t.value("description", row.description);
    next.state = t.value("state", row.state);
    next.start_time = t.value("startTime", row.start_time);
    next.finish_time = t.value("finishTime", row.finish_time);
    next.image_url = t.value("imageUrl", row.image_url);
    next.video_url = t.value("videoUrl", row.video_url);
    if (t.contains("videoUrls")) next.video_urls = dump(t["videoUrls"]);
    if (t.contains("buttons")) next.buttons = dump(t["buttons"]);
    if (t.contains("properties")) next.properties = dump(t["properties"]);
    if (r.state == GW_TASK_SUCCESS) next.progress = "100%";
    bool changed = next.status != row.status || next.progress != row.progress || next.image_url != row.image_url ||
                   next.buttons != row.buttons || next.video_url != row.video_url;
    if (changed) store::update_midjourney(s_.db, next, row.status, std::nullopt, s_.log_db);
}

void TaskPoller::fail(const store::Midjourney& row, const std::string& reason, int64_t now) {
    store::Midjourney next = row;
    next.status = "FAILURE";
    next.progress = "100%";
    next.fail_reason = reason;
    next.finish_time = now * 1000;
    next.quota = 0;
    std::optional<store::MoneyMove> m;
    if (row.quota > 0)
        m = money(row.user_id, row.token_id, row.billing_channel_id ? row.billing_channel_id : row.channel_id,
                  -row.quota, mj_model(row.action), row.mj_id, reason, now);
    if (store::update_midjourney(s_.db, next, row.status, m, s_.log_db) && m)
        balances_moved(s_, row.user_id, row.token_id, m->quota);
}

}  // namespace gw::task
