#include "relay/dialect_choice.hpp"

namespace gw::relay {

wire::Dialect upstream_dialect(const plugin::ProviderInfo* p, wire::Dialect client) {
    using wire::Dialect;
    if (!p) return Dialect::chat;
    bool openai = p->has_capability("wire.openai");
    bool claude = p->has_capability("wire.claude"), gemini = p->has_capability("wire.gemini");
    bool responses = openai && p->has_capability("responses");
    bool chat = openai && (p->has_capability("chat") || !responses);
    switch (client) {
        case Dialect::responses:
            if (responses) return Dialect::responses;
            break;
        case Dialect::claude:
            if (claude) return client;
            break;
        case Dialect::gemini:
            if (gemini) return client;
            break;
        case Dialect::chat:
            if (chat) return client;
            break;
    }
    if (chat) return Dialect::chat;
    if (claude) return Dialect::claude;
    if (gemini) return Dialect::gemini;
    return responses ? Dialect::responses : Dialect::chat;
}

}  // namespace gw::relay
