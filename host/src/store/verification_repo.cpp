#include "store/verification_repo.hpp"

#include "common/digest.hpp"
#include "store/transaction.hpp"

#include <Poco/Data/Session.h>

namespace gw::store {

void save_verification_code(Database& db, const std::string& purpose, const std::string& email, const std::string& code,
                            int64_t expires_at) {
    auto s = db.session();
    Transaction tx(db, s);
    execute(db, s, "DELETE FROM `verification_codes` WHERE `purpose` = ? AND `email` = ?", {purpose, email});
    execute(db, s,
            "INSERT INTO `verification_codes` (`purpose`, `email`, `code_hash`, `expires_at`, `attempts`) "
            "VALUES (?, ?, ?, ?, 0)",
            {purpose, email, to_hex(sha256(code)), expires_at});
    tx.commit();
}

bool spend_verification_code(Database& db, const std::string& purpose, const std::string& email,
                             const std::string& code, int64_t now) {
    auto s = db.session();
    // The DELETE is the spend: of racing right guesses, one removes the row.
    if (execute(db, s,
                "DELETE FROM `verification_codes` WHERE `purpose` = ? AND `email` = ? AND `code_hash` = ? AND "
                "`expires_at` >= ? AND `attempts` < ?",
                {purpose, email, to_hex(sha256(code)), now, int64_t{kVerificationMaxAttempts}}) == 1)
        return true;
    execute(db, s, "UPDATE `verification_codes` SET `attempts` = `attempts` + 1 WHERE `purpose` = ? AND `email` = ?",
            {purpose, email});
    return false;
}

}  // namespace gw::store
