#include "relay/media_body.hpp"

#include "common/strings.hpp"
#include "relay/multipart.hpp"
#include "relay/tokenizer.hpp"

#include <nlohmann/json.hpp>

#include <cstdlib>

namespace gw::relay {

namespace {

using nlohmann::json;

bool is_audio_upload(gw_api_kind api) {
    return api == GW_API_AUDIO_TRANSCRIPTION || api == GW_API_AUDIO_TRANSLATION;
}

int64_t count_of(const std::string& text) {
    char* end = nullptr;
    long long v = std::strtoll(text.c_str(), &end, 10);
    return end && *end == '\0' && v > 0 ? v : (text.empty() ? 1 : -1);
}

std::string json_text(const json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

int64_t json_count(const json& j, const char* key) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) return 1;
    return it->is_number_integer() && it->get<int64_t>() > 0 ? it->get<int64_t>() : -1;
}

// Characters, not bytes: UTF-8 continuation bytes are not counted.
size_t utf8_length(std::string_view s) {
    size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}

RelayError invalid(std::string message) {
    return RelayError{400, std::move(message), "invalid_request_error", "invalid_request"};
}

std::variant<RelayBody, RelayError> read_multipart(http::HttpRequest& req, size_t max_bytes, gw_api_kind api,
                                                   const std::string& boundary) {
    std::string encoding = to_lower(trim(req.header("content-encoding")));
    if (!encoding.empty() && encoding != "identity")
        return RelayError{415, "compressed multipart bodies are not supported", "invalid_request_error",
                          "bad_request_body"};
    if (req.body.size() > max_bytes)
        return RelayError{413, "request body too large", "invalid_request_error", "read_request_body_failed"};
    RelayBody out;
    out.bytes = std::make_shared<const std::string>(std::move(req.body));
    auto form = parse_form(*out.bytes, boundary);
    if (!form) return invalid("invalid multipart/form-data body");
    auto media = std::make_shared<MediaFields>();
    media->multipart = true;
    media->boundary = boundary;
    media->n = count_of(form->text("n"));
    media->size = form->text("size");
    media->quality = form->text("quality");
    media->input = form->text("prompt");
    if (is_audio_upload(api)) {
        const FormPart* file = form->find("file");
        if (!file) return invalid("file is required");
        media->upload_bytes = static_cast<int64_t>(file->value.size());
    } else if (!form->find("image") && !form->find("image[]")) {
        return invalid("image is required");
    }
    out.model = form->text("model", default_media_model(api));
    out.stream = form->text("stream") == "true";
    if (media->n < 0) return invalid("n must be a positive integer");
    out.media = std::move(media);
    return out;
}

}  // namespace

bool is_media_api(gw_api_kind api) {
    return api == GW_API_IMAGES || api == GW_API_IMAGE_EDITS || api == GW_API_AUDIO_SPEECH || is_audio_upload(api);
}

const char* default_media_model(gw_api_kind api) {
    switch (api) {
        case GW_API_AUDIO_SPEECH:
            return "tts-1";
        case GW_API_AUDIO_TRANSCRIPTION:
        case GW_API_AUDIO_TRANSLATION:
            return "whisper-1";
        default:
            return "dall-e-2";
    }
}

std::variant<RelayBody, RelayError> read_media_body(http::HttpRequest& req, size_t max_bytes, gw_api_kind api) {
    if (auto boundary = form_boundary(req.header("content-type")))
        return read_multipart(req, max_bytes, api, *boundary);
    if (is_audio_upload(api) || (api == GW_API_IMAGE_EDITS && req.path.find("/variations") != std::string::npos))
        return invalid("this endpoint takes a multipart/form-data body");
    auto body = read_body(req, max_bytes, false);
    auto* b = std::get_if<RelayBody>(&body);
    if (!b) return body;
    json doc = parse_document(*b);
    auto media = std::make_shared<MediaFields>();
    media->n = json_count(doc, "n");
    media->size = json_text(doc, "size");
    media->quality = json_text(doc, "quality");
    media->input = json_text(doc, api == GW_API_AUDIO_SPEECH ? "input" : "prompt");
    if (media->n < 0) return invalid("n must be a positive integer");
    if (api == GW_API_AUDIO_SPEECH && media->input.empty()) return invalid("input is required");
    if (api != GW_API_AUDIO_SPEECH && media->input.empty()) return invalid("prompt is required");
    if (b->model.empty()) b->model = default_media_model(api);
    b->media = std::move(media);
    return body;
}

double image_call_ratio(const MediaFields& m, const std::string& model) {
    double n = static_cast<double>(m.n);
    if (!starts_with(model, "dall-e")) return n;
    double ratio = 1;
    bool tall = m.size.find("1792") != std::string::npos;
    if (m.size.find("256") != std::string::npos)
        ratio = 0.4;
    else if (m.size.find("512") != std::string::npos)
        ratio = 0.45;
    else if (tall)
        ratio = 2;
    if (m.quality == "hd") ratio *= tall ? 1.5 : 2;
    return ratio * n;
}

int64_t media_prompt_tokens(const Tokenizer* t, const RelayBody& b) {
    const MediaFields& m = *b.media;
    if (m.upload_bytes) return (m.upload_bytes + 999) / 1000;
    if (b.api == GW_API_AUDIO_SPEECH && starts_with(b.model, "tts")) return static_cast<int64_t>(utf8_length(m.input));
    return t ? t->count(b.model, m.input) : static_cast<int64_t>(m.input.size() / 4);
}

}  // namespace gw::relay
