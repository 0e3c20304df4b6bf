#include "relay/secret_mask.hpp"

#include <regex>
#include <vector>

namespace gw::relay {

namespace {

constexpr size_t kShortestSecret = 10;  // shorter parts (a region, a version) are not secrets
constexpr std::string_view kMask = "***";

std::vector<std::string_view> key_parts(std::string_view keys) {
    std::vector<std::string_view> parts;
    size_t start = 0;
    for (size_t i = 0; i <= keys.size(); ++i) {
        bool sep = i == keys.size() || keys[i] == '\n' || keys[i] == '\r' || keys[i] == '|' || keys[i] == ',' ||
                   keys[i] == ' ' || keys[i] == '"';
        if (!sep) continue;
        if (i - start >= kShortestSecret) parts.push_back(keys.substr(start, i - start));
        start = i + 1;
    }
    return parts;
}

void replace_all(std::string& text, std::string_view what) {
    for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + kMask.size()))
        text.replace(at, what.size(), kMask);
}

// Bearer tokens, OpenAI/Anthropic-style keys, Google API keys and key= query parameters.
const std::regex& secret_shapes() {
    static const std::regex re(
        R"((Bearer\s+)[A-Za-z0-9._~+/=\-]{8,}|\b(sk-)[A-Za-z0-9_\-]{8,}|\b(AIza)[0-9A-Za-z_\-]{20,}|([?&](?:api_)?key=)[^&\s"'<>]+)",
        std::regex::ECMAScript | std::regex::icase);
    return re;
}

}  // namespace

std::string mask_secrets(std::string text, std::string_view keys) {
    for (std::string_view part : key_parts(keys)) replace_all(text, part);
    return std::regex_replace(text, secret_shapes(), "$1$2$3$4***");
}

}  // namespace gw::relay
