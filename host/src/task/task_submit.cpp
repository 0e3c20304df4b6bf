#include "task/task_submit.hpp"

#include "app/config.hpp"
#include "app/option_defaults.hpp"
#include "auth/random.hpp"
#include "billing/ledger.hpp"
#include "billing/quota_math.hpp"
#include "common/json_bounded.hpp"
#include "common/log.hpp"
#include "common/strings.hpp"
#include "plugin/abi_str.hpp"
#include "relay/channel_health.hpp"
#include "relay/channel_keys.hpp"
#include "relay/channel_selector.hpp"
#include "relay/key_auth.hpp"
#include "relay/model_mapping.hpp"
#include "relay/openai_error.hpp"
#include "relay/provider_pool.hpp"
#include "store/cache.hpp"
#include "store/task_repo.hpp"
#include "task/balances.hpp"
#include "task/task_plugin.hpp"
#include "task/task_services.hpp"
#include "task/task_views.hpp"
#include "upstream/collect.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <random>
#include <regex>

namespace gw::task {
namespace {

using nlohmann::json;

struct Refusal {
    int status = 400;
    std::string code, message;
};

int64_t now_s() {
    return static_cast<int64_t>(std::time(nullptr));
}

int64_t now_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::mt19937_64& rng() {
    thread_local std::mt19937_64 r{std::random_device{}()};
    return r;
}

std::string fixed(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", v);
    return buf;
}

bool model_allowed(const store::Token& t, const std::string& model) {
    if (!t.model_limits_enabled) return true;
    for (const auto& m : split_trimmed(t.model_limits, ','))
        if (m == model) return true;
    return false;
}

// New API's MJ request hygiene: notify hooks and account filters only when the options allow
// them, and mode flags stripped from prompts with MjModeClearEnabled.
std::string mj_hygiene(const std::string& body, const Options& o) {
    json b = parse_json(body);
    if (!b.is_object()) return body;
    if (!o.flag("MjNotifyEnabled")) b.erase("notifyHook");
    if (!o.flag("MjAccountFilterEnabled")) b.erase("accountFilter");
    if (o.flag("MjModeClearEnabled") && b.contains("prompt") && b["prompt"].is_string()) {
        static const std::regex modes(R"(\s*--(fast|relax|turbo)\b)");
        b["prompt"] = std::regex_replace(b["prompt"].get<std::string>(), modes, "");
    }
    return b.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string prompt_of(const std::string& body) {
    json b = parse_json(body);
    return b.is_object() && b.contains("prompt") && b["prompt"].is_string() ? b["prompt"].get<std::string>() : "";
}

// One submit, step by step; each step answers the client itself when it refuses.
class Submit {
public:
    Submit(TaskServices& s, billing::Ledger& ledger, Family f, http::HttpRequest& req, const http::Responder& res)
        : s_(s), ledger_(ledger), family_(f), req_(req), res_(res) {}
    ~Submit() { release(); }  // whatever ended the submit early gives its hold back
    Submit(const Submit&) = delete;
    Submit& operator=(const Submit&) = delete;

    void run() {
        try {
            steps();
        } catch (const std::exception& e) {
            log::error("task submit " + req_.request_id + " failed: " + e.what());
            release();
            refuse({500, family_ == Family::mj ? "4" : "internal_error", "internal error"});
        }
    }

private:
    void steps() {
        auto auth = relay::authenticate_key(req_, s_.cache, now_s());
        if (auto* e = std::get_if<relay::RelayError>(&auth)) return relay::send_error(res_, wire::Dialect::chat, *e);
        auth_ = std::get<relay::KeyAuth>(std::move(auth));
        body_ = req_.body;
        if (!body_.empty() && family_ != Family::video && parse_json(body_).is_discarded())
            return refuse({400, family_ == Family::mj ? "4" : "invalid_request", "bind_request_body_failed"});
        if (family_ == Family::mj && !body_.empty()) body_ = mj_hygiene(body_, Options(s_.cache));
        if (auto r = plan()) return refuse(*r);
        if (auto r = hold()) return refuse(*r);
        exchange();
    }

    void refuse(const Refusal& r) { send_task_error(res_, family_, r.status, r.code, r.message); }

    std::optional<Refusal> plan() {
        auto probe = probe_estimate();
        if (!probe) return Refusal{503, "4", "no channel type serves this task route"};
        if (probe->status != GW_OK) return plugin_refusal(*probe);
        model_ = probe->model;
        if (!probe->origin_task.empty()) {
            if (auto r = locate_origin(probe->origin_task)) return r;
        } else if (model_.empty()) {
            return Refusal{400, "4", "model is required"};
        } else if (auto r = pick_channel()) {
            return r;
        }
        if (!model_.empty() && !model_allowed(*auth_.token, model_))
            return Refusal{403, "4", "该令牌无权访问模型 " + model_};
        return prepare_provider();
    }

    // Before a channel is chosen, the plugins of the route's family name the model billed: the
    // first that accepts the body (video plugins read different shapes), else the first refusal.
    std::optional<TaskReport> probe_estimate() {
        std::optional<TaskReport> refusal;
        auto registry = s_.providers.registry();
        for (const auto& p : registry->loaded())
            for (const auto& info : p.providers) {
                if (!info.has_capability(capability(family_)) || info.channel_types.empty()) continue;
                auto probe = std::make_shared<store::Channel>();
                probe->type = info.channel_types.front().id;
                probe->id = -probe->type;  // the pool keeps one probe instance per type
                probe->status = 1;
                std::string why;
                auto provider = s_.providers.get(probe, why);
                const gw_task_provider* ext = task_extension(provider.get());
                if (!ext) continue;
                TaskInfo info_view(*probe, "", "", "", "", req_.path, header_list(), req_.request_id);
                TaskReport r = estimate(provider.get(), ext, info_view.get(), body_);
                if (r.status == GW_OK) return r;
                if (!refusal) refusal = std::move(r);
            }
        return refusal;
    }

    std::vector<std::pair<std::string, std::string>> header_list() const {
        std::vector<std::pair<std::string, std::string>> out;
        for (const auto& [n, v] : req_.headers)
            if (n == "content-type" || n == "Content-Type") out.emplace_back(n, v);
        return out;
    }

    Refusal plugin_refusal(const TaskReport& r) const {
        return {r.error.status ? r.error.status : 400, r.error.code.empty() ? "invalid_request" : r.error.code,
                r.error.message.empty() ? "invalid request" : r.error.message};
    }

    std::optional<Refusal> locate_origin(const std::string& origin) {
        int64_t channel_id = 0;
        if (family_ == Family::mj) {
            auto row = store::find_midjourney(s_.db, auth_.user->id, origin);
            if (!row) return Refusal{400, "4", "task_not_found"};
            bool needs_success = Options(s_.cache).flag("MjActionCheckSuccessEnabled") && model_ != "mj_modal";
            if (needs_success && !model_.empty() && row->status != "SUCCESS")
                return Refusal{400, "4", "task_status_not_success"};
            origin_prompt_ = row->prompt;
            channel_id = row->channel_id;
        } else {
            auto row = store::find_task(s_.db, auth_.user->id, origin);
            if (!row) return Refusal{400, "task_not_exist", "task_origin_not_exist"};
            channel_id = row->channel_id;
        }
        channel_ = s_.cache.channels.get(channel_id);
        if (!channel_ || channel_->status != 1)
            return Refusal{400, family_ == Family::mj ? "4" : "task_channel_disable", "该任务所属渠道已被禁用"};
        return std::nullopt;
    }

    std::optional<Refusal> pick_channel() {
        auto index = s_.cache.channel_index();
        channel_ = relay::select_channel(*index, auth_.group, model_, {}, 0, rng());
        if (!channel_)
            return Refusal{503, family_ == Family::mj ? "4" : "model_not_found",
                           "当前分组 " + auth_.group + " 下对于模型 " + model_ + " 无可用渠道"};
        return std::nullopt;
    }

    std::optional<Refusal> prepare_provider() {
        std::string why;
        provider_ = s_.providers.get(channel_, why);
        ext_ = task_extension(provider_.get());
        if (!ext_) return Refusal{503, "4", "channel #" + std::to_string(channel_->id) + " serves no tasks " + why};
        auto mapped =
            model_.empty() ? std::optional<std::string>("") : relay::map_model(channel_->model_mapping, model_);
        if (!mapped) return Refusal{500, "4", "model mapping loops"};
        upstream_model_ = *mapped;
        relay::KeyChoice key = relay::pick_key(*channel_, rng());
        key_index_ = key.index;
        std::string base =
            channel_->base_url.empty() ? s_.providers.registry()->default_base_url(channel_->type) : channel_->base_url;
        info_ = std::make_unique<TaskInfo>(*channel_, base, key.key, model_, upstream_model_, req_.path, header_list(),
                                           req_.request_id);
        TaskReport est = estimate(provider_.get(), ext_, info_->get(), body_);
        if (est.status != GW_OK) return plugin_refusal(est);
        ratios_ = est.ratios;
        return std::nullopt;
    }

    std::optional<Refusal> hold() {
        if (model_.empty()) return std::nullopt;  // a read on the task's channel: not billed
        auto book = billing::PriceBook::current(s_.cache);
        auto price = book->lookup(model_);
        if (!price || !price->per_call)
            return Refusal{500, family_ == Family::mj ? "4" : "model_price_error",
                           "模型 " + model_ + " 未设置按次价格，请联系管理员设置"};
        price_ = *price;
        group_ratio_ = book->group_ratio(auth_.user->group, auth_.group);
        quota_per_unit_ = book->quota_per_unit();
        held_ = billing::task_quota(price_, group_ratio_, ratios_, quota_per_unit_);
        auto h = ledger_.hold(*auth_.user, *auth_.token, held_);
        if (h.result != billing::Ledger::HoldResult::ok)
            return Refusal{403, family_ == Family::mj ? "4" : "quota_not_enough", "quota_not_enough"};
        held_shared_ = h.shared;
        holding_ = true;
        return std::nullopt;
    }

    void release() {
        if (holding_) ledger_.release(auth_.user->id, auth_.token->id, held_, held_shared_);
        holding_ = false;
    }

    void exchange() {
        void* preq = nullptr;
        if (provider_->begin(provider_.get(), info_->get(), &preq) != GW_OK) {
            release();
            return refuse({500, "4", "provider could not start the request"});
        }
        auto body = std::make_shared<const std::string>(body_);
        auto built = relay::build_through(body, [&](const gw_upstream_sink* sink, const gw_error_sink* err) {
            return ext_->build_submit(provider_.get(), preq, plugin::to_abi(*body), sink, err);
        });
        if (built.status != GW_OK) {
            provider_->end(provider_.get(), preq);
            release();
            return refuse({built.error.status ? built.error.status : 500, "4", built.error.message});
        }
        built.request.total_timeout_ms = 60000;
        upstream::Collected a = upstream::collect(s_.http, std::move(built.request));
        TaskReport rep;
        if (a.ok()) rep = parse_submit(provider_.get(), ext_, preq, a.status, a.body);
        provider_->end(provider_.get(), preq);
        if (!a.ok()) {
            release();
            s_.health.failed(*channel_, key_index_, 0, a.result.error, 0);
            return refuse(
                {502, family_ == Family::mj ? "4" : "do_request_failed", "upstream request failed: " + a.result.error});
        }
        if (rep.error.set && (rep.error.flags & GW_ERRF_DISABLE_CHANNEL))
            s_.health.failed(*channel_, key_index_, a.status, rep.error.message, rep.error.flags);
        if (rep.status != GW_OK || rep.results.empty()) {
            release();
            if (rep.has_client_body) return res_.send(rep.client_status, rep.client_body);
            return refuse({rep.error.status ? rep.error.status : 502,
                           rep.error.code.empty() ? "fail_to_submit_task" : rep.error.code,
                           rep.error.message.empty() ? "upstream refused the task" : rep.error.message});
        }
        for (const auto& [k, v] : rep.ratios) ratios_[k] = v;  // the upstream's word replaces the estimate
        record(rep);
    }

    store::MoneyMove charge(int64_t quota, const std::string& content) const {
        store::MoneyMove m{auth_.user->id, auth_.token->id, channel_->id, quota, true, {}};
        m.log.type = 2;
        m.log.user_id = auth_.user->id;
        m.log.created_at = now_s();
        m.log.username = auth_.user->username;
        m.log.token_name = auth_.token->name;
        m.log.token_id = auth_.token->id;
        m.log.model_name = model_;
        m.log.channel_id = channel_->id;
        m.log.group = auth_.group;
        m.log.ip = req_.remote_ip;
        m.log.request_id = req_.request_id;
        m.log.quota = quota;
        m.log.content = content;
        json other = {{"model_price", price_.price}, {"group_ratio", group_ratio_}, {"request_path", req_.path}};
        for (const auto& [k, v] : ratios_) other[k] = v;
        m.log.other = other.dump();
        return m;
    }

    void record(const TaskReport& rep) {
        const TaskReport::Result& r = rep.results.front();
        int64_t quota = model_.empty() ? 0 : billing::task_quota(price_, group_ratio_, ratios_, quota_per_unit_);
        try {
            if (family_ == Family::mj)
                record_midjourney(r, quota);
            else
                record_task(r, quota);
        } catch (const std::exception& e) {
            release();
            log::error("task " + r.task_id + " accepted upstream but not recorded: " + e.what());
            return refuse({500, family_ == Family::mj ? "4" : "insert_task_failed", "insert_task_failed"});
        }
        release();
        settled(quota);
        if (family_ == Family::mj) return res_.send(rep.has_client_body ? rep.client_status : 200, rep.client_body);
        if (family_ == Family::suno)
            return res_.send(200, json{{"code", "success"}, {"message", ""}, {"data", task_.task_id}}.dump());
        res_.send(200, openai_video(task_).dump(-1, ' ', false, json::error_handler_t::replace));
    }

    void settled(int64_t quota) { balances_moved(s_, auth_.user->id, auth_.token->id, quota); }

    void record_midjourney(const TaskReport::Result& r, int64_t quota) {
        json up = parse_json(r.data_json);
        store::Midjourney m;
        m.code = up.is_object() && up.value("code", 0) == 21 && r.state == GW_TASK_SUCCESS ? 1 : up.value("code", 1);
        m.user_id = auth_.user->id;
        m.action = r.action;
        m.mj_id = r.task_id;
        m.prompt = origin_prompt_.empty() ? prompt_of(body_) : origin_prompt_;
        m.description = up.is_object() ? up.value("description", "") : "";
        m.submit_time = now_ms();
        m.progress = "0%";
        if (r.state == GW_TASK_SUCCESS) {
            m.status = "SUCCESS", m.progress = "100%", m.image_url = r.result_url;
            m.start_time = m.finish_time = m.submit_time;
        }
        m.channel_id = m.billing_channel_id = channel_->id;
        m.token_id = auth_.token->id;
        m.quota = quota;
        std::string content = "模型固定价格 " + fixed(price_.price) + "，分组倍率 " + fixed(group_ratio_) + "，操作 " +
                              r.action + "，ID " + r.task_id;
        store::insert_midjourney(s_.db, m, charge(quota, content), s_.log_db);
    }

    void record_task(const TaskReport::Result& r, int64_t quota) {
        int64_t now = now_s();
        task_.task_id = "task_" + auth::random_alnum(32);
        task_.platform = family_ == Family::suno ? "suno" : std::to_string(channel_->type);
        task_.created_at = task_.updated_at = task_.submit_time = now;
        task_.user_id = auth_.user->id;
        task_.group = auth_.group;
        task_.channel_id = channel_->id;
        task_.quota = quota;
        task_.action = r.action;
        task_.status = status_name(r.state == GW_TASK_UNKNOWN ? GW_TASK_SUBMITTED : r.state);
        task_.progress = r.state == GW_TASK_SUCCESS ? "100%" : "0%";
        task_.properties =
            json{{"input", prompt_of(body_)}, {"origin_model_name", model_}, {"upstream_model_name", upstream_model_}}
                .dump(-1, ' ', false, json::error_handler_t::replace);
        json billing = {{"model_price", price_.price},
                        {"group_ratio", group_ratio_},
                        {"other_ratios", ratios_},
                        {"origin_model_name", model_},
                        {"per_call_billing", true}};
        task_.private_data = json{
            {"upstream_task_id", r.task_id},
            {"token_id", auth_.token->id},
            {"result_url", r.result_url},
            {"billing_context",
             billing}}.dump();
        task_.data = r.data_json;
        std::string content =
            "模型价格 " + fixed(price_.price) + "，分组倍率 " + fixed(group_ratio_) + "，操作 " + r.action;
        store::insert_task(s_.db, task_, charge(quota, content), s_.log_db);
    }

    TaskServices& s_;
    billing::Ledger& ledger_;
    Family family_;
    http::HttpRequest& req_;
    const http::Responder& res_;
    relay::KeyAuth auth_;
    std::string body_, model_, upstream_model_, origin_prompt_;
    std::shared_ptr<const store::Channel> channel_;
    std::shared_ptr<const gw_provider> provider_;
    const gw_task_provider* ext_ = nullptr;
    std::unique_ptr<TaskInfo> info_;
    int key_index_ = -1;
    std::map<std::string, double> ratios_;
    billing::ModelPrice price_;
    double group_ratio_ = 1;
    int64_t quota_per_unit_ = 500000, held_ = 0;
    bool held_shared_ = false, holding_ = false;
    store::Task task_;
};

}  // namespace

void submit_task(TaskServices& s, billing::Ledger& ledger, Family family, http::HttpRequest& req,
                 const http::Responder& res) {
    Submit(s, ledger, family, req, res).run();
}

}  // namespace gw::task
