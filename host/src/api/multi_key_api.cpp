#include "api/multi_key_api.hpp"

#include "api/auth.hpp"
#include "api/input.hpp"
#include "api/reply.hpp"
#include "common/strings.hpp"
#include "relay/channel_keys.hpp"
#include "store/cache.hpp"
#include "store/channel_repo.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <ctime>
#include <optional>

namespace gw::api {

namespace {

using nlohmann::json;
using relay::MultiKeyInfo;

std::string preview(const std::string& key) {
    return key.size() <= 8 ? std::string(key.size(), '*') : key.substr(0, 8) + "...";
}

// get_key_status's paging and filter (status 1 enabled, 2 disabled by hand, 3 automatically).
struct KeyQuery {
    int64_t page = 1, page_size = 50;
    std::optional<int64_t> status;
};

KeyQuery key_query(const Input& in) {
    KeyQuery q;
    q.page = std::max<int64_t>(1, in.integer("page").value_or(1));
    int64_t size = in.integer("page_size").value_or(0);
    q.page_size = size <= 0 ? 50 : std::min<int64_t>(size, 1000);
    q.status = in.integer("status");
    return q;
}

// One page of the keys (New API's MultiKeyStatusResponse) with the counts of every status.
json key_status(const store::Channel& c, const MultiKeyInfo& info, const KeyQuery& q) {
    auto keys = relay::all_keys(c.key);
    json matching = json::array();
    int64_t counts[4] = {0, 0, 0, 0};
    for (int i = 0; i < static_cast<int>(keys.size()); ++i) {
        int status = info.status.count(i) ? info.status.at(i) : 1;
        ++counts[status >= 1 && status <= 3 ? status : 0];
        if (q.status && *q.status != status) continue;
        json k = {{"index", i}, {"status", status}, {"key_preview", preview(keys[static_cast<size_t>(i)])}};
        if (info.reason.count(i)) k["reason"] = info.reason.at(i);
        if (info.time.count(i)) k["disabled_time"] = info.time.at(i);
        matching.push_back(std::move(k));
    }
    auto total = static_cast<int64_t>(matching.size());
    int64_t pages = std::max<int64_t>(1, (total + q.page_size - 1) / q.page_size);
    int64_t page = std::min(q.page, pages), start = (page - 1) * q.page_size;
    json slice = json::array();
    for (int64_t i = start; i < std::min(total, start + q.page_size); ++i) slice.push_back(matching[i]);
    return {{"keys", slice},
            {"total", total},
            {"page", page},
            {"page_size", q.page_size},
            {"total_pages", pages},
            {"enabled_count", counts[1]},
            {"manual_disabled_count", counts[2]},
            {"auto_disabled_count", counts[3]},
            {"multi_key_mode", info.mode}};
}

void set_key(MultiKeyInfo& info, int index, int status, int64_t now) {
    if (status == 1) {
        info.status.erase(index);
        info.reason.erase(index);
        info.time.erase(index);
        return;
    }
    info.status[index] = status;
    info.reason[index] = "disabled by an administrator";
    info.time[index] = now;
}

// Removes the keys for which `drop` holds; statuses of the keys after them move down with them.
template <typename Pred>
void remove_keys(store::Channel& c, MultiKeyInfo& info, Pred drop) {
    auto keys = relay::all_keys(c.key);
    std::vector<std::string> kept;
    MultiKeyInfo next = info;
    next.status.clear();
    next.reason.clear();
    next.time.clear();
    for (int i = 0; i < static_cast<int>(keys.size()); ++i) {
        if (drop(i)) continue;
        int to = static_cast<int>(kept.size());
        if (info.status.count(i)) next.status[to] = info.status[i];
        if (info.reason.count(i)) next.reason[to] = info.reason[i];
        if (info.time.count(i)) next.time[to] = info.time[i];
        kept.push_back(keys[static_cast<size_t>(i)]);
    }
    c.key = join(kept, "\n");
    info = next;
}

// The channel follows its keys: none enabled → automatically disabled; one back → enabled.
void settle_channel_status(store::Channel& c, const MultiKeyInfo& info) {
    size_t keys = relay::all_keys(c.key).size();
    if (keys == 0 || info.status.size() >= keys) {
        if (c.status == 1) c.status = 3;
    } else if (c.status == 3) {
        c.status = 1;
    }
}

bool apply(store::Channel& c, MultiKeyInfo& info, const std::string& action, int index, int64_t now) {
    int size = static_cast<int>(relay::all_keys(c.key).size());
    bool needs_index = action == "enable_key" || action == "disable_key" || action == "delete_key";
    if (needs_index && (index < 0 || index >= size)) throw http::ClientError("无效的参数: key_index");
    if (action == "enable_key")
        set_key(info, index, 1, now);
    else if (action == "disable_key")
        set_key(info, index, 2, now);
    else if (action == "enable_all_keys")
        for (int i = 0; i < size; ++i) set_key(info, i, 1, now);
    else if (action == "disable_all_keys")
        for (int i = 0; i < size; ++i) set_key(info, i, 2, now);
    else if (action == "delete_key")
        remove_keys(c, info, [index](int i) { return i == index; });
    else if (action == "delete_disabled_keys") {
        auto disabled = info.status;
        remove_keys(c, info, [&disabled](int i) { return disabled.count(i) > 0; });
    } else
        return false;
    return true;
}

void manage(AppContext& ctx, const store::User&, const http::HttpRequest& req, const http::Responder& res) {
    Input in(req);
    auto id = in.integer("channel_id");
    std::string action = in.str("action", 64).value_or("");
    if (!id) return reply_error(res, "无效的参数: channel_id");
    auto c = store::find_channel(ctx.db, *id);
    if (!c) return reply_error(res, "渠道不存在");
    MultiKeyInfo info = relay::multi_key_info(c->channel_info);
    if (!info.multi) return reply_error(res, "该渠道不是多密钥模式");
    if (action == "get_key_status") return reply_data(res, key_status(*c, info, key_query(in)));
    int index = static_cast<int>(in.integer("key_index").value_or(-1));
    if (!apply(*c, info, action, index, static_cast<int64_t>(std::time(nullptr))))
        return reply_error(res, "无效的参数: action");
    settle_channel_status(*c, info);
    c->channel_info = relay::with_multi_key_info(c->channel_info, info);
    store::update_channel(ctx.db, *c, {"key", "channel_info", "status"});
    ctx.cache.reload_channels();
    reply_data(res, key_status(*c, info, KeyQuery{}));
}

}  // namespace

void register_multi_key_api(http::Router& router, AppContext& ctx) {
    router.post("/api/channel/multi_key/manage", with_user(ctx, kRoleAdmin, &manage));
}

}  // namespace gw::api
