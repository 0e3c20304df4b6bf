#include "relay/provider_calls.hpp"

#include "plugin/abi_str.hpp"

namespace gw::relay {
namespace {

using plugin::from_abi;

void GW_ABI record(void* ctx, int32_t status, gw_str type, gw_str code, gw_str message, uint32_t flags) {
    *static_cast<ProviderError*>(ctx) = ProviderError{
        true, status, std::string(from_abi(type)), std::string(from_abi(code)), std::string(from_abi(message)), flags};
}

struct BuildState {
    BuiltRequest& out;
    std::string body;
    bool original = false;
};

}  // namespace

gw_error_sink error_sink(ProviderError& into) {
    return gw_error_sink{sizeof(gw_error_sink), &into, &record};
}

BuiltRequest build_through(const std::shared_ptr<const std::string>& body,
                           const std::function<gw_status(const gw_upstream_sink*, const gw_error_sink*)>& call) {
    BuiltRequest out;
    BuildState st{out, {}, false};
    gw_upstream_sink sink{
        sizeof(gw_upstream_sink),
        &st,
        [](void* c, gw_str m) { static_cast<BuildState*>(c)->out.request.method = std::string(from_abi(m)); },
        [](void* c, gw_str u) { static_cast<BuildState*>(c)->out.request.url = std::string(from_abi(u)); },
        [](void* c, gw_str n, gw_str v) {
            static_cast<BuildState*>(c)->out.request.headers.emplace_back(std::string(from_abi(n)),
                                                                          std::string(from_abi(v)));
        },
        [](void* c, gw_str b) { static_cast<BuildState*>(c)->body.append(from_abi(b)); },
        [](void* c) { static_cast<BuildState*>(c)->original = true; },
        [](void* c, gw_framing f) { static_cast<BuildState*>(c)->out.framing = f; }};
    gw_error_sink esink = error_sink(out.error);
    out.status = call(&sink, &esink);
    out.request.body = st.original ? body : std::make_shared<const std::string>(std::move(st.body));
    return out;
}

BuiltRequest build_upstream_request(const gw_provider* provider, void* req,
                                    const std::shared_ptr<const std::string>& body) {
    return build_through(body, [&](const gw_upstream_sink* sink, const gw_error_sink* err) {
        return provider->build_request(provider, req, plugin::to_abi(*body), sink, err);
    });
}

}  // namespace gw::relay
