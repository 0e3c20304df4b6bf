#include "api/signup.hpp"

#include "api/common.hpp"
#include "app/option_defaults.hpp"
#include "auth/random.hpp"
#include "store/cache.hpp"
#include "store/user_repo.hpp"

#include <algorithm>

namespace gw::api {
namespace {

// New API's invitation reward: QuotaForInviter into the inviter's affiliate quota (moved to the
// balance later with /api/user/aff_transfer).
void reward_inviter(AppContext& ctx, int64_t inviter_id) {
    int64_t amount = static_cast<int64_t>(Options(ctx.cache).number("QuotaForInviter"));
    if (!inviter_id || amount <= 0) return;
    store::credit_inviter(ctx.db, inviter_id, amount);
    ctx.cache.refresh_user(inviter_id);
    if (auto inviter = ctx.cache.users.get(inviter_id))
        write_log(ctx, 4, *inviter, "邀请用户赠送 " + format_quota(ctx, amount), 0);
}

int64_t inviter_of(AppContext& ctx, const std::string& aff_code) {
    if (aff_code.empty()) return 0;
    store::Where w;
    w.eq("aff_code", aff_code);
    auto inviters = store::list_users(ctx.db, w, {1, 1});
    return inviters.items.empty() ? 0 : inviters.items[0].id;
}

}  // namespace

int64_t sign_up(AppContext& ctx, store::User u, const std::string& aff_code) {
    Options o(ctx.cache);
    u.quota = static_cast<int64_t>(o.number("QuotaForNewUser"));
    u.aff_code = auth::random_alnum(4);
    u.created_at = now_seconds();
    u.inviter_id = inviter_of(ctx, aff_code);
    int64_t for_invitee = u.inviter_id ? static_cast<int64_t>(o.number("QuotaForInvitee")) : 0;
    int64_t signup_quota = u.quota;
    u.quota += std::max<int64_t>(for_invitee, 0);  // a new row: its opening balance
    u.id = store::insert_user(ctx.db, u);
    ctx.cache.refresh_user(u.id);
    if (signup_quota > 0) write_log(ctx, 4, u, "新用户注册赠送 " + format_quota(ctx, signup_quota), 0);
    if (for_invitee > 0) write_log(ctx, 4, u, "使用邀请码赠送 " + format_quota(ctx, for_invitee), 0);
    reward_inviter(ctx, u.inviter_id);
    return u.id;
}

}  // namespace gw::api
