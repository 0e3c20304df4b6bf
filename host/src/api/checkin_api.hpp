// Daily check-in (New API's /api/user/checkin): GET the month's check-ins and totals, POST to
// check in once a day for a random reward in [checkin_setting.min_quota, max_quota], credited in
// the same transaction as the check-in (store/checkin_repo.hpp). Days are the server's local days.
#pragma once

#include "app/context.hpp"
#include "http/router.hpp"

namespace gw::api {

void register_checkin_api(http::Router& router, AppContext& ctx);

}  // namespace gw::api
