// Checked quota arithmetic. Every quota a request, an option or an admin can produce is bounded by
// kMaxQuota (2^53 - 1, also the largest integer a browser shows exactly), so balances summed from
// them stay far from int64's edge; sums that could still meet it saturate instead of wrapping.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>

namespace gw::billing {

inline constexpr int64_t kMaxQuota = (int64_t{1} << 53) - 1;

inline int64_t sat_add(int64_t a, int64_t b) {
    int64_t r = 0;
    if (__builtin_add_overflow(a, b, &r))
        return b > 0 ? std::numeric_limits<int64_t>::max() : std::numeric_limits<int64_t>::min();
    return r;
}

inline int64_t sat_sub(int64_t a, int64_t b) {
    int64_t r = 0;
    if (__builtin_sub_overflow(a, b, &r))
        return b < 0 ? std::numeric_limits<int64_t>::max() : std::numeric_limits<int64_t>::min();
    return r;
}

// A quota computed in floating point, rounded toward zero: nullopt when it is not a number or
// lies outside [-kMaxQuota, kMaxQuota].
inline std::optional<int64_t> quota_of(long double v) {
    if (!std::isfinite(v) || std::fabs(v) > static_cast<long double>(kMaxQuota)) return std::nullopt;
    return static_cast<int64_t>(v);
}

inline bool valid_quota(int64_t v) {
    return v >= -kMaxQuota && v <= kMaxQuota;
}

}  // namespace gw::billing
