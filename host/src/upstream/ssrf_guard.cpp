#include "upstream/ssrf_guard.hpp"

#include <arpa/inet.h>
#include <netdb.h>

#include <cstring>
#include <memory>

namespace gw::upstream {
namespace {

bool private_v4(uint32_t a) {  // host order
    auto in = [a](uint32_t net, int bits) { return (a >> (32 - bits)) == (net >> (32 - bits)); };
    return in(0x00000000, 8) || in(0x0a000000, 8) || in(0x64400000, 10) || in(0x7f000000, 8) || in(0xa9fe0000, 16) ||
           in(0xac100000, 12) || in(0xc0a80000, 16) || in(0xc6120000, 15) ||
           in(0xe0000000, 3);  // multicast and reserved (224/4, 240/4)
}

bool private_v6(const in6_addr& a) {
    const uint8_t* b = a.s6_addr;
    static const uint8_t zero[16] = {};
    if (IN6_IS_ADDR_V4MAPPED(&a)) return private_v4(ntohl(*reinterpret_cast<const uint32_t*>(b + 12)));
    if (!std::memcmp(b, zero, 15) && (b[15] == 0 || b[15] == 1)) return true;  // :: and ::1
    return (b[0] & 0xfe) == 0xfc || (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) || b[0] == 0xff;
}

std::string host_of(const std::string& url, std::string& port) {
    size_t start = url.find("://");
    if (start == std::string::npos) return "";
    std::string rest = url.substr(start + 3);
    rest = rest.substr(0, rest.find_first_of("/?#"));
    if (size_t at = rest.rfind('@'); at != std::string::npos) rest = rest.substr(at + 1);
    port = url.compare(0, 5, "https") == 0 ? "443" : "80";
    if (!rest.empty() && rest[0] == '[') {
        size_t close = rest.find(']');
        if (close == std::string::npos) return "";
        if (close + 2 < rest.size() && rest[close + 1] == ':') port = rest.substr(close + 2);
        return rest.substr(1, close - 1);
    }
    if (size_t colon = rest.rfind(':'); colon != std::string::npos) {
        port = rest.substr(colon + 1);
        rest = rest.substr(0, colon);
    }
    return rest;
}

}  // namespace

std::string ssrf_refusal(const std::string& url, bool allow_private) {
    if (url.compare(0, 7, "http://") != 0 && url.compare(0, 8, "https://") != 0) return "only http(s) URLs";
    std::string port, host = host_of(url, port);
    if (host.empty()) return "no host in the URL";
    if (allow_private) return "";
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    if (getaddrinfo(host.c_str(), port.c_str(), &hints, &found) != 0 || !found) return "cannot resolve " + host;
    std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> list(found, &freeaddrinfo);
    for (addrinfo* ai = found; ai; ai = ai->ai_next) {
        bool inside =
            ai->ai_family == AF_INET
                ? private_v4(ntohl(reinterpret_cast<sockaddr_in*>(ai->ai_addr)->sin_addr.s_addr))
                : ai->ai_family == AF_INET6 && private_v6(reinterpret_cast<sockaddr_in6*>(ai->ai_addr)->sin6_addr);
        if (inside) return host + " resolves to a private address";
    }
    return "";
}

}  // namespace gw::upstream
