#include "billing/charge.hpp"

#include <cstring>
#include <stdexcept>
#include <type_traits>

namespace gw::billing {
namespace {

constexpr uint8_t kVersion = 1;

class Writer {
public:
    void num(int64_t v) { out_.append(reinterpret_cast<const char*>(&v), sizeof v); }
    void str(const std::string& s) {
        uint32_t n = static_cast<uint32_t>(s.size());
        out_.append(reinterpret_cast<const char*>(&n), sizeof n);
        out_ += s;
    }
    std::string& out() { return out_; }

private:
    std::string out_;
};

class Reader {
public:
    explicit Reader(std::string_view in) : in_(in) {}
    int64_t num() {
        int64_t v = 0;
        std::memcpy(&v, take(sizeof v).data(), sizeof v);
        return v;
    }
    std::string str() {
        uint32_t n = 0;
        std::memcpy(&n, take(sizeof n).data(), sizeof n);
        return std::string(take(n));
    }
    uint8_t byte() { return static_cast<uint8_t>(take(1)[0]); }
    bool done() const { return in_.empty(); }

private:
    std::string_view take(size_t n) {
        if (n > in_.size()) throw std::runtime_error("charge record is cut short");
        auto part = in_.substr(0, n);
        in_.remove_prefix(n);
        return part;
    }
    std::string_view in_;
};

// The log travels field by field in its column order (entities.hpp), so a new column is one line there.
void write_log(Writer& w, const store::Log& l) {
    store::for_each_value(l, [&](const auto& v) {
        using V = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<V, std::string>)
            w.str(v);
        else
            w.num(static_cast<int64_t>(v));
    });
}

void read_log(Reader& r, store::Log& l) {
    store::for_each_value(l, [&](auto& v) {
        using V = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<V, std::string>)
            v = r.str();
        else
            v = static_cast<V>(r.num());
    });
}

}  // namespace

std::string encode(const Charge& c) {
    Writer w;
    w.out().push_back(static_cast<char>(kVersion));
    w.num(c.user_id);
    w.num(c.token_id);
    w.num(c.channel_id);
    w.str(c.token_key);
    w.num(c.quota);
    w.num(c.counts_request ? 1 : 0);
    w.num(c.log_row ? 1 : 0);
    w.num(c.tokens);
    write_log(w, c.log);
    return std::move(w.out());
}

Charge decode(std::string_view payload) {
    Reader r(payload);
    if (r.byte() != kVersion) throw std::runtime_error("charge record of an unknown version");
    Charge c;
    c.user_id = r.num();
    c.token_id = r.num();
    c.channel_id = r.num();
    c.token_key = r.str();
    c.quota = r.num();
    c.counts_request = r.num() != 0;
    c.log_row = r.num() != 0;
    c.tokens = r.num();
    read_log(r, c.log);
    if (!r.done()) throw std::runtime_error("charge record has trailing bytes");
    return c;
}

}  // namespace gw::billing
