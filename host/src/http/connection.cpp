#include "http/connection.hpp"

#include <pistache/peer.h>

namespace gw::http {

namespace {
const std::string kKey = "gw.connection";
}

std::shared_ptr<Connection> connection_of(const std::shared_ptr<Pistache::Tcp::Peer>& peer) {
    return std::static_pointer_cast<Connection>(peer->tryGetData(kKey));
}

void attach_connection(const std::shared_ptr<Pistache::Tcp::Peer>& peer, std::shared_ptr<Connection> conn) {
    peer->putData(kKey, std::move(conn));
}

}  // namespace gw::http
