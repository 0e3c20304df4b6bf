#include "webauthn/cbor.hpp"

namespace gw::webauthn {
namespace {

constexpr int kMaxDepth = 16;
constexpr uint64_t kMaxItems = 1024;

class Reader {
public:
    explicit Reader(std::string_view in) : in_(in) {}
    size_t pos() const { return pos_; }

    Cbor item(int depth) {
        if (depth > kMaxDepth) throw CborError("CBOR nested too deeply");
        uint8_t head = byte();
        int major = head >> 5;
        uint64_t arg = argument(head & 31);
        Cbor v;
        switch (major) {
            case 0:
                if (arg > static_cast<uint64_t>(INT64_MAX)) throw CborError("CBOR integer too large");
                v.kind = Cbor::Kind::integer, v.integer = static_cast<int64_t>(arg);
                break;
            case 1:
                if (arg > static_cast<uint64_t>(INT64_MAX)) throw CborError("CBOR integer too large");
                v.kind = Cbor::Kind::integer, v.integer = -1 - static_cast<int64_t>(arg);
                break;
            case 2:
            case 3:
                v.kind = major == 2 ? Cbor::Kind::bytes : Cbor::Kind::text;
                v.data = std::string(take(arg));
                break;
            case 4:
                v.kind = Cbor::Kind::array;
                for (uint64_t i = 0; i < count(arg); ++i) v.items.push_back(item(depth + 1));
                break;
            case 5:
                v.kind = Cbor::Kind::map;
                for (uint64_t i = 0; i < count(arg); ++i) {
                    Cbor key = item(depth + 1);
                    v.pairs.emplace_back(std::move(key), item(depth + 1));
                }
                break;
            case 7:
                if ((head & 31) == 20 || (head & 31) == 21)
                    v.kind = Cbor::Kind::boolean, v.flag = (head & 31) == 21;
                else if ((head & 31) == 22)
                    v.kind = Cbor::Kind::null;
                else
                    throw CborError("unsupported CBOR simple value");
                break;
            default:
                throw CborError("unsupported CBOR type");
        }
        return v;
    }

private:
    uint8_t byte() {
        if (pos_ >= in_.size()) throw CborError("CBOR truncated");
        return static_cast<uint8_t>(in_[pos_++]);
    }
    uint64_t argument(uint8_t info) {
        if (info < 24) return info;
        int n = info == 24 ? 1 : info == 25 ? 2 : info == 26 ? 4 : info == 27 ? 8 : 0;
        if (!n) throw CborError("indefinite CBOR lengths are not accepted");
        uint64_t v = 0;
        for (int i = 0; i < n; ++i) v = (v << 8) | byte();
        return v;
    }
    std::string_view take(uint64_t n) {
        if (n > in_.size() - pos_) throw CborError("CBOR truncated");
        auto out = in_.substr(pos_, n);
        pos_ += n;
        return out;
    }
    static uint64_t count(uint64_t n) {
        if (n > kMaxItems) throw CborError("CBOR container too large");
        return n;
    }

    std::string_view in_;
    size_t pos_ = 0;
};

}  // namespace

const Cbor* Cbor::get(int64_t key) const {
    for (const auto& [k, v] : pairs)
        if (k.kind == Kind::integer && k.integer == key) return &v;
    return nullptr;
}

const Cbor* Cbor::get(std::string_view key) const {
    for (const auto& [k, v] : pairs)
        if (k.kind == Kind::text && k.data == key) return &v;
    return nullptr;
}

Cbor decode_cbor(std::string_view in, size_t& used) {
    Reader r(in);
    Cbor v = r.item(0);
    used = r.pos();
    return v;
}

}  // namespace gw::webauthn
