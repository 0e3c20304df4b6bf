// The subset of CBOR (RFC 8949) WebAuthn speaks: attestation objects and COSE keys. Definite
// lengths only, nesting bounded; anything else is refused rather than guessed at.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gw::webauthn {

class CborError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct Cbor {
    enum class Kind { integer, bytes, text, array, map, boolean, null };
    Kind kind = Kind::null;
    int64_t integer = 0;
    std::string data;  // bytes or text
    bool flag = false;
    std::vector<Cbor> items;                   // array
    std::vector<std::pair<Cbor, Cbor>> pairs;  // map

    // The value under an integer or text key of a map, if present.
    const Cbor* get(int64_t key) const;
    const Cbor* get(std::string_view key) const;
};

// Decodes one item from the front of `in`; `used` tells how many bytes it took.
Cbor decode_cbor(std::string_view in, size_t& used);

}  // namespace gw::webauthn
