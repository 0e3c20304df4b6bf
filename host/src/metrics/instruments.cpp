#include "metrics/instruments.hpp"

#include <charconv>

namespace gw::metrics {
namespace {

// The families register together on the first use of any instrument.
template <class F>
F& registered(F& family) {
    registry().add(&family);
    return family;
}

struct Instruments {
    Family<Counter>& http_requests = registered(
        *new Family<Counter>("gw_http_requests_total", "HTTP requests answered, by method, route pattern and status.",
                             "counter", {"method", "route", "status"}));
    HistogramFamily& http_seconds = registered(*new HistogramFamily(
        "gw_http_request_duration_seconds", "Time from a complete request to its queued answer, by route pattern.",
        {"route"}, latency_buckets()));
    Family<Counter>& relay_requests = registered(
        *new Family<Counter>("gw_relay_requests_total", "Relay requests finished, by model, channel id and status.",
                             "counter", {"model", "channel", "status"}));
    HistogramFamily& relay_seconds = registered(
        *new HistogramFamily("gw_relay_request_duration_seconds", "Relay request duration to the last byte, by model.",
                             {"model"}, latency_buckets()));
    HistogramFamily& first_token =
        registered(*new HistogramFamily("gw_relay_time_to_first_token_seconds",
                                        "Time to a stream's first event, by model.", {"model"}, latency_buckets()));
    Family<Counter>& upstream_errors =
        registered(*new Family<Counter>("gw_upstream_errors_total", "Failed upstream attempts, by channel id and kind.",
                                        "counter", {"channel", "kind"}));
    Family<Counter>& retries = registered(
        *new Family<Counter>("gw_relay_retries_total", "Requests moved to another channel after this channel failed.",
                             "counter", {"channel"}));
    Family<Gauge>& streams = registered(*new Family<Gauge>("gw_open_streams", "Streams open to clients.", "gauge", {}));
    Family<Counter>& db_errors = registered(*new Family<Counter>(
        "gw_database_errors_total", "Database operations that failed, by operation.", "counter", {"op"}));
};

// Never destroyed: threads may still count while the process exits.
Instruments& inst() {
    static Instruments* i = new Instruments;
    return *i;
}

std::string_view status_label(int status, char (&buf)[12]) {
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, status);
    return {buf, static_cast<size_t>(end - buf)};
}

}  // namespace

void register_instruments() {
    open_streams();
}

std::string_view method_label(std::string_view m) {
    for (std::string_view known : {"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"})
        if (m == known) return known;
    return "OTHER";
}

void http_answered(std::string_view method, std::string_view route, int status, double seconds) {
    char buf[12];
    inst().http_requests.at({method, route, status_label(status, buf)}).inc();
    inst().http_seconds.at({route}).observe(seconds);
}

void relay_finished(std::string_view model, std::string_view channel, int status, double seconds,
                    double first_token_seconds) {
    char buf[12];
    inst().relay_requests.at({model, channel, status_label(status, buf)}).inc();
    inst().relay_seconds.at({model}).observe(seconds);
    if (first_token_seconds >= 0) inst().first_token.at({model}).observe(first_token_seconds);
}

void upstream_error(std::string_view channel, std::string_view kind) {
    inst().upstream_errors.at({channel, kind}).inc();
}

void relay_retry(std::string_view channel) {
    inst().retries.at({channel}).inc();
}

Gauge& open_streams() {
    return inst().streams.at({});  // this thread's shard
}

void database_error(std::string_view op) {
    inst().db_errors.at({op}).inc();
}

}  // namespace gw::metrics
