// WebAuthn relying-party checks (W3C WebAuthn Level 2, §7.1 registration and §7.2 assertion),
// done with OpenSSL since Debian ships no server-side WebAuthn library for C++: the client data
// (type, our challenge, an allowed origin), the authenticator data (our RP ID's hash, user
// presence, user verification when required, the signature counter), and for an assertion the
// signature over authenticatorData ‖ SHA-256(clientDataJSON) with the registered COSE key (ES256
// or RS256). Attestation statements are not trusted: we ask for "none" and keep only the format.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace gw::webauthn {

class WebAuthnError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct Ceremony {
    std::string challenge;  // raw bytes we sent
    std::string rp_id;
    std::vector<std::string> origins;
    bool require_user_verification = false;
};

struct Credential {
    std::string id;        // raw credential id
    std::string cose_key;  // raw COSE_Key bytes
    std::string aaguid;
    std::string format;  // attestation statement format, as reported
    uint32_t sign_count = 0;
    bool user_verified = false, backup_eligible = false, backup_state = false;
};

Credential verify_registration(const Ceremony& c, std::string_view client_data_json,
                               std::string_view attestation_object);

// The authenticator's new signature counter; throws when anything fails, including a counter that
// did not move forward (a cloned authenticator) when either side counts.
uint32_t verify_assertion(const Ceremony& c, std::string_view cose_key, uint32_t stored_count,
                          std::string_view client_data_json, std::string_view authenticator_data,
                          std::string_view signature);

}  // namespace gw::webauthn
