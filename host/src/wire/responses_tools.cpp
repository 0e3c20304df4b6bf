#include "wire/responses_tools.hpp"

#include "wire/formats.hpp"
#include "wire/hub.hpp"

namespace gw::wire {

std::string flat_tool_name(const std::string& ns, const std::string& name) {
    return ns.empty() ? name : ns + "__" + name;
}

std::shared_ptr<const ToolOrigins> responses_tool_origins(const json& request) {
    auto origins = std::make_shared<ToolOrigins>();
    const json* tools = field(request, "tools");
    if (!tools || !tools->is_array()) return origins;
    auto add = [&](const json& t, const std::string& ns) {
        std::string type = str_of(t, "type"), name = str_of(t, "name");
        if ((type == "function" && !ns.empty()) || type == "custom")
            (*origins)[flat_tool_name(ns, name)] = ToolOrigin{ns, name, type == "custom"};
    };
    for (const auto& t : *tools) {
        if (str_of(t, "type") != "namespace") {
            add(t, "");
            continue;
        }
        if (const json* inner = field(t, "tools"); inner && inner->is_array())
            for (const auto& i : *inner) add(i, str_of(t, "name"));
    }
    return origins;
}

json responses_call_output(const ToolOrigins* origins, const std::string& id, const std::string& call_id,
                           const std::string& name, const std::string& arguments, const char* status) {
    const ToolOrigin* found = nullptr;
    if (origins)
        if (auto it = origins->find(name); it != origins->end()) found = &it->second;
    if (!found) return responses_call_item(id, call_id, name, arguments, status);
    const ToolOrigin& o = *found;
    json item;
    if (o.custom) {
        json args = parse_arguments(arguments);
        std::string input = args.is_object() ? str_of(args, "input") : arguments;
        item = {{"type", "custom_tool_call"},
                {"id", id},
                {"call_id", call_id},
                {"name", o.name},
                {"input", input},
                {"status", status}};
    } else {
        item = responses_call_item(id, call_id, o.name, arguments, status);
    }
    if (!o.ns.empty()) item["namespace"] = o.ns;
    return item;
}

}  // namespace gw::wire
