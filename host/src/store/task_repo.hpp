// New API's `tasks` and `midjourneys` rows, and the money their submits and failures move. A
// submit's charge is written with its row, and a refund with the row's move to FAILURE, in one
// transaction each: a task is charged exactly when it exists, and refunded at most once (the
// status guard makes a second writer change nothing), whatever crashes in between.
#pragma once

#include "store/database.hpp"
#include "store/entities.hpp"
#include "store/query.hpp"

#include <optional>
#include <string>
#include <vector>

namespace gw::store {

// A balance change by delta: quota > 0 charges the user, token and channel, < 0 gives back.
struct MoneyMove {
    int64_t user_id = 0, token_id = 0, channel_id = 0, quota = 0;
    bool counts_request = false;
    Log log;  // written with the move; type 0 = none
};

int64_t insert_task(Database& db, Task& row, const MoneyMove& charge, Database* log_db = nullptr);
int64_t insert_midjourney(Database& db, Midjourney& row, const MoneyMove& charge, Database* log_db = nullptr);

// user_id 0: any user's.
std::optional<Task> find_task(Database& db, int64_t user_id, const std::string& task_id);
std::vector<Task> find_tasks(Database& db, int64_t user_id, const std::vector<std::string>& task_ids);
std::optional<Midjourney> find_midjourney(Database& db, int64_t user_id, const std::string& mj_id);
std::vector<Midjourney> find_midjourneys(Database& db, int64_t user_id, const std::vector<std::string>& mj_ids);

// Not yet SUCCESS or FAILURE, oldest first.
std::vector<Task> unfinished_tasks(Database& db, int limit);
std::vector<Midjourney> unfinished_midjourneys(Database& db, int limit);

// Writes the row's state columns (status, progress, times, reason, result, quota) when its status
// is still `from_status`, with `money` in the same transaction; false when another writer moved
// the row first (then nothing is written).
bool update_task(Database& db, const Task& row, const std::string& from_status, const std::optional<MoneyMove>& money,
                 Database* log_db = nullptr);
bool update_midjourney(Database& db, const Midjourney& row, const std::string& from_status,
                       const std::optional<MoneyMove>& money, Database* log_db = nullptr);

Rows<Task> list_tasks(Database& db, const Where& where, const Page& page);
Rows<Midjourney> list_midjourneys(Database& db, const Where& where, const Page& page);

}  // namespace gw::store
