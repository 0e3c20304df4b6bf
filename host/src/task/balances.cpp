#include "task/balances.hpp"

#include "billing/shared_quota.hpp"
#include "cluster/node.hpp"
#include "store/cache.hpp"
#include "task/task_services.hpp"

#include <string>

namespace gw::task {

void balances_moved(TaskServices& s, int64_t user_id, int64_t token_id, int64_t charged) {
    if (charged == 0) return;
    if (auto* shared = s.node ? s.node->shared_quota() : nullptr) shared->adjust(user_id, token_id, -charged);
    s.cache.refresh_user(user_id);
    if (token_id) {
        s.cache.apply_remote("token:" + std::to_string(token_id));
        s.cache.announce_balances({}, {token_id});
    }
}

}  // namespace gw::task
