// Builds a WHERE clause from optional filters, in portable SQL with bound parameters.
#pragma once

#include "store/database.hpp"

#include <string>
#include <vector>

namespace gw::store {

class Where {
public:
    Where& add(const std::string& condition, Params values = {}) {
        sql_ += (sql_.empty() ? "WHERE " : " AND ") + condition;
        for (auto& v : values) params_.push_back(std::move(v));
        return *this;
    }
    Where& eq(const std::string& column, SqlValue v) { return add("`" + column + "` = ?", {std::move(v)}); }
    const std::string& sql() const { return sql_; }
    const Params& params() const { return params_; }

private:
    std::string sql_;
    Params params_;
};

struct Page {
    int page = 1;  // 1-based
    int size = 10;
    int64_t offset() const { return static_cast<int64_t>(page - 1) * size; }
};

template <class T>
struct Rows {
    std::vector<T> items;
    int64_t total = 0;
};

// "LIMIT ? OFFSET ?" with its two parameters appended to params.
std::string limit_clause(const Page& p, Params& params);

}  // namespace gw::store
