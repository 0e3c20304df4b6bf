// Reading and writing entities (entities.hpp) through Poco Data, column lists generated from each
// entity's fields(). Include only in store implementation files: it pulls in Poco Data.
#pragma once

#include "store/database.hpp"
#include "store/entities.hpp"
#include "store/query.hpp"

#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/Data/TypeHandler.h>
#include <Poco/Nullable.h>

#include <algorithm>
#include <concepts>
#include <initializer_list>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace gw::store {

template <class T>
concept Entity = requires {
    { T::table } -> std::convertible_to<const char*>;
    T::fields();
};

template <class T, class Fn>
void for_each_field(Fn&& fn) {
    std::apply([&](auto... f) { (fn(f), ...); }, T::fields());
}

// "`id`,`username`,..." (all columns, or all but `id`).
template <Entity T>
std::string column_list(bool with_id = true) {
    std::string cols;
    for_each_field<T>([&](auto f) {
        if (!with_id && std::string_view(f.name) == "id") return;
        cols += (cols.empty() ? "`" : ",`") + std::string(f.name) + "`";
    });
    return cols;
}

template <class M>
SqlValue to_sql_value(const M& v) {
    if constexpr (std::is_same_v<M, std::optional<std::string>>)
        return v ? SqlValue(*v) : SqlValue(nullptr);
    else if constexpr (std::is_same_v<M, bool> || std::is_same_v<M, double> || std::is_same_v<M, std::string>)
        return SqlValue(v);
    else
        return SqlValue(static_cast<int64_t>(v));
}

// Values of every column (or all but `id`), in column_list order.
template <Entity T>
Params values_of(const T& obj, bool with_id = true) {
    Params out;
    for_each_field<T>([&](auto f) {
        if (!with_id && std::string_view(f.name) == "id") return;
        out.push_back(to_sql_value(obj.*(f.member)));
    });
    return out;
}

// SELECT <all columns> FROM <table> <tail>, e.g. tail = "WHERE `id` = ?".
template <Entity T>
std::vector<T> select_rows(Database& db, Poco::Data::Session& s, std::string_view tail, const Params& params = {}) {
    std::vector<T> rows;
    Poco::Data::Statement st(s);
    st << db.sql("SELECT " + column_list<T>() + " FROM `" + T::table + "` " + std::string(tail)),
        Poco::Data::Keywords::into(rows);
    bind_params(st, params);
    st.execute();
    return rows;
}

template <Entity T>
std::optional<T> select_one(Database& db, Poco::Data::Session& s, std::string_view tail, const Params& params = {}) {
    // MySQL takes LIMIT only before a locking clause (Transaction::lock_clause).
    std::string sql(tail);
    constexpr std::string_view lock = " FOR UPDATE";
    if (tail.ends_with(lock))
        sql.insert(sql.size() - lock.size(), " LIMIT 1");
    else
        sql += " LIMIT 1";
    auto rows = select_rows<T>(db, s, sql, params);
    if (rows.empty()) return std::nullopt;
    return std::move(rows.front());
}

// One page of rows matching `where`, plus the total count.
template <Entity T>
Rows<T> select_page(Database& db, Poco::Data::Session& s, const Where& where, const std::string& order,
                    const Page& page) {
    Rows<T> out;
    out.total = query_int(db, s, "SELECT count(*) FROM `" + std::string(T::table) + "` " + where.sql(), where.params());
    Params params = where.params();
    std::string tail = where.sql() + " " + order + limit_clause(page, params);
    out.items = select_rows<T>(db, s, tail, params);
    return out;
}

// INSERT without `id`; returns the new id (read on the same session, as the dialect requires).
template <Entity T>
int64_t insert_row(Database& db, Poco::Data::Session& s, const T& obj) {
    std::string cols = column_list<T>(false);
    Params values = values_of(obj, false);
    std::string marks;
    for (size_t i = 0; i < values.size(); ++i) marks += i ? ",?" : "?";
    std::string sql = "INSERT INTO `" + std::string(T::table) + "` (" + cols + ") VALUES (" + marks + ")";
    if (db.dialect() == Dialect::postgres) return query_int(db, s, sql + " RETURNING `id`", values);
    execute(db, s, sql, values);
    return query_int(db, s, db.dialect() == Dialect::sqlite ? "SELECT last_insert_rowid()" : "SELECT LAST_INSERT_ID()");
}

template <Entity T>
const T& row_of(const T& row) {
    return row;
}
template <Entity T>
const T& row_of(const T* row) {
    return *row;
}

// Many rows (or pointers to them), several per INSERT statement (far cheaper than one statement a
// row); ids not read.
template <class Row>
void insert_rows(Database& db, Poco::Data::Session& s, const std::vector<Row>& rows, size_t per_statement = 200) {
    using T = std::remove_cvref_t<decltype(row_of(rows.front()))>;
    if (rows.empty()) return;
    std::string head = "INSERT INTO `" + std::string(T::table) + "` (" + column_list<T>(false) + ") VALUES ";
    for (size_t at = 0; at < rows.size(); at += per_statement) {
        size_t n = std::min(per_statement, rows.size() - at);
        std::string sql = head;
        Params values;
        for (size_t r = 0; r < n; ++r) {
            Params one = values_of(row_of(rows[at + r]), false);
            sql += r ? ",(" : "(";
            for (size_t i = 0; i < one.size(); ++i) sql += i ? ",?" : "?";
            sql += ")";
            values.insert(values.end(), std::make_move_iterator(one.begin()), std::make_move_iterator(one.end()));
        }
        execute(db, s, sql, values);
    }
}

// Balance columns change by deltas alone: a repository refuses them in a column list.
inline void refuse_money_columns(const std::vector<std::string_view>& columns,
                                 std::initializer_list<std::string_view> money) {
    for (auto c : columns)
        if (std::find(money.begin(), money.end(), c) != money.end())
            throw std::logic_error("balance column " + std::string(c) + " is written by deltas only");
}

// UPDATE only the named columns WHERE `id` = obj.id (and `guard`, e.g. "AND `status` <> 3"). A
// write names what it changes, so it never puts back a column (a balance) read earlier; an unknown
// name is a programming error.
template <Entity T>
size_t update_columns(Database& db, Poco::Data::Session& s, const T& obj, const std::vector<std::string_view>& names,
                      std::string_view guard = "", const Params& guard_params = {}) {
    std::string sets;
    Params values;
    for_each_field<T>([&](auto f) {
        if (std::find(names.begin(), names.end(), std::string_view(f.name)) == names.end()) return;
        sets += (sets.empty() ? "`" : ",`") + std::string(f.name) + "`=?";
        values.push_back(to_sql_value(obj.*(f.member)));
    });
    if (values.size() != names.size() || values.empty())
        throw std::logic_error(std::string("update_columns: unknown or no column of ") + T::table);
    values.push_back(static_cast<int64_t>(obj.id));
    values.insert(values.end(), guard_params.begin(), guard_params.end());
    return execute(db, s, "UPDATE `" + std::string(T::table) + "` SET " + sets + " WHERE `id`=? " + std::string(guard),
                   values);
}

}  // namespace gw::store

namespace Poco::Data {

// std::optional<std::string> maps to a nullable column.
template <>
class TypeHandler<std::optional<std::string>> : public AbstractTypeHandler {
public:
    static std::size_t size() { return 1; }
    static void bind(std::size_t pos, const std::optional<std::string>& v, AbstractBinder::Ptr b,
                     AbstractBinder::Direction d) {
        if (v)
            TypeHandler<std::string>::bind(pos, *v, b, d);
        else
            b->bind(pos, Poco::Data::Keywords::null, d);
    }
    static void prepare(std::size_t pos, const std::optional<std::string>&, AbstractPreparator::Ptr p) {
        std::string tmp;
        TypeHandler<std::string>::prepare(pos, tmp, p);
    }
    static void extract(std::size_t pos, std::optional<std::string>& v, const std::optional<std::string>&,
                        AbstractExtractor::Ptr e) {
        std::string tmp;
        if (e->extract(pos, tmp) && !e->isNull(pos))
            v = std::move(tmp);
        else
            v.reset();
    }
};

// Every entity is read field by field with the field's own type handler, so the declared column
// types of an existing database do not matter.
template <class T>
requires gw::store::Entity<T>
class TypeHandler<T> : public AbstractTypeHandler {
public:
    static std::size_t size() { return std::tuple_size_v<decltype(T::fields())>; }
    static void bind(std::size_t pos, const T& obj, AbstractBinder::Ptr b, AbstractBinder::Direction d) {
        gw::store::for_each_field<T>([&](auto f) {
            using M = std::decay_t<decltype(obj.*(f.member))>;
            TypeHandler<M>::bind(pos++, obj.*(f.member), b, d);
        });
    }
    static void prepare(std::size_t pos, const T& obj, AbstractPreparator::Ptr p) {
        gw::store::for_each_field<T>([&](auto f) {
            using M = std::decay_t<decltype(obj.*(f.member))>;
            TypeHandler<M>::prepare(pos++, obj.*(f.member), p);
        });
    }
    static void extract(std::size_t pos, T& obj, const T& def, AbstractExtractor::Ptr e) {
        gw::store::for_each_field<T>([&](auto f) {
            using M = std::decay_t<decltype(obj.*(f.member))>;
            TypeHandler<M>::extract(pos++, obj.*(f.member), def.*(f.member), e);
        });
    }
};

}  // namespace Poco::Data
