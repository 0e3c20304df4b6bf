// Telling a user something the way their settings ask (New API's notify_type): an e-mail (to
// notification_email, else their address), a webhook (JSON {type,title,content,values,timestamp},
// signed with X-Webhook-Signature = hex HMAC-SHA256 of the body under webhook_secret), Bark (GET of
// bark_url with {{title}} and {{content}} filled in) or Gotify (POST <url>/message?token=).
// Those addresses are the user's: with fetch_setting.enable_ssrf_protection (default) they must
// resolve to public addresses unless fetch_setting.allow_private_ip. Blocks on the network: call
// it from a background thread.
#pragma once

#include "store/entities.hpp"

#include <string>
#include <vector>

namespace gw {
class Options;
}
namespace gw::upstream {
class HttpClient;
}

namespace gw::notify {

struct Notice {
    std::string type;  // "quota_exceed", ...
    std::string title;
    std::string content;  // "{{value}}" placeholders, filled from values in order
    std::vector<std::string> values;
};

// "" when delivered (or nowhere to deliver), else what failed.
std::string notify_user(upstream::HttpClient& http, const Options& options, const store::User& user,
                        const Notice& notice);

}  // namespace gw::notify
