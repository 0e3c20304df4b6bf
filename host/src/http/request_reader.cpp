#include "http/request_reader.hpp"

#include "common/strings.hpp"
#include "http/request_head.hpp"

#include <algorithm>
#include <cstring>

namespace gw::http {

namespace {
constexpr size_t kMaxChunkLine = 4096;  // a chunk-size line with its extensions

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    c = static_cast<char>(c | 0x20);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}
}  // namespace

RequestReader::Step RequestReader::refuse(int status, std::string message) {
    refusal_ = {status, std::move(message)};
    return Step::refused;
}

RequestReader::Step RequestReader::next() {
    if (refusal_.status) return Step::refused;
    if (!head_done_) return read_head();
    return frame_body();
}

HttpRequest RequestReader::take() {
    HttpRequest done = std::move(request_);
    request_ = {};
    scanned_ = 0;
    started_ = head_done_ = in_chunk_ = in_trailers_ = false;
    body_ = Body::none;
    remaining_ = 0;
    return done;
}

// Looks for the blank line that ends the head, from where the last call stopped; LF-only line
// ends are accepted as RFC 9112 allows.
RequestReader::Step RequestReader::read_head() {
    if (!started_) {  // empty lines before a request line are ignored
        size_t lead = in_.find_first_not_of("\r\n");
        in_.erase(0, lead == std::string::npos ? in_.size() : lead);
        if (in_.empty()) return Step::need_more;
        started_ = true;
    }
    size_t end = 0;
    for (size_t i = scanned_; i < in_.size() && !end;) {
        const void* lf = std::memchr(in_.data() + i, '\n', in_.size() - i);
        if (!lf) break;
        size_t at = static_cast<size_t>(static_cast<const char*>(lf) - in_.data());
        if (at + 1 < in_.size() && in_[at + 1] == '\n')
            end = at + 2;
        else if (at + 2 < in_.size() && in_[at + 1] == '\r' && in_[at + 2] == '\n')
            end = at + 3;
        i = at + 1;
    }
    if (!end) {
        if (in_.size() > limits_.max_head) return refuse(431, "request header fields too large");
        scanned_ = in_.size() > 2 ? in_.size() - 2 : 0;
        return Step::need_more;
    }
    if (end > limits_.max_head) return refuse(431, "request header fields too large");
    Step s = parse_head(std::string_view(in_).substr(0, end));
    in_.erase(0, end);
    return s;
}

RequestReader::Step RequestReader::parse_head(std::string_view head) {
    RequestHead h;
    if (std::string error = parse_request_head(head, request_, h); !error.empty())
        return refuse(h.status ? h.status : 400, error);
    http11_ = h.http11;
    if (h.chunked) {
        body_ = Body::chunked;
    } else if (h.content_length > 0) {
        if (h.content_length > limits_.max_body) return refuse(413, "request body too large");
        body_ = Body::length;
        remaining_ = h.content_length;
        request_.body.reserve(std::min<size_t>(remaining_, 4u << 20));
    }
    head_done_ = true;
    return Step::head;
}

RequestReader::Step RequestReader::frame_body() {
    switch (body_) {
        case Body::none:
            return Step::request;
        case Body::length:
            return read_length_body();
        case Body::chunked:
            return read_chunked_body();
    }
    return Step::request;
}

RequestReader::Step RequestReader::read_length_body() {
    size_t take = std::min(remaining_, in_.size());
    request_.body.append(in_, 0, take);
    in_.erase(0, take);
    remaining_ -= take;
    return remaining_ ? Step::need_more : Step::request;
}

// Reads "<hex>[;ext]\r\n"; false with need_more when the line is not complete yet.
bool RequestReader::read_chunk_size(size_t& size, bool& need_more) {
    size_t lf = in_.find('\n');
    need_more = lf == std::string::npos;
    if (need_more) return in_.size() <= kMaxChunkLine;
    std::string_view line = std::string_view(in_).substr(0, lf);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    line = line.substr(0, line.find(';'));
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
    if (line.empty() || line.size() > 15) return false;
    size = 0;
    for (char c : line) {
        int d = hex_digit(c);
        if (d < 0) return false;
        size = size * 16 + static_cast<size_t>(d);
    }
    in_.erase(0, lf + 1);
    return true;
}

RequestReader::Step RequestReader::read_chunked_body() {
    for (;;) {
        if (in_trailers_) {  // trailer fields are read and dropped, up to an empty line
            size_t lf = in_.find('\n');
            if (lf == std::string::npos)
                return in_.size() > limits_.max_head ? refuse(431, "request trailers too large") : Step::need_more;
            bool last = lf == 0 || (lf == 1 && in_[0] == '\r');
            in_.erase(0, lf + 1);
            if (last) return Step::request;
            continue;
        }
        if (in_chunk_) {
            size_t take = std::min(remaining_, in_.size());
            request_.body.append(in_, 0, take);
            in_.erase(0, take);
            remaining_ -= take;
            if (remaining_) return Step::need_more;
            if (in_.size() < 2) return Step::need_more;
            if (in_.compare(0, 2, "\r\n") != 0) return refuse(400, "malformed chunked body");
            in_.erase(0, 2);
            in_chunk_ = false;
            continue;
        }
        size_t size = 0;
        bool need_more = false;
        if (!read_chunk_size(size, need_more)) return refuse(400, "malformed chunk size");
        if (need_more) return Step::need_more;
        if (size == 0) {
            in_trailers_ = true;
            continue;
        }
        if (size > limits_.max_body - request_.body.size()) return refuse(413, "request body too large");
        remaining_ = size;
        in_chunk_ = true;
    }
}

}  // namespace gw::http
