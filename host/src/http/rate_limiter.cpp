#include "http/rate_limiter.hpp"

namespace gw::http {

bool RateLimiter::allow(const std::string& key) {
    if (shared_)
        if (auto verdict = shared_->apply(name_ + ":" + key, window_.count(), static_cast<int64_t>(max_),
                                          SharedWindows::Mode::check_and_add))
            return *verdict;
    return allow_locally(key);
}

bool RateLimiter::allow_locally(const std::string& key) {
    auto now = std::chrono::steady_clock::now();
    std::lock_guard lock(mutex_);
    if (++calls_ % kSweepEvery == 0) sweep(now);
    auto& q = hits_[key];
    while (!q.empty() && now - q.front() >= window_) q.pop_front();
    if (q.size() >= max_) return false;
    q.push_back(now);
    return true;
}

void RateLimiter::sweep(std::chrono::steady_clock::time_point now) {
    for (auto it = hits_.begin(); it != hits_.end();)
        it = it->second.empty() || now - it->second.back() >= window_ ? hits_.erase(it) : std::next(it);
}

size_t RateLimiter::remembered() const {
    std::lock_guard lock(mutex_);
    return hits_.size();
}

Handler rate_limited(std::shared_ptr<RateLimiter> limiter, Handler inner) {
    if (!limiter) return inner;
    return [limiter = std::move(limiter), inner = std::move(inner)](HttpRequest& req, const Responder& res) {
        if (!limiter->allow(req.remote_ip)) {
            res.send(429, R"({"success":false,"message":"您的请求过于频繁，请稍后再试 - too many requests"})");
            return;
        }
        inner(req, res);
    };
}

}  // namespace gw::http
