// The worker pool runs queued work, and after stop() runs late work on the caller's thread.
#include "common/thread_pool.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace {

TEST(ThreadPool, RunsEveryTaskAndLateWorkInline) {
    std::atomic<int> done{0};
    gw::ThreadPool pool(3);
    for (int i = 0; i < 100; ++i) pool.post([&] { ++done; });
    pool.stop();
    EXPECT_EQ(done.load(), 100);
    std::thread::id ran_on;
    pool.post([&] { ran_on = std::this_thread::get_id(); });
    EXPECT_EQ(ran_on, std::this_thread::get_id());
}

}  // namespace
