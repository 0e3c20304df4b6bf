#include "relay/admission.hpp"

#include "billing/ledger.hpp"
#include "billing/quota_math.hpp"
#include "relay/media_body.hpp"
#include "relay/relay_session.hpp"
#include "relay/usage_estimate.hpp"
#include "wire/json_util.hpp"

#include <cstdio>

namespace gw::relay {

namespace {

std::string dollars(int64_t quota, int64_t per_unit) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "＄%.6f", per_unit > 0 ? static_cast<double>(quota) / per_unit : 0.0);
    return buf;
}

int64_t prompt_tokens(RelayServices& s, const RelayBody& b, gw_api_kind api) {
    if (b.media) return media_prompt_tokens(s.tokenizer, b);
    if (!s.tokenizer) return static_cast<int64_t>(b.bytes->size() / 4);
    if (b.dialect == wire::Dialect::chat || api == GW_API_EMBEDDINGS)
        return estimate_prompt_tokens(*s.tokenizer, b.model, api, parse_document(b));
    try {
        return estimate_prompt_tokens(*s.tokenizer, b.model, GW_API_CHAT, hub_request(b));
    } catch (const wire::ConversionError&) {
        return static_cast<int64_t>(b.bytes->size() / 4);
    }
}

}  // namespace

std::variant<Admission, RelayError> admit(RelayServices& s, const KeyAuth& a, const RelayBody& b, gw_api_kind api) {
    auto book = billing::PriceBook::current(s.cache);
    auto price = book->lookup(b.model);
    if (!price)
        return RelayError{500, "模型 " + b.model + " 倍率或价格未配置，请联系管理员设置或开始自用模式", "new_api_error",
                          "model_price_error"};
    Admission ad;
    ad.plan.price = *price;
    ad.plan.group_ratio = book->group_ratio(a.user->group, a.group);
    ad.plan.quota_per_unit = book->quota_per_unit();
    if (b.media && (api == GW_API_IMAGES || api == GW_API_IMAGE_EDITS))
        ad.plan.call_ratio = image_call_ratio(*b.media, b.model);
    int64_t user_left = s.ledger.user_quota(*a.user);
    if (user_left <= 0)
        return RelayError{403, "用户额度不足, 剩余额度: " + dollars(user_left, ad.plan.quota_per_unit), "new_api_error",
                          "insufficient_user_quota"};
    int64_t token_left = s.ledger.token_remain(*a.token);
    if (!a.token->unlimited_quota && token_left <= 0)
        return RelayError{403, "该令牌额度已用尽 TokenStatusExhausted[sk-" + a.token->key.substr(0, 3) + "***]",
                          "new_api_error", "pre_consume_token_quota_failed"};
    if (b.max_tokens < 0)
        return RelayError{400, "max_tokens must not be negative", "invalid_request_error", "invalid_max_tokens"};
    if (!billing::trusted(user_left, token_left, a.token->unlimited_quota, ad.plan.quota_per_unit)) {
        ad.prompt_estimate = prompt_tokens(s, b, api);
        auto held = billing::pre_consume_quota(ad.plan.charged_price(), ad.plan.group_ratio, ad.prompt_estimate,
                                               b.max_tokens, book->pre_consumed_tokens(), ad.plan.quota_per_unit);
        if (!held)
            return RelayError{400, "max_tokens " + std::to_string(b.max_tokens) + " is too large: it cannot be priced",
                              "invalid_request_error", "invalid_max_tokens"};
        ad.plan.held = *held;
    }
    auto hold = s.ledger.hold(*a.user, *a.token, ad.plan.held);
    switch (hold.result) {
        case billing::Ledger::HoldResult::ok:
            ad.plan.held_shared = hold.shared;
            return ad;
        case billing::Ledger::HoldResult::user_insufficient:
            return RelayError{403,
                              "预扣费额度失败, 用户剩余额度: " + dollars(user_left, ad.plan.quota_per_unit) +
                                  ", 需要预扣费额度: " + dollars(ad.plan.held, ad.plan.quota_per_unit),
                              "new_api_error", "insufficient_user_quota"};
        case billing::Ledger::HoldResult::token_insufficient:
            break;
    }
    return RelayError{403,
                      "令牌额度不足, 剩余额度: " + dollars(token_left, ad.plan.quota_per_unit) +
                          ", 需要预扣费额度: " + dollars(ad.plan.held, ad.plan.quota_per_unit),
                      "new_api_error", "pre_consume_token_quota_failed"};
}

}  // namespace gw::relay
