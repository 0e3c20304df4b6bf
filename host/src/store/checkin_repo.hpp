// Daily check-ins (New API's checkins table). A check-in and its reward are one transaction, and
// the unique (user_id, checkin_date) index lets only one of any number of concurrent check-ins
// of a user on a day insert, so the reward is paid once.
#pragma once

#include "store/database.hpp"
#include "store/entities.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace gw::store {

struct CheckinRecord {
    std::string date;  // YYYY-MM-DD
    int64_t quota = 0;
};

// The quota credited, or nullopt when the user has already checked in on `date`. make_log
// builds the log of the reward, written with it (or right after, into a log database of its own).
std::optional<int64_t> check_in(Database& db, int64_t user_id, const std::string& date, int64_t quota, int64_t now,
                                const std::function<Log(int64_t quota)>& make_log, Database* log_db = nullptr);

bool checked_in(Database& db, int64_t user_id, const std::string& date);
// The user's check-ins between two dates (inclusive), newest first.
std::vector<CheckinRecord> checkins_between(Database& db, int64_t user_id, const std::string& from,
                                            const std::string& to);
struct CheckinTotals {
    int64_t count = 0, quota = 0;
};
CheckinTotals checkin_totals(Database& db, int64_t user_id);

}  // namespace gw::store
