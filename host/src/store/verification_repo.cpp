#include "store/verification_repo.hpp"

#include "store/transaction.hpp"

#include <Poco/Data/Session.h>
#include <openssl/sha.h>

#include <cstdio>

namespace gw::store {
namespace {

std::string sha256_hex(const std::string& text) {
    unsigned char d[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), d);
    char out[2 * SHA256_DIGEST_LENGTH + 1];
    for (size_t i = 0; i < SHA256_DIGEST_LENGTH; ++i) std::snprintf(out + 2 * i, 3, "%02x", d[i]);
    return out;
}

}  // namespace

void save_verification_code(Database& db, const std::string& purpose, const std::string& email, const std::string& code,
                            int64_t expires_at) {
    auto s = db.session();
    Transaction tx(db, s);
    execute(db, s, "DELETE FROM `verification_codes` WHERE `purpose` = ? AND `email` = ?", {purpose, email});
    execute(db, s,
            "INSERT INTO `verification_codes` (`purpose`, `email`, `code_hash`, `expires_at`, `attempts`) "
            "VALUES (?, ?, ?, ?, 0)",
            {purpose, email, sha256_hex(code), expires_at});
    tx.commit();
}

bool spend_verification_code(Database& db, const std::string& purpose, const std::string& email,
                             const std::string& code, int64_t now) {
    auto s = db.session();
    // The DELETE is the spend: of racing right guesses, one removes the row.
    if (execute(db, s,
                "DELETE FROM `verification_codes` WHERE `purpose` = ? AND `email` = ? AND `code_hash` = ? AND "
                "`expires_at` >= ? AND `attempts` < ?",
                {purpose, email, sha256_hex(code), now, int64_t{kVerificationMaxAttempts}}) == 1)
        return true;
    execute(db, s, "UPDATE `verification_codes` SET `attempts` = `attempts` + 1 WHERE `purpose` = ? AND `email` = ?",
            {purpose, email});
    return false;
}

}  // namespace gw::store
