#include "upstream/ws_client.hpp"

#include "common/log.hpp"
#include "common/strings.hpp"
#include "common/thread_name.hpp"

#include <curl/curl.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <chrono>
#include <thread>

namespace gw::upstream {

namespace {

using http::WsOp;

struct UrlParts {
    std::string curl_url, host, target;  // target: path and query
};

UrlParts split_url(const std::string& url) {
    std::string u = url;
    if (starts_with(u, "wss://")) u = "https://" + u.substr(6);
    if (starts_with(u, "ws://")) u = "http://" + u.substr(5);
    size_t scheme = u.find("://");
    size_t path = u.find('/', scheme == std::string::npos ? 0 : scheme + 3);
    UrlParts p;
    p.curl_url = u;
    p.host = u.substr(scheme + 3, path == std::string::npos ? std::string::npos : path - scheme - 3);
    p.target = path == std::string::npos ? "/" : u.substr(path);
    return p;
}

int wait_socket(int sock, short events, int timeout_ms) {
    pollfd p{sock, events, 0};
    return ::poll(&p, 1, timeout_ms);
}

}  // namespace

WsClient::WsClient(Target target, Handlers handlers)
    : target_(std::move(target)), handlers_(std::move(handlers)), wake_fd_(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {}

WsClient::~WsClient() {
    if (wake_fd_ >= 0) ::close(wake_fd_);
}

std::shared_ptr<WsClient> WsClient::connect(Target target, Handlers handlers) {
    std::shared_ptr<WsClient> c(new WsClient(std::move(target), std::move(handlers)));
    std::thread([c] {
        name_this_thread("realtime");
        c->run();
    }).detach();  // the thread owns a reference until the socket ends
    return c;
}

void WsClient::wake() {
    uint64_t one = 1;
    [[maybe_unused]] auto n = ::write(wake_fd_, &one, sizeof one);
}

void WsClient::send(WsOp op, std::string payload) {
    {
        std::lock_guard lock(mutex_);
        outbox_.push_back(http::ws_frame(op, payload, true));
    }
    wake();
}

void WsClient::close(uint16_t code) {
    {
        std::lock_guard lock(mutex_);
        if (!stop_) outbox_.push_back(http::ws_frame(WsOp::close, http::ws_close_payload(code, ""), true));
        close_code_ = code;
    }
    stop_ = true;
    wake();
}

bool WsClient::send_all(void* curl, std::string_view bytes) {
    while (!bytes.empty()) {
        size_t n = 0;
        CURLcode rc = curl_easy_send(static_cast<CURL*>(curl), bytes.data(), bytes.size(), &n);
        if (rc == CURLE_AGAIN) {
            if (wait_socket(sock_, POLLOUT, 10000) <= 0) return false;
            continue;
        }
        if (rc != CURLE_OK) return false;
        bytes.remove_prefix(n);
    }
    return true;
}

void WsClient::run() {
    CURL* curl = curl_easy_init();
    UrlParts url = split_url(target_.url);
    curl_easy_setopt(curl, CURLOPT_URL, url.curl_url.c_str());
    curl_easy_setopt(curl, CURLOPT_CONNECT_ONLY, 1L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, target_.connect_timeout_ms);
    if (!target_.proxy.empty()) curl_easy_setopt(curl, CURLOPT_PROXY, target_.proxy.c_str());
    CURLcode rc = curl_easy_perform(curl);
    curl_socket_t sock = CURL_SOCKET_BAD;
    if (rc == CURLE_OK) curl_easy_getinfo(curl, CURLINFO_ACTIVESOCKET, &sock);
    sock_ = static_cast<int>(sock);
    std::string leftover;
    if (rc != CURLE_OK || sock == CURL_SOCKET_BAD) {
        if (handlers_.on_refused) handlers_.on_refused(0, curl_easy_strerror(rc));
    } else if (handshake(curl, leftover)) {
        if (handlers_.on_open) handlers_.on_open();
        pump(curl, std::move(leftover));
        if (handlers_.on_closed) handlers_.on_closed(close_code_);
    }
    curl_easy_cleanup(curl);
}

// Sends the upgrade request and reads the answer's head; on anything but 101 the upstream's
// status and body go to on_refused.
bool WsClient::handshake(void* curl, std::string& leftover) {
    std::string key = http::ws_new_key();
    std::string req =
        "GET " + std::string(split_url(target_.url).target) + " HTTP/1.1\r\nHost: " + split_url(target_.url).host +
        "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: " + key +
        "\r\n";
    for (const auto& [n, v] : target_.headers) req += n + ": " + v + "\r\n";
    auto refuse = [&](int status, std::string body) {
        if (handlers_.on_refused) handlers_.on_refused(status, std::move(body));
        return false;
    };
    if (!send_all(curl, req + "\r\n")) return refuse(0, "upstream connection failed while upgrading");
    std::string in;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    size_t end = std::string::npos;
    char buf[16384];
    while ((end = in.find("\r\n\r\n")) == std::string::npos) {
        if (in.size() > 65536 || std::chrono::steady_clock::now() > deadline) return refuse(0, "no upgrade answer");
        size_t n = 0;
        CURLcode rc = curl_easy_recv(static_cast<CURL*>(curl), buf, sizeof buf, &n);
        if (rc == CURLE_AGAIN) {
            wait_socket(sock_, POLLIN, 1000);
            continue;
        }
        if (rc != CURLE_OK || n == 0) return refuse(0, "upstream closed the connection while upgrading");
        in.append(buf, n);
    }
    std::string head = in.substr(0, end);
    leftover = in.substr(end + 4);
    int status = head.size() > 12 ? std::atoi(head.c_str() + 9) : 0;
    if (status != 101) return refuse(status, leftover);  // the body read so far (errors are small)
    std::string accept = http::ws_accept_key(key);
    if (to_lower(head).find(to_lower(accept)) == std::string::npos && head.find(accept) == std::string::npos)
        return refuse(502, "upstream answered the upgrade with a wrong Sec-WebSocket-Accept");
    return true;
}

void WsClient::pump(void* curl, std::string leftover) {
    http::WsReader reader(false, kMaxMessage);
    std::vector<http::WsMessage> messages;
    bool closing = false;
    auto deliver = [&](std::string_view bytes) {
        messages.clear();
        bool ok = reader.feed(bytes, messages);
        for (auto& m : messages) {
            if (m.op == WsOp::ping) {
                send(WsOp::pong, m.payload);
            } else if (m.op == WsOp::close) {
                close_code_ = http::ws_close_code(m.payload);
                if (!stop_) send_all(curl, http::ws_frame(WsOp::close, m.payload.substr(0, 2), true));
                return false;
            } else if (m.op != WsOp::pong && handlers_.on_message) {
                handlers_.on_message(std::move(m));
            }
        }
        if (!ok) close_code_ = reader.close_code();
        return ok;
    };
    if (!leftover.empty() && !deliver(leftover)) return;
    char buf[65536];
    while (!closing) {
        std::deque<std::string> out;
        {
            std::lock_guard lock(mutex_);
            out.swap(outbox_);
        }
        for (const auto& frame : out)
            if (!send_all(curl, frame)) return;
        if (stop_) closing = true;  // our close frame is out: stop reading
        pollfd fds[2] = {{sock_, POLLIN, 0}, {wake_fd_, POLLIN, 0}};
        if (::poll(fds, 2, 1000) < 0) return;
        if (fds[1].revents) {
            uint64_t v;
            [[maybe_unused]] auto n = ::read(wake_fd_, &v, sizeof v);
        }
        if (!(fds[0].revents & (POLLIN | POLLHUP | POLLERR))) continue;
        for (;;) {
            size_t n = 0;
            CURLcode rc = curl_easy_recv(static_cast<CURL*>(curl), buf, sizeof buf, &n);
            if (rc == CURLE_AGAIN) break;
            if (rc != CURLE_OK || n == 0) {
                close_code_ = 1006;
                return;
            }
            if (!deliver(std::string_view(buf, n))) return;
        }
    }
}

}  // namespace gw::upstream
