// IPv4/IPv6 addresses and CIDR ranges, for token IP allow-lists.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace gw {

bool valid_ip_or_cidr(std::string_view entry);
// Splits an allow-list written with newlines and/or commas into entries.
std::vector<std::string> split_ip_list(std::string_view list);
// True when ip falls in any entry (exact address or CIDR range).
bool ip_allowed(std::string_view ip, const std::vector<std::string>& entries);

}  // namespace gw
