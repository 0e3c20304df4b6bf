// The built web UI, read into memory at start with a gzip copy of each compressible file, served
// for every GET no route claims. Hashed assets are cached for a year; index.html is revalidated
// (ETag). Unknown paths get index.html so the single-page app can route them, except API paths,
// which never fall back.
#pragma once

#include "http/router.hpp"

#include <map>
#include <string>

namespace gw::http {

class StaticSite {
public:
    // Reads every file under dir; an empty or missing dir serves nothing (404 JSON).
    explicit StaticSite(const std::string& dir);
    size_t files() const { return files_.size(); }
    void serve(const HttpRequest& req, const Responder& res) const;

private:
    struct File {
        std::string body, gzip, type, etag;
    };
    void send(const File& f, const HttpRequest& req, const Responder& res, const char* cache) const;

    std::map<std::string, File> files_;  // "/assets/x.js" -> file
};

}  // namespace gw::http
