// REDIS_CONN_STRING in New API's form: redis://[[user]:password@]host[:port][/db].
#pragma once

#include <stdexcept>
#include <string>

namespace gw::cluster {

struct RedisEndpoint {
    std::string host = "127.0.0.1";
    int port = 6379;
    std::string user, password;
    int db = 0;
    std::string describe() const;  // host:port/db, without credentials
};

class RedisUrlError : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

RedisEndpoint parse_redis_url(const std::string& url);

}  // namespace gw::cluster
