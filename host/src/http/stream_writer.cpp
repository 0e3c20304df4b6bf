#include "http/stream_writer.hpp"

#include "http/responder_state.hpp"
#include "http/send_gate.hpp"

#include <pistache/peer.h>

#include <cstdio>

namespace gw::http {

namespace {

const char* reason(int status) {
    switch (status) {
        case 200:
            return "OK";
        case 400:
            return "Bad Request";
        case 401:
            return "Unauthorized";
        case 403:
            return "Forbidden";
        case 404:
            return "Not Found";
        case 429:
            return "Too Many Requests";
        case 500:
            return "Internal Server Error";
        case 502:
            return "Bad Gateway";
        case 503:
            return "Service Unavailable";
        default:
            return "Status";
    }
}

}  // namespace

StreamWriter::StreamWriter(const Responder& responder, int status, const HeaderList& headers)
    : state_(responder.state()),
      gate_(std::make_shared<SendGate>(state_->writer.getPeer(), state_->reactor, kMaxUnsent)) {
    state_->sent = true;  // from now on this writer owns the connection's answer
    std::string head = "HTTP/1.1 " + std::to_string(status) + " " + reason(status) + "\r\n";
    for (const auto& [n, v] : headers) head += n + ": " + v + "\r\n";
    head += "X-Oneapi-Request-Id: " + state_->request_id + "\r\n";
    head += std::string("Connection: ") + (state_->keep_alive ? "keep-alive" : "close") + "\r\n";
    head += "Transfer-Encoding: chunked\r\n\r\n";
    send_raw(std::move(head));
}

StreamWriter::~StreamWriter() {
    if (!finished_) gate_->shut();  // abandoned mid-stream: the client sees an incomplete body
}

bool StreamWriter::alive() const {
    return gate_->alive();
}

bool StreamWriter::send_raw(std::string bytes) {
    return gate_->push(std::move(bytes));
}

bool StreamWriter::write(std::string_view data) {
    if (data.empty()) return alive();
    char size[20];
    std::snprintf(size, sizeof size, "%zx\r\n", data.size());
    std::string chunk = size;
    chunk.append(data);
    chunk += "\r\n";
    return send_raw(std::move(chunk));
}

void StreamWriter::finish() {
    if (finished_) return;
    finished_ = true;
    send_raw("0\r\n\r\n");
}

}  // namespace gw::http
