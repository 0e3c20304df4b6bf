// New API's quota arithmetic (service/text_quota.go, relay/helper/price.go), so balances match a
// New API deployment. 500,000 quota = $1 by default (QuotaPerUnit).
#pragma once

#include "billing/price_book.hpp"

#include <gw/abi/provider.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace gw::billing {

// The hold taken before the upstream call: per-call price × QuotaPerUnit × group ratio, or
// (max(prompt estimate, PreConsumedQuota) + max_tokens) × model ratio × group ratio (truncated;
// the completion ratio is not applied here). Never negative; nullopt when it exceeds kMaxQuota
// (absurd max_tokens or prices): the request is refused rather than held for a wrapped amount.
std::optional<int64_t> pre_consume_quota(const ModelPrice& p, double group_ratio, int64_t prompt_tokens,
                                         int64_t max_tokens, int64_t pre_consumed_tokens, int64_t quota_per_unit);

// The charge from usage: (prompt − cached − cache_write + cached × cache_ratio + cache_write ×
// create_cache_ratio + completion × completion_ratio) × model_ratio × group_ratio, rounded half
// away from zero, at least 1 when the ratio is non-zero and there was usage; 0 without usage.
// When the usage's prompt excludes cache tokens (Anthropic semantics), nothing is subtracted.
// Audio tokens (part of prompt and completion) are priced by AudioRatio and AudioCompletionRatio.
// Clamped to [0, kMaxQuota] whatever an upstream reports or an option says.
int64_t usage_quota(const ModelPrice& p, double group_ratio, const gw_usage& usage, int64_t quota_per_unit);

// An asynchronous task's charge: per-call price × QuotaPerUnit × group ratio × every "other
// ratio" (seconds, size, ...), clamped to [0, kMaxQuota] (a non-finite or negative ratio charges 0).
int64_t task_quota(const ModelPrice& p, double group_ratio, const std::map<std::string, double>& ratios,
                   int64_t quota_per_unit);

// New API's trust bypass: above $10 of user balance (and token balance, unless unlimited)
// nothing is held before the call.
bool trusted(int64_t user_quota, int64_t token_remain, bool token_unlimited, int64_t quota_per_unit);

}  // namespace gw::billing
