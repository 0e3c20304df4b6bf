#include "webauthn/webauthn.hpp"

#include "auth/signed_token.hpp"
#include "common/base64.hpp"
#include "common/digest.hpp"
#include "webauthn/cbor.hpp"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <memory>

namespace gw::webauthn {
namespace {

constexpr uint8_t kUserPresent = 0x01, kUserVerified = 0x04, kBackupEligible = 0x08, kBackupState = 0x10,
                  kAttested = 0x40;

void check_client_data(const Ceremony& c, std::string_view client_data_json, const char* type) {
    auto j = nlohmann::json::parse(client_data_json, nullptr, false);
    if (!j.is_object()) throw WebAuthnError("clientDataJSON is not JSON");
    if (j.value("type", "") != type) throw WebAuthnError("clientDataJSON type is not " + std::string(type));
    if (!auth::same_secret(j.value("challenge", ""), base64_encode(c.challenge, true)))
        throw WebAuthnError("the challenge is not ours");
    std::string origin = j.value("origin", "");
    if (std::find(c.origins.begin(), c.origins.end(), origin) == c.origins.end())
        throw WebAuthnError("origin " + origin + " is not allowed");
}

struct AuthData {
    uint8_t flags = 0;
    uint32_t count = 0;
    std::string_view rest;  // attested credential data and extensions
};

AuthData check_auth_data(const Ceremony& c, std::string_view data) {
    if (data.size() < 37) throw WebAuthnError("authenticator data too short");
    if (!auth::same_secret(std::string(data.substr(0, 32)), sha256(c.rp_id)))
        throw WebAuthnError("authenticator data is for another RP ID");
    AuthData a;
    a.flags = static_cast<uint8_t>(data[32]);
    for (int i = 0; i < 4; ++i) a.count = (a.count << 8) | static_cast<uint8_t>(data[33 + i]);
    if (!(a.flags & kUserPresent)) throw WebAuthnError("the user was not present");
    if (c.require_user_verification && !(a.flags & kUserVerified)) throw WebAuthnError("the user was not verified");
    a.rest = data.substr(37);
    return a;
}

using Key = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;

const std::string& field(const Cbor& key, int64_t label) {
    const Cbor* v = key.get(label);
    if (!v || v->kind != Cbor::Kind::bytes) throw WebAuthnError("COSE key lacks field " + std::to_string(label));
    return v->data;
}

Key from_params(const char* type, OSSL_PARAM_BLD* bld) {
    std::unique_ptr<OSSL_PARAM_BLD, decltype(&OSSL_PARAM_BLD_free)> builder(bld, &OSSL_PARAM_BLD_free);
    std::unique_ptr<OSSL_PARAM, decltype(&OSSL_PARAM_free)> params(OSSL_PARAM_BLD_to_param(bld), &OSSL_PARAM_free);
    std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr),
                                                                    &EVP_PKEY_CTX_free);
    EVP_PKEY* key = nullptr;
    if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) <= 0 ||
        EVP_PKEY_fromdata(ctx.get(), &key, EVP_PKEY_PUBLIC_KEY, params.get()) <= 0)
        throw WebAuthnError("the COSE key is not a usable public key");
    return Key(key, &EVP_PKEY_free);
}

// ES256 (kty 2, crv 1) or RS256 (kty 3) COSE_Key → an OpenSSL public key.
Key public_key(std::string_view cose) {
    size_t used = 0;
    Cbor key = decode_cbor(cose, used);
    const Cbor* kty = key.get(1);
    const Cbor* alg = key.get(3);
    if (!kty || !alg || kty->kind != Cbor::Kind::integer || alg->kind != Cbor::Kind::integer)
        throw WebAuthnError("COSE key lacks kty or alg");
    OSSL_PARAM_BLD* bld = OSSL_PARAM_BLD_new();
    if (kty->integer == 2 && alg->integer == -7) {
        const Cbor* crv = key.get(-1);
        if (!crv || crv->kind != Cbor::Kind::integer || crv->integer != 1) {
            OSSL_PARAM_BLD_free(bld);
            throw WebAuthnError("only the P-256 curve is accepted");
        }
        std::string point = "\x04" + field(key, -2) + field(key, -3);  // lives until from_params copies it
        if (point.size() != 65) {
            OSSL_PARAM_BLD_free(bld);
            throw WebAuthnError("P-256 coordinates must be 32 bytes");
        }
        OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, "P-256", 0);
        OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size());
        return from_params("EC", bld);
    }
    if (kty->integer == 3 && alg->integer == -257) {
        const std::string &n = field(key, -1), &e = field(key, -2);
        BIGNUM* bn_n = BN_bin2bn(reinterpret_cast<const unsigned char*>(n.data()), static_cast<int>(n.size()), nullptr);
        BIGNUM* bn_e = BN_bin2bn(reinterpret_cast<const unsigned char*>(e.data()), static_cast<int>(e.size()), nullptr);
        OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, bn_n);
        OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, bn_e);
        Key k = from_params("RSA", bld);
        BN_free(bn_n);
        BN_free(bn_e);
        return k;
    }
    OSSL_PARAM_BLD_free(bld);
    throw WebAuthnError("only ES256 and RS256 keys are accepted");
}

bool signature_valid(EVP_PKEY* key, std::string_view signed_data, std::string_view signature) {
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> md(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    return md && EVP_DigestVerifyInit(md.get(), nullptr, EVP_sha256(), nullptr, key) == 1 &&
           EVP_DigestVerify(md.get(), reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                            reinterpret_cast<const unsigned char*>(signed_data.data()), signed_data.size()) == 1;
}

}  // namespace

Credential verify_registration(const Ceremony& c, std::string_view client_data_json,
                               std::string_view attestation_object) {
    check_client_data(c, client_data_json, "webauthn.create");
    size_t used = 0;
    Cbor att;
    try {
        att = decode_cbor(attestation_object, used);
    } catch (const CborError& e) {
        throw WebAuthnError(std::string("attestation object: ") + e.what());
    }
    const Cbor* auth_data = att.get("authData");
    const Cbor* fmt = att.get("fmt");
    if (!auth_data || auth_data->kind != Cbor::Kind::bytes) throw WebAuthnError("attestation object lacks authData");
    AuthData a = check_auth_data(c, auth_data->data);
    if (!(a.flags & kAttested) || a.rest.size() < 18) throw WebAuthnError("no attested credential data");
    Credential cred;
    cred.aaguid = std::string(a.rest.substr(0, 16));
    size_t id_len = (static_cast<uint8_t>(a.rest[16]) << 8) | static_cast<uint8_t>(a.rest[17]);
    if (id_len == 0 || id_len > 1023 || a.rest.size() < 18 + id_len) throw WebAuthnError("bad credential id length");
    cred.id = std::string(a.rest.substr(18, id_len));
    std::string_view key_bytes = a.rest.substr(18 + id_len);
    try {
        decode_cbor(key_bytes, used);
    } catch (const CborError& e) {
        throw WebAuthnError(std::string("credential public key: ") + e.what());
    }
    cred.cose_key = std::string(key_bytes.substr(0, used));
    public_key(cred.cose_key);  // refuses key types an assertion could not be checked with
    cred.format = fmt && fmt->kind == Cbor::Kind::text ? fmt->data : "";
    cred.sign_count = a.count;
    cred.user_verified = a.flags & kUserVerified;
    cred.backup_eligible = a.flags & kBackupEligible;
    cred.backup_state = a.flags & kBackupState;
    return cred;
}

uint32_t verify_assertion(const Ceremony& c, std::string_view cose_key, uint32_t stored_count,
                          std::string_view client_data_json, std::string_view authenticator_data,
                          std::string_view signature) {
    check_client_data(c, client_data_json, "webauthn.get");
    AuthData a = check_auth_data(c, authenticator_data);
    Key key = [&] {
        try {
            return public_key(cose_key);
        } catch (const CborError& e) {
            throw WebAuthnError(std::string("stored key: ") + e.what());
        }
    }();
    std::string signed_data = std::string(authenticator_data) + sha256(client_data_json);
    if (!signature_valid(key.get(), signed_data, signature)) throw WebAuthnError("the signature does not verify");
    if ((a.count || stored_count) && a.count <= stored_count)
        throw WebAuthnError("the signature counter went backwards: a cloned authenticator?");
    return a.count;
}

}  // namespace gw::webauthn
