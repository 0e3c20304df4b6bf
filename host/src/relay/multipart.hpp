// multipart/form-data bodies read in place: the parts are views into the received bytes, so a
// large upload is never copied to find its text fields (model, n, size, ...).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gw::relay {

struct FormPart {
    std::string name, filename, content_type;
    std::string_view value;  // the part's bytes, inside the body
};

struct Form {
    std::vector<FormPart> parts;
    const FormPart* find(std::string_view name) const;
    // A text field's value, or `fallback` when absent.
    std::string text(std::string_view name, std::string_view fallback = {}) const;
};

// The boundary of a "multipart/form-data; boundary=..." content type; nullopt for other types.
std::optional<std::string> form_boundary(std::string_view content_type);

// Splits `body` into parts; nullopt when it is not well-formed or has more than max_parts parts.
std::optional<Form> parse_form(std::string_view body, std::string_view boundary, size_t max_parts = 256);

// The body with one text field's value replaced (the only copy of the upload made, and only
// when a channel maps the model to another name).
std::string replace_form_field(std::string_view body, const Form& form, std::string_view name, std::string_view value);

}  // namespace gw::relay
