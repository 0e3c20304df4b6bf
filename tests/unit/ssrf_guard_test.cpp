// User-chosen notification addresses: loopback, private, link-local (cloud metadata), mapped and
// IPv6-local hosts are refused unless private addresses are allowed; public ones pass.
#include "upstream/ssrf_guard.hpp"

#include <gtest/gtest.h>

namespace {

using gw::upstream::ssrf_refusal;

TEST(SsrfGuard, RefusesAddressesInsideTheNetwork) {
    for (const char* url : {"http://127.0.0.1:8080/hook", "http://10.1.2.3/", "https://192.168.0.10/x",
                            "http://172.20.0.1/", "http://169.254.169.254/latest/meta-data", "http://[::1]:9000/",
                            "http://[fd00::1]/", "http://[::ffff:127.0.0.1]/", "http://0.0.0.0/", "http://localhost/"})
        EXPECT_NE(ssrf_refusal(url, false), "") << url;
}

TEST(SsrfGuard, LetsPublicAddressesAndAllowedPrivateOnesThrough) {
    EXPECT_EQ(ssrf_refusal("https://8.8.8.8/hook", false), "");
    EXPECT_EQ(ssrf_refusal("http://user:pw@1.1.1.1:8443/x?y=1", false), "");
    EXPECT_EQ(ssrf_refusal("http://127.0.0.1:8080/hook", true), "");
    EXPECT_NE(ssrf_refusal("ftp://8.8.8.8/", true), "") << "only http(s)";
    EXPECT_NE(ssrf_refusal("http:///nohost", true), "");
}

}  // namespace
