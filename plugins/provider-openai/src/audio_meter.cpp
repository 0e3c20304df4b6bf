#include "audio_meter.hpp"

#include <gw/cpp/json_depth.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>

namespace openai_plugin {

namespace {

using nlohmann::json;

uint32_t le32(std::string_view s, size_t at) {
    if (at + 4 > s.size()) return 0;
    auto b = [&](size_t i) { return static_cast<uint32_t>(static_cast<unsigned char>(s[at + i])); };
    return b(0) | b(1) << 8 | b(2) << 16 | b(3) << 24;
}

// WAV: the byte rate from the fmt chunk, the length from the data chunk (or the whole answer).
std::optional<double> wav_seconds(std::string_view head, size_t total) {
    if (head.substr(0, 4) != "RIFF" || head.substr(8, 4) != "WAVE") return std::nullopt;
    uint32_t byte_rate = le32(head, 28);
    if (byte_rate == 0) return std::nullopt;
    size_t data = head.find("data", 12);
    uint32_t data_size = data == std::string_view::npos ? 0 : le32(head, data + 4);
    size_t bytes = data_size && data_size != 0xFFFFFFFFu ? data_size : total;
    return static_cast<double>(bytes) / byte_rate;
}

// MPEG-1/2 Layer III: the bit rate of the first frame header (after an ID3 tag, if any).
std::optional<double> mp3_seconds(std::string_view head, size_t total) {
    static const int v1[] = {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 0};
    static const int v2[] = {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, 0};
    size_t at = 0;
    if (head.substr(0, 3) == "ID3" && head.size() >= 10) {
        auto b = [&](size_t i) { return static_cast<size_t>(static_cast<unsigned char>(head[i]) & 0x7F); };
        at = 10 + (b(6) << 21 | b(7) << 14 | b(8) << 7 | b(9));
    }
    for (; at + 3 < head.size(); ++at) {
        auto c0 = static_cast<unsigned char>(head[at]), c1 = static_cast<unsigned char>(head[at + 1]);
        if (c0 != 0xFF || (c1 & 0xE0) != 0xE0 || ((c1 >> 1) & 3) != 1) continue;  // sync word, layer III
        bool mpeg1 = ((c1 >> 3) & 3) == 3;
        int kbps = (mpeg1 ? v1 : v2)[static_cast<unsigned char>(head[at + 2]) >> 4];
        if (kbps == 0) continue;
        return static_cast<double>(total - at) * 8 / (kbps * 1000.0);
    }
    return std::nullopt;
}

int64_t int_of(const json& o, const char* key) {
    auto it = o.find(key);
    return it != o.end() && it->is_number() ? it->get<int64_t>() : 0;
}

}  // namespace

int64_t audio_tokens(double seconds) {
    return static_cast<int64_t>(std::llround(std::ceil(seconds) / 60.0 * 1000));
}

void AudioMeter::feed(std::string_view chunk) {
    bytes_ += chunk.size();
    if (kept_.size() < kKeep) kept_.append(chunk.substr(0, kKeep - kept_.size()));
}

std::optional<double> AudioMeter::seconds() const {
    if (format_ == "pcm") return static_cast<double>(bytes_) / (24000 * 2);  // 24 kHz, 16-bit, mono
    if (format_ == "wav") return wav_seconds(kept_, bytes_);
    if (format_ == "mp3") return mp3_seconds(kept_, bytes_);
    return std::nullopt;
}

std::optional<gw_usage> AudioMeter::transcription_usage() const {
    json j = gw::parse_json_bounded<json>(kept_);
    if (!j.is_object() || !j.contains("usage") || !j["usage"].is_object()) return std::nullopt;
    const json& u = j["usage"];
    gw_usage out{};
    out.struct_size = sizeof(gw_usage);
    out.prompt_includes_cache = 1;
    if (u.value("type", "") == "duration") {
        auto it = u.find("seconds");
        if (it == u.end() || !it->is_number()) return std::nullopt;
        out.prompt_tokens = audio_tokens(it->get<double>());
    } else {
        out.prompt_tokens = int_of(u, "input_tokens");
        out.completion_tokens = int_of(u, "output_tokens");
    }
    out.total_tokens = out.prompt_tokens + out.completion_tokens;
    return out.total_tokens > 0 ? std::optional<gw_usage>(out) : std::nullopt;
}

std::optional<gw_usage> AudioMeter::usage() const {
    if (!speech_) return transcription_usage();
    if (bytes_ == 0) return std::nullopt;
    auto s = seconds();
    gw_usage out{};
    out.struct_size = sizeof(gw_usage);
    out.prompt_includes_cache = 1;
    out.completion_tokens = s && *s > 0 ? audio_tokens(*s) : static_cast<int64_t>((bytes_ + 999) / 1000);
    out.audio_output_tokens = out.completion_tokens;
    out.total_tokens = out.completion_tokens;
    return out;
}

}  // namespace openai_plugin
