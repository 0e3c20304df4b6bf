// Byte-pair-encoding token counts with OpenAI's o200k_base and cl100k_base tables (tiktoken's
// algorithm), used to estimate usage when an upstream reports none.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace gw::relay {

class Encoding;

class Tokenizer {
public:
    // Loads <dir>/{o200k_base,cl100k_base}.{tiktoken,pattern}; throws when they are unreadable.
    explicit Tokenizer(const std::string& dir);
    ~Tokenizer();

    // Tokens in text under the encoding the model uses (o200k for gpt-4o/4.1/5 and o-series,
    // cl100k for everything else, as New API does).
    int64_t count(std::string_view model, std::string_view text) const;

private:
    std::unique_ptr<Encoding> o200k_, cl100k_;
};

}  // namespace gw::relay
