// New API's global.chat_completions_to_responses_policy: chat completions requests for chosen
// channels and models go upstream as Responses (for Responses-only models such as Codex) and
// come back converted. The option is parsed once per change of the options snapshot.
#pragma once

#include "app/option_defaults.hpp"

#include <memory>
#include <mutex>
#include <regex>
#include <set>
#include <string>
#include <vector>

namespace gw::relay {

class ResponsesPolicy {
public:
    bool applies(const Options& options, int64_t channel_id, int channel_type, const std::string& model);

private:
    struct Parsed {
        bool enabled = false, all_channels = false;
        std::set<int64_t> channel_ids;
        std::set<int64_t> channel_types;
        std::vector<std::regex> model_patterns;
    };
    static std::shared_ptr<const Parsed> parse(const std::string& text);
    std::shared_ptr<const Parsed> current(const Options& options);

    std::mutex mutex_;
    std::shared_ptr<const std::map<std::string, std::string>> from_;  // held: no address reuse
    std::shared_ptr<const Parsed> parsed_ = std::make_shared<Parsed>();
};

}  // namespace gw::relay
