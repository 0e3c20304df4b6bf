// The Pistache handler of one reactor thread: it frames requests from each connection's bytes
// itself (RequestReader) instead of Pistache's parser, which re-reads a head from its start on
// every read, buffers whole requests twice and drops pipelined requests. Requests on one
// connection are answered one at a time, in order.
#pragma once

#include "http/connection.hpp"
#include "http/server_core.hpp"

#include <pistache/http.h>

namespace gw::http {

class ConnectionHandler : public Pistache::Http::Handler {
public:
    HTTP_PROTOTYPE(ConnectionHandler)
    explicit ConnectionHandler(std::shared_ptr<Core> core) : core_(std::move(core)) {}

    void onConnection(const std::shared_ptr<Pistache::Tcp::Peer>& peer) override;
    void onInput(const char* buffer, size_t len, const std::shared_ptr<Pistache::Tcp::Peer>& peer) override;
    void onDisconnection(const std::shared_ptr<Pistache::Tcp::Peer>& peer) override;
    // Unused: onInput frames and answers requests itself.
    void onRequest(const Pistache::Http::Request&, Pistache::Http::ResponseWriter) override {}

private:
    using PeerPtr = std::shared_ptr<Pistache::Tcp::Peer>;
    using ConnPtr = std::shared_ptr<Connection>;
    void pump(const PeerPtr& peer, const ConnPtr& conn);
    bool accept_head(const PeerPtr& peer, const ConnPtr& conn);
    void start(const PeerPtr& peer, const ConnPtr& conn);
    void refuse(const PeerPtr& peer, const ConnPtr& conn, int status, const std::string& body,
                std::string request_id = new_request_id());
    Pistache::Http::ResponseWriter writer(const PeerPtr& peer, bool http11);

    std::shared_ptr<Core> core_;
};

}  // namespace gw::http
