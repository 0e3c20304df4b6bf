#include "relay/tokenizer.hpp"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <Poco/Base64Decoder.h>

#include <climits>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <unordered_map>
#include <vector>

namespace gw::relay {

class Encoding {
public:
    Encoding(const std::string& ranks_path, const std::string& pattern_path) {
        load_ranks(ranks_path);
        compile(read_file(pattern_path));
    }
    ~Encoding() { pcre2_code_free(re_); }

    int64_t count(std::string_view text) const {
        pcre2_match_data* md = pcre2_match_data_create_from_pattern(re_, nullptr);
        int64_t n = 0;
        size_t offset = 0;
        auto subject = reinterpret_cast<PCRE2_SPTR>(text.data());
        while (offset < text.size()) {
            int rc = pcre2_match(re_, subject, text.size(), offset, PCRE2_NO_UTF_CHECK, md, nullptr);
            if (rc < 0) break;
            PCRE2_SIZE* ov = pcre2_get_ovector_pointer(md);
            if (ov[1] == ov[0]) {  // empty match: step over one character
                offset = ov[1] + 1;
                continue;
            }
            n += piece_tokens(text.substr(ov[0], ov[1] - ov[0]));
            offset = ov[1];
        }
        pcre2_match_data_free(md);
        return n;
    }

private:
    static std::string read_file(const std::string& path) {
        std::ifstream in(path, std::ios::binary);
        if (!in) throw std::runtime_error("cannot read " + path);
        std::stringstream ss;
        ss << in.rdbuf();
        return ss.str();
    }

    void load_ranks(const std::string& path) {
        std::ifstream in(path);
        if (!in) throw std::runtime_error("cannot read " + path);
        std::string token;
        int rank = 0;
        while (in >> token >> rank) {
            std::istringstream is(token);
            Poco::Base64Decoder dec(is);
            std::string bytes((std::istreambuf_iterator<char>(dec)), std::istreambuf_iterator<char>());
            ranks_.emplace(std::move(bytes), rank);
        }
        if (ranks_.empty()) throw std::runtime_error("no ranks in " + path);
    }

    void compile(const std::string& pattern) {
        int err = 0;
        PCRE2_SIZE where = 0;
        re_ = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.c_str()), pattern.size(), PCRE2_UTF | PCRE2_UCP, &err,
                            &where, nullptr);
        if (!re_) throw std::runtime_error("tokenizer pattern does not compile at " + std::to_string(where));
        pcre2_jit_compile(re_, PCRE2_JIT_COMPLETE);
    }

    int rank_of(std::string_view bytes) const {
        auto it = ranks_.find(bytes);
        return it == ranks_.end() ? INT_MAX : it->second;
    }

    // Merging is quadratic in the piece length; an adversarial run (a megabyte of one letter)
    // is counted in windows so an estimate can never stall the thread that makes it.
    int64_t piece_tokens(std::string_view piece) const {
        constexpr size_t kWindow = 256;
        if (piece.size() <= kWindow) return merge(piece);
        int64_t n = 0;
        for (size_t i = 0; i < piece.size(); i += kWindow) n += merge(piece.substr(i, kWindow));
        return n;
    }

    // tiktoken's byte-pair merge: repeatedly join the adjacent pair with the lowest rank. Each
    // part remembers the rank of merging with its successor, so a merge costs two lookups.
    int64_t merge(std::string_view piece) const {
        if (ranks_.count(piece)) return 1;
        struct Part {
            size_t start;
            int rank;  // rank of (this part + the next), INT_MAX when not a token
        };
        std::vector<Part> parts;
        for (size_t i = 0; i <= piece.size(); ++i) parts.push_back({i, INT_MAX});
        auto pair_rank = [&](size_t i) {  // rank of parts[i] joined with parts[i + 1]
            return i + 2 < parts.size() ? rank_of(piece.substr(parts[i].start, parts[i + 2].start - parts[i].start))
                                        : INT_MAX;
        };
        for (size_t i = 0; i + 2 < parts.size(); ++i) parts[i].rank = pair_rank(i);
        while (parts.size() > 2) {
            size_t best = 0;
            for (size_t i = 1; i + 1 < parts.size(); ++i)
                if (parts[i].rank < parts[best].rank) best = i;
            if (parts[best].rank == INT_MAX) break;
            parts.erase(parts.begin() + static_cast<std::ptrdiff_t>(best) + 1);
            parts[best].rank = pair_rank(best);
            if (best > 0) parts[best - 1].rank = pair_rank(best - 1);
        }
        return static_cast<int64_t>(parts.size()) - 1;
    }

    struct Hash {
        using is_transparent = void;
        size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
    };
    std::unordered_map<std::string, int, Hash, std::equal_to<>> ranks_;  // looked up by string_view
    pcre2_code* re_ = nullptr;
};

Tokenizer::Tokenizer(const std::string& dir)
    : o200k_(std::make_unique<Encoding>(dir + "/o200k_base.tiktoken", dir + "/o200k_base.pattern")),
      cl100k_(std::make_unique<Encoding>(dir + "/cl100k_base.tiktoken", dir + "/cl100k_base.pattern")) {}

Tokenizer::~Tokenizer() = default;

namespace {

bool uses_o200k(std::string_view model) {
    for (std::string_view p : {"gpt-4o", "gpt-4.1", "gpt-4.5", "gpt-5", "o1", "o3", "o4", "chatgpt-4o", "gpt-oss"})
        if (model.substr(0, p.size()) == p) return true;
    return false;
}

}  // namespace

int64_t Tokenizer::count(std::string_view model, std::string_view text) const {
    return (uses_o200k(model) ? o200k_ : cl100k_)->count(text);
}

}  // namespace gw::relay
