// The Prometheus text exposition format: HELP/TYPE headers and sample lines.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gw::metrics {

void append_number(std::string& out, double v);
void append_number(std::string& out, uint64_t v);
void append_number(std::string& out, int64_t v);
// name{labels} or name{labels,extra}, then a space: the value follows.
void sample_head(std::string& out, std::string_view name, const std::string& labels, std::string_view extra = {});
// A label value with \, " and newlines escaped.
std::string escape_label(std::string_view value);

// A family's HELP and TYPE lines.
void write_header(std::string& out, std::string_view name, std::string_view help, std::string_view type);
// One sample line: name{labels} value (labels already rendered: a="x",b="y").
void write_value(std::string& out, std::string_view name, const std::string& labels, uint64_t value);
void write_value(std::string& out, std::string_view name, const std::string& labels, int64_t value);
// One sample line from label pairs, for state read at scrape time.
void write_sample(std::string& out, std::string_view name,
                  const std::vector<std::pair<std::string, std::string>>& labels, double value);

}  // namespace gw::metrics
