#include "store/transaction.hpp"

#include <Poco/Data/Session.h>

namespace gw::store {

using namespace Poco::Data::Keywords;

Transaction::Transaction(Database& db, Poco::Data::Session& s) : db_(db), s_(s) {
    if (db_.dialect() == Dialect::sqlite)
        s_ << "BEGIN IMMEDIATE", now;
    else
        s_.begin();
}

Transaction::~Transaction() {
    if (done_) return;
    try {
        if (db_.dialect() == Dialect::sqlite)
            s_ << "ROLLBACK", now;
        else
            s_.rollback();
    } catch (...) {
    }
}

void Transaction::commit() {
    if (db_.dialect() == Dialect::sqlite)
        s_ << "COMMIT", now;
    else
        s_.commit();
    done_ = true;
}

const char* Transaction::lock_clause() const {
    return db_.dialect() == Dialect::sqlite ? "" : " FOR UPDATE";
}

}  // namespace gw::store
