#include "common/thread_name.hpp"

#include <pthread.h>

namespace gw {
namespace {

thread_local std::string cached;

}  // namespace

void name_this_thread(std::string_view name) {
    cached = std::string(name.substr(0, 15));
    pthread_setname_np(pthread_self(), cached.c_str());
}

const std::string& this_thread_name() {
    if (cached.empty()) {
        char buf[16] = {};
        pthread_getname_np(pthread_self(), buf, sizeof buf);
        cached = buf;
    }
    return cached;
}

}  // namespace gw
