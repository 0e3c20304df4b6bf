// Housekeeping on every database kind: expired consume and error logs go, the money trail stays;
// old hourly quota_data merges into daily rows with every total unchanged, across batches.
#include "store/retention.hpp"
#include "backend_fixture.hpp"
#include "store/entities.hpp"
#include "store/log_repo.hpp"
#include "store/migrator.hpp"
#include "store/orm.hpp"

namespace gw_test {
namespace {

constexpr int64_t kDay = 86400;
constexpr int64_t kOldDay = 1700006400;  // a UTC midnight

void add_hour(Database& db, const std::string& model, int64_t at, int64_t count, int64_t quota) {
    auto s = db.session();
    QuotaData q;
    q.user_id = 1;
    q.username = "u";
    q.model_name = model;
    q.created_at = at;
    q.count = count;
    q.quota = quota;
    q.token_used = count * 10;
    insert_row(db, s, q);
}

std::vector<int64_t> totals(Database& db) {
    auto s = db.session();
    return {query_int(db, s, "SELECT COALESCE(SUM(`count`),0) FROM `quota_data`"),
            query_int(db, s, "SELECT COALESCE(SUM(`quota`),0) FROM `quota_data`"),
            query_int(db, s, "SELECT COALESCE(SUM(`token_used`),0) FROM `quota_data`"),
            query_int(db, s, "SELECT count(*) FROM `quota_data`")};
}

TEST_P(Backend, ExpiredConsumeAndErrorLogsGoTheMoneyTrailStays) {
    migrate(*db_);
    for (int type : {1, 2, 3, 4, 5, 6})
        for (int64_t at : {kOldDay, kOldDay + 30 * kDay}) {
            Log l;
            l.user_id = 1;
            l.type = type;
            l.created_at = at;
            insert_log(*db_, l);
        }
    EXPECT_EQ(delete_expired_logs(*db_, kOldDay + kDay), 2);
    auto s = db_->session();
    EXPECT_EQ(query_int(*db_, s, "SELECT count(*) FROM `logs`"), 10);
    EXPECT_EQ(
        query_int(*db_, s, "SELECT count(*) FROM `logs` WHERE `type` IN (2, 5) AND `created_at` < ?", {kOldDay + kDay}),
        0);
}

TEST_P(Backend, OldHoursMergeIntoDaysWithTotalsKept) {
    migrate(*db_);
    for (int h = 0; h < 24; ++h) add_hour(*db_, "a", kOldDay + h * 3600, h + 1, 100 + h);  // 00:00 is day-aligned
    for (int h = 1; h < 4; ++h) add_hour(*db_, "b", kOldDay + kDay + h * 3600, 2, 7);
    add_hour(*db_, "a", kOldDay + 10 * kDay + 3600, 5, 50);  // recent: stays hourly
    auto before = totals(*db_);
    // Batches of 7 rows: a day's hours are split across transactions and still end in one row.
    Compaction c;
    int64_t merged = 0;
    do {
        c = compact_quota_data(*db_, kOldDay + 5 * kDay + 123, 7);
        merged += c.hourly_rows;
    } while (c.hourly_rows == 7);
    EXPECT_EQ(merged, 23 + 3);
    auto after = totals(*db_);
    EXPECT_EQ(std::vector<int64_t>(after.begin(), after.begin() + 3),
              std::vector<int64_t>(before.begin(), before.begin() + 3));
    EXPECT_EQ(after[3], 3);  // day of a, day of b, the recent hour
    auto s = db_->session();
    EXPECT_EQ(
        query_int(*db_, s, "SELECT `count` FROM `quota_data` WHERE `model_name` = 'a' AND `created_at` = ?", {kOldDay}),
        300);                                                                   // 1 + 2 + ... + 24
    EXPECT_EQ(compact_quota_data(*db_, kOldDay + 5 * kDay, 7).hourly_rows, 0);  // nothing left to merge
}

}  // namespace
}  // namespace gw_test
