// The rerank wire shapes: the client's {model, query, documents, top_n, return_documents} (Cohere
// and Jina both accept it) and each upstream's answer turned into the gateway's
// {results:[{index, relevance_score, document?}], usage}.
#pragma once

#include <gw/abi/provider.h>

#include <optional>
#include <string>
#include <string_view>

namespace rerank {

enum class Vendor { cohere, jina };

struct Normalised {
    std::string body;               // the client's answer
    std::optional<gw_usage> usage;  // none when the upstream reported no tokens
};

// The upstream request body: Cohere gets top_n (1 when absent, as New API sends) and
// return_documents; Jina gets the client's body with the mapped model. nullopt: not a rerank body.
std::optional<std::string> upstream_body(Vendor v, std::string_view client_body, std::string_view upstream_model,
                                         std::string& error);
// nullopt: not a rerank answer.
std::optional<Normalised> normalise(Vendor v, std::string_view upstream_body);
// The upstream's error message, or a generic one.
std::string error_message(std::string_view body, int status);

}  // namespace rerank
