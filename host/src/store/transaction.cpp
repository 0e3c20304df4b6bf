#include "store/transaction.hpp"

#include <Poco/Data/Session.h>

namespace gw::store {

using namespace Poco::Data::Keywords;

// Native SQLite takes BEGIN IMMEDIATE (the write lock up front, no deadlocking upgrades); ODBC
// sessions run a transaction by leaving autocommit mode (Poco's ODBC begin() refuses to while
// autocommit is on) and return to it at the end.
Transaction::Transaction(Database& db, Poco::Data::Session& s) : db_(db), s_(s) {
    if (db_.odbc())
        s_.setFeature("autoCommit", false);
    else if (db_.dialect() == Dialect::sqlite)
        s_ << "BEGIN IMMEDIATE", now;
    else
        s_.begin();
}

Transaction::~Transaction() {
    if (done_) return;
    try {
        if (db_.dialect() == Dialect::sqlite && !db_.odbc())
            s_ << "ROLLBACK", now;
        else
            s_.rollback();
        if (db_.odbc()) s_.setFeature("autoCommit", true);
    } catch (...) {
    }
}

void Transaction::commit() {
    if (db_.dialect() == Dialect::sqlite && !db_.odbc())
        s_ << "COMMIT", now;
    else
        s_.commit();
    done_ = true;
    if (db_.odbc()) s_.setFeature("autoCommit", true);
}

const char* Transaction::lock_clause() const {
    return db_.dialect() == Dialect::sqlite ? "" : " FOR UPDATE";
}

}  // namespace gw::store
