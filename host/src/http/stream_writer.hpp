// Writes a chunked response (e.g. Server-Sent Events) from any thread, chunk by chunk as data
// arrives. Pistache's ResponseStream::flush() aborts the process when called off the reactor, so
// this frames the chunked encoding itself and queues bytes through a SendGate (flow control: a
// slow client pauses the upstream transfer; one that takes nothing for long is cut off).
#pragma once

#include "http/responder.hpp"

#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace gw::http {

class SendGate;

class StreamWriter {
public:
    static constexpr size_t kMaxUnsent = 8u << 20;

    // Takes over the responder: the status line and headers are written at once.
    StreamWriter(const Responder& responder, int status, const HeaderList& headers);
    ~StreamWriter();
    StreamWriter(const StreamWriter&) = delete;
    StreamWriter& operator=(const StreamWriter&) = delete;

    // One chunk; false once the client is gone or stalled (the stream is then dead).
    bool write(std::string_view data);
    // The terminating chunk; the response is complete.
    void finish();
    // Ends the response without the terminating chunk and closes the connection, so the client
    // sees a truncated body rather than a complete one.
    void abort();
    // Cheap: whether the client connection still exists (polled by the upstream loop).
    bool alive() const;
    // Flow control: true while the client is not keeping up (pause the producer); `resume` runs
    // once it has caught up.
    bool backlogged();
    void on_caught_up(std::function<void()> resume);

private:
    bool send_raw(std::string bytes);

    std::shared_ptr<ResponderState> state_;
    std::shared_ptr<SendGate> gate_;
    bool finished_ = false;
};

}  // namespace gw::http
