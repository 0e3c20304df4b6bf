// The part of an OpenAI-compatible provider that does not depend on where the upstream lives:
// body tweaks, framing, usage (chat, completions, embeddings and Responses) and error reading.
// Front ends (OpenAI, Azure) supply the URL and the auth headers.
#pragma once

#include <gw/cpp/plugin.hpp>

#include <string>

namespace openai_plugin {

// The path below /v1 (OpenAI) or a deployment (Azure) of an image or audio operation, e.g.
// "images/edits"; empty for the other operations.
std::string media_path(const gw::RequestInfo& info);

class OpenAICompatProvider : public gw::Provider {
public:
    std::unique_ptr<gw::Request> begin(const gw::RequestInfo& info) override;
    gw_status build_request(gw::Request& req, std::string_view body, gw::UpstreamRequest& out,
                            const gw::ErrorSink& err) override;
    gw_status on_response_head(gw::Request&, const gw::ResponseHead& head, gw_framing& framing,
                               const gw::ErrorSink&) override;
    gw_status parse_response(gw::Request&, int status, std::string_view body, const gw::Output& out) override;
    gw_status parse_stream_event(gw::Request& req, const gw_stream_event& ev, const gw::Output& out) override;
    gw_status finish_stream(gw::Request& req, const gw::Output& out) override;

protected:
    // The URL for a request whose body names `model` (after suffix handling).
    virtual std::string url(const gw::RequestInfo& info, const std::string& model) const = 0;
    // Auth and any other headers the upstream needs.
    virtual void add_headers(const gw::RequestInfo& info, gw::UpstreamRequest& out) const = 0;
};

}  // namespace openai_plugin
