// In-memory snapshots of the hot tables (users, tokens, channels, options). The relay reads only
// these; they are reloaded on every write through the API and every SYNC_FREQUENCY seconds.
#pragma once

#include "store/database.hpp"
#include "store/entities.hpp"
#include "store/snapshot.hpp"

#include <functional>
#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace gw::store {

// Enabled channels by group and model, each list sorted by priority (highest first).
struct ChannelIndex {
    using List = std::vector<std::shared_ptr<const Channel>>;
    std::unordered_map<std::string, std::unordered_map<std::string, List>> by_group_model;
    const List* find(const std::string& group, const std::string& model) const;
};

class Cache {
public:
    explicit Cache(Database& db) : db_(db) {}

    void reload_all();               // a sync: not announced
    void reload_all_and_announce();  // after a change to everything (setup)
    void reload_users();
    void reload_tokens();
    void reload_channels();
    void reload_options();
    // Re-reads one row after a write (or drops it when gone).
    void refresh_user(int64_t id);
    void refresh_token(const std::string& key);
    // Publishes a changed channel at once (before its database write lands), index included.
    // Other nodes learn of it from the reload_channels() that follows the write.
    void put_channel(Channel c);

    // Every reload_* and refresh_* made here (not reload_all, a sync) is announced through
    // `publish` (the cluster bus) as "all", "channels", "options", "users", "tokens", "setup",
    // "user:<id>" or "token:<id>". Set once, before serving.
    void set_publisher(std::function<void(const std::string&)> publish) { publish_ = std::move(publish); }
    // A change announced by another node: re-reads what it names, without announcing it again.
    void apply_remote(const std::string& change);
    // Balances this node's ledger just wrote (its own snapshots already follow): the other nodes
    // re-read those rows.
    void announce_balances(const std::vector<int64_t>& user_ids, const std::vector<int64_t>& token_ids) const;

    Snapshot<int64_t, User> users;
    Snapshot<std::string, Token> tokens;  // by key (without "sk-")
    Snapshot<int64_t, Channel> channels;

    // Held shared while balance rows are read from the database and published or shown, and
    // exclusively by the ledger from a flush's COMMIT until its unflushed sums and these snapshots
    // follow: a charge is then never counted twice in a balance, nor missed.
    std::shared_mutex& commit_gate() const { return commit_gate_; }

    std::shared_ptr<const ChannelIndex> channel_index() const { return index_.load(); }
    std::shared_ptr<const std::map<std::string, std::string>> options() const { return options_.load(); }
    std::string option(const std::string& key, const std::string& fallback = "") const;
    bool setup_done() const { return setup_done_.load(); }
    void reload_setup();

private:
    void announce(const std::string& change) const;
    void refresh_token_row(std::optional<Token> row, const std::string& key);
    void refresh_token_by_id(int64_t token_id);

    Database& db_;
    mutable std::shared_mutex commit_gate_;
    std::function<void(const std::string&)> publish_;
    std::atomic<bool> setup_done_{false};
    std::atomic<std::shared_ptr<const ChannelIndex>> index_{std::make_shared<const ChannelIndex>()};
    std::atomic<std::shared_ptr<const std::map<std::string, std::string>>> options_{
        std::make_shared<const std::map<std::string, std::string>>()};
};

// Builds the channel index from channels (exposed for tests).
ChannelIndex build_channel_index(const std::vector<Channel>& channels);

}  // namespace gw::store
