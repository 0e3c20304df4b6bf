// A third-party provider written against the installed SDK only.
#include <gw/cpp/plugin.hpp>

namespace {

class AcmeProvider final : public gw::Provider {
public:
    explicit AcmeProvider(std::string_view) {}
    gw_status build_request(gw::Request& req, std::string_view, gw::UpstreamRequest& out,
                            const gw::ErrorSink&) override {
        out.method("POST").url(std::string(req.info.base_url) + "/v1/generate");
        out.header("X-Acme-Key", req.info.api_key).original_body();
        return GW_OK;
    }
    gw_status parse_response(gw::Request&, int status, std::string_view body, const gw::Output& out) override {
        if (status != 200) {
            out.error().set(status, "upstream_error", "", body, GW_ERRF_RETRYABLE);
            return GW_ERR_UPSTREAM;
        }
        out.emit(body);
        return GW_OK;
    }
};

gw::PluginDefinition define() {
    gw::ProviderSpec spec;
    spec.id = "com.acme.provider";
    spec.name = "Acme";
    spec.vendor = "Acme Inc.";
    spec.version = "0.1.0";
    spec.channel_types = {{9100, "Acme", "https://api.acme.example", {"acme-large"}}};
    spec.capabilities = {"chat", "wire.openai"};
    gw::PluginDefinition def;
    def.provider<AcmeProvider>(spec);
    return def;
}

}  // namespace

GW_PLUGIN("com.acme.provider", "0.1.0", define)
