// GET /api/channel/test/:id: until the relay lands this only checks that a provider plugin
// serves the channel's type and reports what is missing.
#include "api/auth.hpp"
#include "api/input.hpp"
#include "api/reply.hpp"
#include "plugin/registry.hpp"
#include "store/channel_repo.hpp"

namespace gw::api {

void register_channel_test(http::Router& router, AppContext& ctx) {
    router.get("/api/channel/test/:id", with_user(ctx, kRoleAdmin, [](AppContext& c, const store::User&,
                                                                     const http::HttpRequest& req,
                                                                     const http::Responder& res) {
        auto ch = store::find_channel(c.db, id_param(req));
        if (!ch) return reply_error(res, "渠道不存在");
        if (!c.plugins.provider_for_type(ch->type))
            return reply_error(res, "provider missing: no loaded plugin serves channel type " + std::to_string(ch->type));
        reply_error(res, "provider missing: this build has no relay to run a channel test");
    }));
}

}  // namespace gw::api
