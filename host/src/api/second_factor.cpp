#include "api/second_factor.hpp"

#include "api/common.hpp"
#include "auth/password.hpp"
#include "auth/totp.hpp"
#include "store/twofa_repo.hpp"

#include <algorithm>

namespace gw::api {
namespace {

constexpr const char* kWrongCode = "验证码或备用码错误，请重试";

bool totp_accepted(AppContext& ctx, const store::TwoFA& t, const std::string& code, int64_t now) {
    auto step = auth::totp_step(t.secret, code, now);
    return step && store::claim_totp_step(ctx.db, t.user_id, *step * auth::kTotpStepSeconds);
}

bool backup_accepted(AppContext& ctx, int64_t user_id, const std::string& code, int64_t now) {
    auto normal = auth::normalize_backup_code(code);
    if (!normal) return false;
    for (const auto& c : store::unused_backup_codes(ctx.db, user_id))
        if (auth::verify_password(*normal, c.code_hash)) return store::spend_backup_code(ctx.db, user_id, c.id, now);
    return false;
}

}  // namespace

std::string check_second_factor(AppContext& ctx, int64_t user_id, const std::string& code, BackupCodes backup) {
    auto t = store::find_two_fa(ctx.db, user_id);
    if (!t || !t->is_enabled) return "用户未启用2FA";
    int64_t now = now_seconds();
    if (store::two_fa_locked(ctx.db, user_id, now)) return "尝试次数过多，账户已被锁定，请5分钟后重试";
    std::string digits = code;
    std::erase(digits, ' ');
    bool numeric = digits.size() == 6 && std::all_of(digits.begin(), digits.end(), ::isdigit);
    if (numeric && totp_accepted(ctx, *t, digits, now)) return "";
    if (!numeric && backup == BackupCodes::allowed && backup_accepted(ctx, user_id, code, now)) return "";
    store::record_two_fa_failure(ctx.db, user_id, now);
    return kWrongCode;
}

}  // namespace gw::api
