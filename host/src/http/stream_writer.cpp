#include "http/stream_writer.hpp"

#include "http/responder_state.hpp"
#include "http/response_head.hpp"
#include "http/send_gate.hpp"

#include <pistache/peer.h>

#include <cstdio>

namespace gw::http {

StreamWriter::StreamWriter(const Responder& responder, int status, const HeaderList& headers)
    : state_(responder.state()),
      gate_(std::make_shared<SendGate>(state_->writer.getPeer(), state_->reactor, kMaxUnsent)) {
    state_->sent = true;  // from now on this writer owns the connection's answer
    state_->status = status;
    send_raw(response_head(*state_, status, headers, "Transfer-Encoding: chunked"));
}

StreamWriter::~StreamWriter() {
    if (!finished_) gate_->shut();  // abandoned mid-stream: the client sees an incomplete body
}

bool StreamWriter::alive() const {
    return gate_->alive();
}

bool StreamWriter::backlogged() {
    return gate_->backlogged();
}

void StreamWriter::on_caught_up(std::function<void()> resume) {
    gate_->on_drained(std::move(resume));
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
    gate_->end_response(!state_->keep_alive);
    state_->answered();
}

void StreamWriter::abort() {
    if (finished_) return;
    finished_ = true;
    gate_->end_response(true);
    state_->answered();
}

}  // namespace gw::http
