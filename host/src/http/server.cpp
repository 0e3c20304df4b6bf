#include "http/server.hpp"

#include "common/log.hpp"
#include "common/strings.hpp"
#include "http/reactor_transport.hpp"
#include "http/responder_state.hpp"

#include <pistache/http.h>
#include <pistache/listener.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <random>
#include <sstream>
#include <thread>

namespace gw::http {

using namespace Pistache;

namespace {

std::string new_request_id() {
    thread_local std::mt19937_64 rng{std::random_device{}()};
    auto now = std::chrono::system_clock::now();
    std::time_t t = std::chrono::system_clock::to_time_t(now);
    std::tm tm{};
    localtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y%m%d%H%M%S", &tm);
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    std::string id = buf;
    for (int i = 0; i < 8; ++i) id += alphabet[rng() % (sizeof alphabet - 1)];
    return id;
}

std::string method_name(Http::Method m) {
    switch (m) {
        case Http::Method::Get:
            return "GET";
        case Http::Method::Post:
            return "POST";
        case Http::Method::Put:
            return "PUT";
        case Http::Method::Delete:
            return "DELETE";
        case Http::Method::Patch:
            return "PATCH";
        case Http::Method::Options:
            return "OPTIONS";
        case Http::Method::Head:
            return "HEAD";
        default:
            return "OTHER";
    }
}

HttpRequest copy_request(const Http::Request& req) {
    HttpRequest r;
    r.method = method_name(req.method());
    r.path = req.resource();
    const auto& q = req.query();
    for (auto it = q.parameters_begin(); it != q.parameters_end(); ++it) r.query.emplace_back(it->first, it->second);
    for (const auto& [name, raw] : req.headers().rawList()) r.headers.emplace_back(to_lower(name), raw.value());
    thread_local std::ostringstream os;  // typed headers only render to streams; reuse one
    for (const auto& h : req.headers().list()) {
        os.str({});
        os.clear();
        h->write(os);
        r.headers.emplace_back(to_lower(h->name()), os.str());
    }
    for (const auto& c : req.cookies()) r.cookies[c.name] = c.value;
    r.body = req.body();
    r.remote_ip = req.address().host();
    return r;
}

}  // namespace

// State shared by every reactor thread's copy of the handler.
struct Core {
    ServerOptions options;
    Router& router;
    ThreadPool& workers;
    std::shared_ptr<std::atomic<int64_t>> in_flight;
    std::atomic<bool> draining{false};

    void on_request(const Http::Request& req, Http::ResponseWriter rw) {
        bool keep_alive = req.version() == Http::Version::Http11;
        if (auto conn = req.headers().tryGet<Http::Header::Connection>())
            keep_alive = conn->control() == Http::ConnectionControl::KeepAlive;
        bool refusing = draining.load();
        if (refusing) keep_alive = false;
        ++*in_flight;
        auto counter = in_flight;
        auto state =
            std::make_shared<ResponderState>(std::move(rw), keep_alive, new_request_id(), [counter] { --*counter; });
        Responder responder(state);
        if (refusing) return responder.send(503, R"({"success":false,"message":"server is shutting down"})");
        auto request = std::make_shared<HttpRequest>(copy_request(req));
        request->request_id = responder.request_id();
        dispatch(request, responder);
    }

    void dispatch(const std::shared_ptr<HttpRequest>& request, const Responder& responder) {
        if (request->body.size() > options.max_body_bytes)
            return responder.send(
                413,
                R"({"error":{"message":"request body too large","type":"new_api_error","param":"","code":"read_request_body_failed"}})");
        Router::Match m = router.match(*request);
        if (!m.handler) {
            if (m.path_known) return responder.send(405, R"({"success":false,"message":"method not allowed"})");
            return responder.send(404, R"({"success":false,"message":"not found"})");
        }
        const Handler* handler = m.handler;
        if (m.exec == Exec::inline_) return run(*handler, *request, responder);
        workers.post([handler, request, responder] { run(*handler, *request, responder); });
    }

    static void run(const Handler& h, HttpRequest& req, const Responder& res) {
        try {
            h(req, res);
        } catch (const ClientError& e) {
            nlohmann::json body = {{"success", false}, {"message", e.what()}};
            res.send(e.status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
        } catch (const std::exception& e) {
            log::error("request " + req.request_id + " " + req.method + " " + req.path + " failed: " + e.what());
            res.send(500, R"({"success":false,"message":"internal server error"})");
        }
    }
};

// Pistache clones the handler per reactor thread; each clone points at the same Core.
class PistacheHandler : public Http::Handler {
public:
    HTTP_PROTOTYPE(PistacheHandler)
    explicit PistacheHandler(std::shared_ptr<Core> core) : core_(std::move(core)) {}
    void onRequest(const Http::Request& req, Http::ResponseWriter rw) override {
        core_->on_request(req, std::move(rw));
    }

private:
    std::shared_ptr<Core> core_;
};

class Server::Impl {
public:
    std::shared_ptr<Core> core;
    std::unique_ptr<Tcp::Listener> listener;
};

Server::Server(ServerOptions options, Router& router, ThreadPool& workers)
    : impl_(std::make_unique<Impl>()), in_flight_(std::make_shared<std::atomic<int64_t>>(0)) {
    impl_->core = std::shared_ptr<Core>(new Core{options, router, workers, in_flight_});
}

Server::~Server() {
    stop();
}

// A Tcp::Listener with our own transport rather than Http::Endpoint: the transport hosts the
// upstream loops on the reactor threads and does the endpoint's idle checks itself.
void Server::start() {
    const ServerOptions& o = impl_->core->options;
    auto handler = Http::make_handler<PistacheHandler>(impl_->core);
    handler->setMaxRequestSize(o.max_body_bytes * 2 + (64u << 10));
    handler->setMaxResponseSize(Const::DefaultMaxResponseSize);
    auto limit = std::chrono::seconds(o.long_request_seconds);
    auto settings = std::make_shared<const TransportSettings>(
        TransportSettings{limit, limit, std::chrono::seconds(o.keepalive_seconds), o.guest});
    auto slots = std::make_shared<std::atomic<size_t>>(0);
    impl_->listener = std::make_unique<Tcp::Listener>(Address(Ipv4::any(), Port(static_cast<uint16_t>(o.port))));
    impl_->listener->init(static_cast<size_t>(o.threads),
                          Flags<Tcp::Options>(Tcp::Options::ReuseAddr) | Tcp::Options::NoDelay);
    impl_->listener->setTransportFactory(
        [handler, settings, slots] { return std::make_shared<ReactorTransport>(handler, settings, slots); });
    impl_->listener->setHandler(handler);
    impl_->listener->bind();
    impl_->listener->runThreaded();
}

uint16_t Server::port() const {
    return static_cast<uint16_t>(impl_->listener->getPort());
}

void Server::drain(int seconds) {
    impl_->core->draining = true;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    while (in_flight_->load() > 0 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    if (in_flight_->load() > 0)
        log::warn("shutdown: " + std::to_string(in_flight_->load()) + " requests still in flight at the deadline");
}

void Server::stop() {
    if (!impl_->listener) return;
    impl_->listener->shutdown();
    impl_->listener.reset();
}

}  // namespace gw::http
