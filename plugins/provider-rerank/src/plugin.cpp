// Rerank for Cohere (channel type 34) and Jina (38): POST {base_url}/v1/rerank with a Bearer key.
// Answers are normalised to {results, usage}; without upstream token counts the host bills its
// own estimate of the query and documents.
#include "rerank.hpp"

#include <gw/cpp/plugin.hpp>
#include <gw/cpp/upstream_helpers.hpp>

namespace {

class RerankProvider final : public gw::Provider {
public:
    explicit RerankProvider(std::string_view) {}

    gw_status build_request(gw::Request& req, std::string_view body, gw::UpstreamRequest& out,
                            const gw::ErrorSink& err) override {
        if (req.info.api != GW_API_RERANK) {
            err.set(400, "invalid_request_error", "unsupported_api", "this channel only serves /v1/rerank",
                    GW_ERRF_CLIENT_FAULT);
            return GW_ERR_UNSUPPORTED;
        }
        std::string why;
        auto upstream = rerank::upstream_body(vendor(req), body, req.info.upstream_model, why);
        if (!upstream) {
            err.set(400, "invalid_request_error", "invalid_rerank_request", why, GW_ERRF_CLIENT_FAULT);
            return GW_ERR_BAD_ARGUMENT;
        }
        out.method("POST")
            .url(gw::join_url(req.info.base_url, "/v1/rerank"))
            .header("Authorization", "Bearer " + std::string(req.info.api_key))
            .header("Content-Type", "application/json")
            .body(*upstream);
        return GW_OK;
    }

    gw_status parse_response(gw::Request& req, int status, std::string_view body, const gw::Output& out) override {
        if (status < 200 || status >= 300) {
            out.error().set(status, "upstream_error", "", rerank::error_message(body, status),
                            gw::error_flags_for_status(status));
            return GW_ERR_UPSTREAM;
        }
        auto answer = rerank::normalise(vendor(req), body);
        if (!answer) {
            out.error().set(502, "upstream_error", "bad_response_body", "the upstream's answer has no results",
                            GW_ERRF_RETRYABLE);
            return GW_ERR_PARSE;
        }
        if (answer->usage) out.usage(*answer->usage);
        out.emit(answer->body);
        return GW_OK;
    }

private:
    static rerank::Vendor vendor(const gw::Request& req) {
        return req.info.channel_type == 38 ? rerank::Vendor::jina : rerank::Vendor::cohere;
    }
};

gw::PluginDefinition define() {
    gw::ProviderSpec spec;
    spec.id = "org.newapi.provider.rerank";
    spec.name = "Rerank (Cohere, Jina)";
    spec.version = "1.0.0";
    spec.channel_types = {
        {34, "Cohere", "https://api.cohere.ai", {"rerank-v3.5", "rerank-english-v3.0", "rerank-multilingual-v3.0"}},
        {38, "Jina", "https://api.jina.ai", {"jina-reranker-v2-base-multilingual", "jina-reranker-m0"}}};
    spec.capabilities = {"rerank", "wire.openai"};
    gw::PluginDefinition def;
    def.provider<RerankProvider>(spec);
    return def;
}

}  // namespace

GW_PLUGIN("org.newapi.provider.rerank", "1.0.0", define)
