// The metrics registry: exact text exposition, per-thread shards added up without loss, and the
// bound on the number of series a family keeps.
#include "metrics/registry.hpp"

#include <gtest/gtest.h>

#include <thread>

using namespace gw::metrics;

namespace {

std::string render(const FamilyBase& f) {
    std::string out;
    f.render(out);
    return out;
}

TEST(MetricsRegistry, CountersRenderInTextFormat) {
    Family<Counter> f("t_requests_total", "Requests.", "counter", {"route", "status"});
    f.at({"/v1/x", "200"}).inc(3);
    f.at({"/v1/x", "500"}).inc();
    f.at({"/v1/x", "200"}).inc();
    EXPECT_EQ(render(f),
              "# HELP t_requests_total Requests.\n# TYPE t_requests_total counter\n"
              "t_requests_total{route=\"/v1/x\",status=\"200\"} 4\n"
              "t_requests_total{route=\"/v1/x\",status=\"500\"} 1\n");
}

TEST(MetricsRegistry, LabelValuesAreEscaped) {
    Family<Gauge> f("t_gauge", "G.", "gauge", {"name"});
    f.at({"a\"b\\c\nd"}).add(-2);
    EXPECT_NE(render(f).find("t_gauge{name=\"a\\\"b\\\\c\\nd\"} -2\n"), std::string::npos);
}

TEST(MetricsRegistry, HistogramBucketsAreCumulative) {
    static const std::vector<double> bounds = {0.1, 1};
    HistogramFamily f("t_seconds", "S.", {"model"}, bounds);
    Histogram& h = f.at({"m"});
    for (double v : {0.05, 0.1, 0.5}) h.observe(v);
    std::thread([&f] { f.at({"m"}).observe(3.0); }).join();  // another thread's shard
    std::string text = render(f);
    EXPECT_NE(text.find("t_seconds_sum{model=\"m\"} 3.65\n"), std::string::npos) << text;
    EXPECT_NE(text.find("t_seconds_bucket{model=\"m\",le=\"0.1\"} 2\n"), std::string::npos) << text;
    EXPECT_NE(text.find("t_seconds_bucket{model=\"m\",le=\"1\"} 3\n"), std::string::npos) << text;
    EXPECT_NE(text.find("t_seconds_bucket{model=\"m\",le=\"+Inf\"} 4\n"), std::string::npos) << text;
    EXPECT_NE(text.find("t_seconds_count{model=\"m\"} 4\n"), std::string::npos) << text;
}

TEST(MetricsRegistry, ThreadsCountWithoutLoss) {
    Family<Counter> f("t_race_total", "R.", "counter", {"k"});
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t)
        threads.emplace_back([&f, t] {
            for (int i = t; i < 20000 + t; ++i) f.at({i % 2 ? "odd" : "even"}).inc();
        });
    for (auto& th : threads) th.join();
    std::string text = render(f);
    EXPECT_NE(text.find("t_race_total{k=\"odd\"} 80000\n"), std::string::npos) << text;
    EXPECT_NE(text.find("t_race_total{k=\"even\"} 80000\n"), std::string::npos) << text;
}

TEST(MetricsRegistry, SeriesBeyondTheBoundAreCountedAsOther) {
    Family<Counter> f("t_many_total", "M.", "counter", {"model"});
    for (size_t i = 0; i < FamilyBase::kMaxSeries + 50; ++i) f.at({"model-" + std::to_string(i)}).inc();
    std::string text = render(f);
    EXPECT_NE(text.find("t_many_total{model=\"_other_\"} 50\n"), std::string::npos);
    EXPECT_EQ(text.find("model-" + std::to_string(FamilyBase::kMaxSeries) + "\""), std::string::npos);
}

}  // namespace
