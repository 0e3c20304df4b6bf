#include "task/task_routes.hpp"

#include "app/option_defaults.hpp"
#include "common/json_bounded.hpp"
#include "http/stream_writer.hpp"
#include "plugin/abi_str.hpp"
#include "relay/channel_keys.hpp"
#include "relay/key_auth.hpp"
#include "relay/openai_error.hpp"
#include "relay/provider_pool.hpp"
#include "store/cache.hpp"
#include "store/task_repo.hpp"
#include "task/task_plugin.hpp"
#include "task/task_services.hpp"
#include "task/task_submit.hpp"
#include "task/task_views.hpp"
#include "upstream/collect.hpp"

#include <nlohmann/json.hpp>

#include <future>
#include <mutex>
#include <random>

namespace gw::task {
namespace {

using nlohmann::json;

std::string dump(const json& j) {
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

// The caller's user id from its key, or an answer in OpenAI's shape.
std::optional<int64_t> caller(TaskServices& s, const http::HttpRequest& req, const http::Responder& res) {
    auto auth = relay::authenticate_key(req, s.cache, static_cast<int64_t>(std::time(nullptr)));
    if (auto* e = std::get_if<relay::RelayError>(&auth)) {
        relay::send_error(res, wire::Dialect::chat, *e);
        return std::nullopt;
    }
    return std::get<relay::KeyAuth>(auth).user->id;
}

void mj_error(const http::Responder& res, const std::string& description) {
    send_task_error(res, Family::mj, 400, "4", description);
}

std::vector<std::string> ids_of(const std::string& body) {
    json b = parse_json(body);
    std::vector<std::string> ids;
    if (b.is_object() && b.contains("ids") && b["ids"].is_array())
        for (const auto& id : b["ids"])
            if (id.is_string()) ids.push_back(id.get<std::string>());
    return ids;
}

json mj_view(TaskServices& s, const store::Midjourney& m) {
    Options o(s.cache);
    return midjourney_dto(m, o.flag("MjForwardUrlEnabled"), o.str("ServerAddress"));
}

void mj_fetch(TaskServices& s, http::HttpRequest& req, const http::Responder& res) {
    auto user = caller(s, req, res);
    if (!user) return;
    auto row = store::find_midjourney(s.db, *user, req.param("id"));
    if (!row) return mj_error(res, "task_no_found");
    res.send(200, dump(mj_view(s, *row)));
}

void mj_list(TaskServices& s, http::HttpRequest& req, const http::Responder& res) {
    auto user = caller(s, req, res);
    if (!user) return;
    json out = json::array();
    for (const auto& m : store::find_midjourneys(s.db, *user, ids_of(req.body))) out.push_back(mj_view(s, m));
    res.send(200, dump(out));
}

// The result image, fetched from where the upstream put it (no key: New API serves it openly).
void mj_image(TaskServices& s, http::HttpRequest& req, const http::Responder& res) {
    auto row = store::find_midjourney(s.db, 0, req.param("id"));
    if (!row || row->image_url.empty()) return res.send(400, R"({"error":"midjourney_task_not_found"})");
    upstream::Request up;
    up.method = "GET";
    up.url = row->image_url;
    up.total_timeout_ms = 60000;
    upstream::Collected a = upstream::collect(s.http, std::move(up));
    if (!a.ok()) return res.send(500, R"({"error":"http_get_image_failed"})");
    if (a.status != 200) return res.send(a.status, dump(json{{"error", a.body}}));
    std::string type = "image/jpeg";
    for (const auto& [n, v] : a.headers)
        if (n == "content-type" && !v.empty()) type = v;
    res.send(200, a.body, type);
}

void suno_fetch_one(TaskServices& s, http::HttpRequest& req, const http::Responder& res) {
    auto user = caller(s, req, res);
    if (!user) return;
    auto row = store::find_task(s.db, *user, req.param("id"));
    if (!row) return send_task_error(res, Family::suno, 400, "task_not_exist", "task_not_exist");
    res.send(200, dump(json{{"code", "success"}, {"message", ""}, {"data", task_dto(*row)}}));
}

void suno_fetch(TaskServices& s, http::HttpRequest& req, const http::Responder& res) {
    auto user = caller(s, req, res);
    if (!user) return;
    json b = parse_json(req.body);
    if (!b.is_object()) return send_task_error(res, Family::suno, 400, "invalid_request", "invalid request body");
    json data = json::array();
    for (const auto& t : store::find_tasks(s.db, *user, ids_of(req.body))) data.push_back(task_dto(t));
    res.send(200, dump(json{{"code", "success"}, {"message", ""}, {"data", data}}));
}

void video_fetch(TaskServices& s, http::HttpRequest& req, const http::Responder& res, bool openai) {
    auto user = caller(s, req, res);
    if (!user) return;
    auto row = store::find_task(s.db, *user, req.param("task_id"));
    if (!row) return send_task_error(res, Family::video, 400, "task_not_exist", "task_not_exist");
    if (openai) return res.send(200, dump(openai_video(*row)));
    res.send(200, dump(json{{"code", "success"}, {"message", ""}, {"data", task_dto(*row)}}));
}

// The finished video streamed through as it arrives: the plugin's authenticated download, or a
// plain GET of the result URL.
void video_content(TaskServices& s, http::HttpRequest& req, const http::Responder& res) {
    auto user = caller(s, req, res);
    if (!user) return;
    auto row = store::find_task(s.db, *user, req.param("task_id"));
    if (!row) return send_task_error(res, Family::video, 404, "task_not_exist", "task_not_exist");
    if (row->status != "SUCCESS")
        return send_task_error(res, Family::video, 400, "task_not_completed", "the video is not ready");
    upstream::Request up;
    up.method = "GET";
    up.url = result_url(*row);
    up.body = std::make_shared<const std::string>();
    auto channel = s.cache.channels.get(row->channel_id);
    std::string why;
    auto provider = channel ? s.providers.get(channel, why) : nullptr;
    const gw_task_provider* ext = task_extension(provider.get());
    if (ext && has_content(ext)) {
        thread_local std::mt19937_64 rng{std::random_device{}()};
        std::string base =
            channel->base_url.empty() ? s.providers.registry()->default_base_url(channel->type) : channel->base_url;
        TaskInfo info(*channel, base, relay::pick_key(*channel, rng).key, "", "", req.path, {}, req.request_id);
        std::string id = upstream_task_id(*row);
        auto built = relay::build_through(
            std::make_shared<const std::string>(), [&](const gw_upstream_sink* sink, const gw_error_sink* err) {
                return ext->build_content(provider.get(), info.get(), plugin::to_abi(id), sink, err);
            });
        if (built.status == GW_OK) up = std::move(built.request);
    }
    if (up.url.empty()) return send_task_error(res, Family::video, 404, "content_not_found", "the video has no URL");
    struct Relay {
        std::unique_ptr<http::StreamWriter> out;
        std::string error_body;
        int status = 0;
        std::string type = "video/mp4";
        std::mutex mutex;                            // guards transfer: set on this thread, read on the transfer's loop
        std::weak_ptr<upstream::Transfer> transfer;  // resumed when a slow client caught up
        std::shared_ptr<upstream::Transfer> current() {
            std::lock_guard lock(mutex);
            return transfer.lock();
        }
    };
    auto state = std::make_shared<Relay>();
    auto done = std::make_shared<std::promise<void>>();
    auto finished = done->get_future();
    upstream::Callbacks cb;
    cb.on_head = [state, res](int status, const upstream::Headers& h) {
        state->status = status;
        for (const auto& [n, v] : h)
            if (n == "content-type") state->type = v;
        if (status != 200) return;
        state->out = std::make_unique<http::StreamWriter>(res, 200, http::HeaderList{{"Content-Type", state->type}});
        state->out->on_caught_up([state] {
            if (auto t = state->current()) t->resume();
        });
    };
    cb.on_data = [state](std::string_view chunk) {
        if (!state->out) return state->error_body.size() < 4096 ? (state->error_body.append(chunk), true) : true;
        return state->out->write(chunk);
    };
    cb.still_wanted = [state, res] { return state->out ? state->out->alive() : res.connected(); };
    // Paused only once the handle exists, so a catch-up always finds the transfer to resume.
    cb.backlogged = [state] { return state->out && state->current() && state->out->backlogged(); };
    cb.on_done = [state, res, done](const upstream::Result& r) {
        if (state->out)
            state->out->finish();
        else
            send_task_error(res, Family::video, r.outcome == upstream::Outcome::ok ? state->status : 502,
                            "fetch_content_failed", "upstream answered " + std::to_string(state->status));
        done->set_value();
    };
    auto transfer = s.http.start(std::move(up), std::move(cb));
    {
        std::lock_guard lock(state->mutex);
        state->transfer = transfer;
    }
    finished.wait();
}

void on_worker(http::Router& router, const char* method, const std::string& path, http::Handler h) {
    router.add(method, path, std::move(h), http::Exec::worker);
}

}  // namespace

void register_task_routes(http::Router& router, TaskServices& s, billing::Ledger& ledger) {
    auto submit = [&s, &ledger](Family f) {
        return [&s, &ledger, f](http::HttpRequest& req, const http::Responder& res) {
            submit_task(s, ledger, f, req, res);
        };
    };
    for (std::string prefix : {"", "/:mode"}) {
        on_worker(router, "POST", prefix + "/mj/submit/:action", submit(Family::mj));
        on_worker(router, "POST", prefix + "/mj/insight-face/swap", submit(Family::mj));
        on_worker(router, "GET", prefix + "/mj/task/:id/image-seed", submit(Family::mj));
        on_worker(router, "GET", prefix + "/mj/task/:id/fetch",
                  [&s](http::HttpRequest& q, const http::Responder& r) { mj_fetch(s, q, r); });
        on_worker(router, "POST", prefix + "/mj/task/list-by-condition",
                  [&s](http::HttpRequest& q, const http::Responder& r) { mj_list(s, q, r); });
        on_worker(router, "GET", prefix + "/mj/image/:id",
                  [&s](http::HttpRequest& q, const http::Responder& r) { mj_image(s, q, r); });
    }
    on_worker(router, "POST", "/suno/submit/:action", submit(Family::suno));
    on_worker(router, "POST", "/suno/fetch",
              [&s](http::HttpRequest& q, const http::Responder& r) { suno_fetch(s, q, r); });
    on_worker(router, "GET", "/suno/fetch/:id",
              [&s](http::HttpRequest& q, const http::Responder& r) { suno_fetch_one(s, q, r); });
    on_worker(router, "POST", "/v1/video/generations", submit(Family::video));
    on_worker(router, "POST", "/v1/videos", submit(Family::video));
    on_worker(router, "GET", "/v1/video/generations/:task_id",
              [&s](http::HttpRequest& q, const http::Responder& r) { video_fetch(s, q, r, false); });
    on_worker(router, "GET", "/v1/videos/:task_id",
              [&s](http::HttpRequest& q, const http::Responder& r) { video_fetch(s, q, r, true); });
    on_worker(router, "GET", "/v1/videos/:task_id/content",
              [&s](http::HttpRequest& q, const http::Responder& r) { video_content(s, q, r); });
}

}  // namespace gw::task
