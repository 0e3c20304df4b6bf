// Runs the real new-api binary for integration tests: a temporary data folder, a free port,
// environment overrides, and a small HTTP client against it.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace gw::testing {

struct HttpResult {
    int status = 0;
    std::string body;
    std::map<std::string, std::string> headers;  // lowercased names
    std::string header(const std::string& name) const;
};

class ServerProcess {
public:
    // env: extra environment; SQLITE_PATH and PORT default to a temp file and a free port.
    explicit ServerProcess(std::map<std::string, std::string> env = {}, std::vector<std::string> args = {});
    ~ServerProcess();
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    // Waits until /api/status answers; false if the process died or timed out.
    bool wait_ready(int timeout_ms = 10000);
    // Sends a signal and waits for exit; returns the exit code (or 128+signal).
    int stop(int sig, int timeout_ms = 10000);
    // Waits for the process to exit by itself; returns the exit code, or -1 on timeout.
    int wait_exit(int timeout_ms = 10000);

    HttpResult request(const std::string& method, const std::string& path, const std::string& body = "",
                       const std::vector<std::pair<std::string, std::string>>& headers = {});
    // On one connection, writes each message in turn and collects what arrives after it until
    // the connection is idle for idle_ms; returns one answer per message.
    std::vector<std::string> raw_exchange(const std::vector<std::string>& messages, int idle_ms = 300);
    std::string output() const;  // everything the process wrote so far
    int port() const { return port_; }
    const std::string& data_dir() const { return dir_; }

    static int free_port();
    static std::string binary();

private:
    int pid_ = -1;
    int port_ = 0;
    std::string dir_, log_path_;
    int exit_code_ = -1;
};

// A fresh temporary folder under /tmp.
std::string make_temp_dir(const std::string& prefix);

}  // namespace gw::testing
