// A write transaction on one session: SQLite takes its write lock up front (BEGIN IMMEDIATE) so
// concurrent read-then-write transactions queue instead of failing; others use the session's own.
// Rolls back unless commit() ran.
#pragma once

#include "store/database.hpp"

namespace gw::store {

class Transaction {
public:
    Transaction(Database& db, Poco::Data::Session& s);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    void commit();
    // " FOR UPDATE" where the dialect locks rows that way, else "".
    const char* lock_clause() const;

private:
    Database& db_;
    Poco::Data::Session& s_;
    bool done_ = false;
};

}  // namespace gw::store
