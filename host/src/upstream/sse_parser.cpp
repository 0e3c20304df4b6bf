#include "upstream/sse_parser.hpp"

namespace gw::upstream {

bool EventParser::feed(std::string_view bytes) {
    for (char c : bytes) {
        if (c == '\n' && last_was_cr_) {  // the \n of a \r\n pair
            last_was_cr_ = false;
            continue;
        }
        last_was_cr_ = c == '\r';
        if (c == '\n' || c == '\r') {
            std::string l;
            l.swap(buffer_);
            if (!line(l)) return false;
            continue;
        }
        buffer_ += c;
        if (buffer_.size() > max_line_) {
            overflowed_ = true;
            return false;
        }
    }
    return true;
}

bool EventParser::finish() {
    if (!buffer_.empty()) {
        std::string l;
        l.swap(buffer_);
        if (!line(l)) return false;
    }
    return mode_ == Mode::sse ? dispatch() : true;
}

bool EventParser::line(std::string_view l) {
    if (mode_ == Mode::ndjson) return l.empty() || sink_({}, l, {});
    if (l.empty()) return dispatch();
    if (l.front() == ':') return true;  // comment / keep-alive
    size_t colon = l.find(':');
    std::string_view field = l.substr(0, colon);
    std::string_view value = colon == std::string_view::npos ? std::string_view() : l.substr(colon + 1);
    if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    if (field == "data") {
        if (has_data_) data_ += '\n';
        data_ += value;
        has_data_ = true;
    } else if (field == "event") {
        event_ = value;
    } else if (field == "id") {
        id_ = value;
    }
    return true;
}

bool EventParser::dispatch() {
    if (!has_data_ && event_.empty()) return true;
    bool go_on = sink_(event_, data_, id_);
    event_.clear();
    data_.clear();
    has_data_ = false;
    return go_on;
}

}  // namespace gw::upstream
