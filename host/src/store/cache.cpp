#include "store/cache.hpp"

#include "common/error_text.hpp"
#include "common/strings.hpp"
#include "store/channel_repo.hpp"
#include "store/option_repo.hpp"
#include "store/setup_repo.hpp"
#include "store/token_repo.hpp"
#include "store/user_repo.hpp"

#include <algorithm>

namespace gw::store {

const ChannelIndex::List* ChannelIndex::find(const std::string& group, const std::string& model) const {
    auto g = by_group_model.find(group);
    if (g == by_group_model.end()) return nullptr;
    auto m = g->second.find(model);
    return m == g->second.end() ? nullptr : &m->second;
}

ChannelIndex build_channel_index(const std::vector<Channel>& channels) {
    ChannelIndex index;
    for (const Channel& c : channels) {
        if (c.status != 1) continue;
        auto shared = std::make_shared<const Channel>(c);
        for (const auto& a : abilities_of(c)) index.by_group_model[a.group][a.model].push_back(shared);
    }
    for (auto& [g, models] : index.by_group_model)
        for (auto& [m, list] : models)
            std::stable_sort(list.begin(), list.end(),
                             [](const auto& a, const auto& b) { return a->priority > b->priority; });
    return index;
}

namespace {
thread_local bool quiet = false;  // re-reading for a sync or for another node: nothing to announce

struct Quiet {
    bool was = quiet;
    Quiet() { quiet = true; }
    ~Quiet() { quiet = was; }
};
}  // namespace

void Cache::announce(const std::string& change) const {
    if (!quiet && publish_) publish_(change);
}

// A failed read names its table (a start-up error must say what failed).
template <class Fn>
void reading(const char* table, Fn&& fn) {
    try {
        fn();
    } catch (const std::exception& e) {
        throw std::runtime_error(std::string("reading table ") + table + ": " + error_text(e));
    }
}

void Cache::reload_all() {
    Quiet q;
    reading("setups", [this] { reload_setup(); });
    reading("options", [this] { reload_options(); });
    reading("users", [this] { reload_users(); });
    reading("tokens", [this] { reload_tokens(); });
    reading("channels", [this] { reload_channels(); });
}

void Cache::reload_all_and_announce() {
    reload_all();
    announce("all");
}

void Cache::apply_remote(const std::string& change) {
    Quiet q;
    // "user:<id>[,<id>...]" and "token:<id>[,<id>...]"
    auto ids = [&change] {
        std::vector<int64_t> out;
        for (const auto& part : split_trimmed(change.substr(change.find(':') + 1), ','))
            out.push_back(std::stoll(part));
        return out;
    };
    if (change == "all") return reload_all();
    if (change == "channels") return reload_channels();
    if (change == "options") return reload_options();
    if (change == "users") return reload_users();
    if (change == "tokens") return reload_tokens();
    if (change == "setup") return reload_setup();
    if (change.rfind("user:", 0) == 0)
        for (int64_t id : ids()) refresh_user(id);
    if (change.rfind("token:", 0) == 0)
        for (int64_t id : ids()) refresh_token_by_id(id);
}

void Cache::refresh_token_by_id(int64_t token_id) {
    std::shared_lock gate(commit_gate_);
    if (auto row = find_token(db_, token_id)) {
        std::string key = row->key;
        return refresh_token_row(std::move(row), key);
    }
    for (const auto& [key, t] : *tokens.all())
        if (t->id == token_id) return tokens.erase(key);
}

void Cache::announce_balances(const std::vector<int64_t>& user_ids, const std::vector<int64_t>& token_ids) const {
    auto list = [](const std::vector<int64_t>& ids) {
        std::string s;
        for (int64_t id : ids) s += (s.empty() ? "" : ",") + std::to_string(id);
        return s;
    };
    if (!user_ids.empty()) announce("user:" + list(user_ids));
    if (!token_ids.empty()) announce("token:" + list(token_ids));
}

void Cache::reload_users() {
    {
        std::shared_lock gate(commit_gate_);
        Snapshot<int64_t, User>::Map m;
        for (auto& u : load_users(db_)) m[u.id] = std::make_shared<const User>(std::move(u));
        users.replace(std::move(m));
    }
    announce("users");
}

void Cache::reload_tokens() {
    {
        std::shared_lock gate(commit_gate_);
        Snapshot<std::string, Token>::Map m;
        for (auto& t : load_tokens(db_)) {
            std::string key = t.key;  // not m[t.key] = ...(std::move(t)): the right side runs first
            m[key] = std::make_shared<const Token>(std::move(t));
        }
        tokens.replace(std::move(m));
    }
    announce("tokens");
}

void Cache::reload_channels() {
    auto rows = load_channels(db_);
    Snapshot<int64_t, Channel>::Map m;
    for (const auto& c : rows) m[c.id] = std::make_shared<const Channel>(c);
    channels.replace(std::move(m));
    index_.store(std::make_shared<const ChannelIndex>(build_channel_index(rows)));
    announce("channels");
}

void Cache::put_channel(Channel c) {
    channels.upsert(c.id, std::move(c));
    std::vector<Channel> rows;
    for (const auto& [id, row] : *channels.all()) rows.push_back(*row);
    index_.store(std::make_shared<const ChannelIndex>(build_channel_index(rows)));
}

void Cache::reload_options() {
    options_.store(std::make_shared<const std::map<std::string, std::string>>(load_options(db_)));
    announce("options");
}

void Cache::refresh_user(int64_t id) {
    {
        std::shared_lock gate(commit_gate_);
        if (auto u = find_user(db_, id))
            users.upsert(id, std::move(*u));
        else
            users.erase(id);
    }
    announce("user:" + std::to_string(id));
}

void Cache::refresh_token(const std::string& key) {
    int64_t id = 0;
    {
        std::shared_lock gate(commit_gate_);
        auto old = tokens.get(key);
        auto row = find_token_by_key(db_, key);
        id = row ? row->id : old ? old->id : 0;
        refresh_token_row(std::move(row), key);
    }
    if (id) announce("token:" + std::to_string(id));
}

void Cache::refresh_token_row(std::optional<Token> row, const std::string& key) {
    if (row)
        tokens.upsert(key, std::move(*row));
    else
        tokens.erase(key);
}

void Cache::reload_setup() {
    setup_done_ = is_setup_done(db_);
    announce("setup");
}

std::string Cache::option(const std::string& key, const std::string& fallback) const {
    auto opts = options_.load();
    auto it = opts->find(key);
    return it == opts->end() ? fallback : it->second;
}

}  // namespace gw::store
