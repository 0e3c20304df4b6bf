#include "http/static_site.hpp"

#include "common/log.hpp"
#include "common/strings.hpp"

#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

namespace gw::http {
namespace {

namespace fs = std::filesystem;

const char* content_type(const std::string& ext) {
    static const std::map<std::string, const char*> types = {{".html", "text/html; charset=utf-8"},
                                                             {".js", "text/javascript; charset=utf-8"},
                                                             {".css", "text/css; charset=utf-8"},
                                                             {".json", "application/json"},
                                                             {".svg", "image/svg+xml"},
                                                             {".png", "image/png"},
                                                             {".jpg", "image/jpeg"},
                                                             {".ico", "image/x-icon"},
                                                             {".woff2", "font/woff2"},
                                                             {".woff", "font/woff"},
                                                             {".txt", "text/plain; charset=utf-8"},
                                                             {".webp", "image/webp"}};
    auto it = types.find(ext);
    return it == types.end() ? "application/octet-stream" : it->second;
}

bool compressible(const std::string& type) {
    return type.rfind("text/", 0) == 0 || type.find("json") != std::string::npos ||
           type.find("svg") != std::string::npos;
}

std::string gzip(const std::string& in) {
    z_stream z{};
    if (deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return {};
    std::string out(deflateBound(&z, in.size()), '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z.avail_in = static_cast<uInt>(in.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    int rc = deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    return rc == Z_STREAM_END ? out : std::string();
}

bool api_path(const std::string& path) {
    for (const char* p : {"/api/", "/v1/", "/v1beta/", "/mj/", "/pg/", "/suno/", "/dashboard/"})
        if (starts_with(path + "/", p)) return true;
    return path == "/api" || path == "/v1";
}

}  // namespace

StaticSite::StaticSite(const std::string& dir) {
    std::error_code ec;
    if (dir.empty() || !fs::is_directory(dir, ec)) return;
    for (const auto& entry : fs::recursive_directory_iterator(dir, ec)) {
        if (!entry.is_regular_file()) continue;
        std::ifstream in(entry.path(), std::ios::binary);
        std::stringstream buf;
        buf << in.rdbuf();
        File f;
        f.body = buf.str();
        f.type = content_type(entry.path().extension().string());
        if (compressible(f.type) && f.body.size() > 512) f.gzip = gzip(f.body);
        f.etag = "\"" + std::to_string(std::hash<std::string>{}(f.body)) + "\"";
        files_["/" + fs::relative(entry.path(), dir).generic_string()] = std::move(f);
    }
    log::info("web UI: " + std::to_string(files_.size()) + " files from " + dir);
}

void StaticSite::send(const File& f, const HttpRequest& req, const Responder& res, const char* cache) const {
    HeaderList headers = {{"Cache-Control", cache}, {"ETag", f.etag}, {"Vary", "Accept-Encoding"}};
    if (req.header("if-none-match") == f.etag) return res.send(304, "", f.type, headers);
    bool gz = !f.gzip.empty() && req.header("accept-encoding").find("gzip") != std::string::npos;
    if (gz) headers.emplace_back("Content-Encoding", "gzip");
    res.send(200, req.method == "HEAD" ? std::string() : (gz ? f.gzip : f.body), f.type, headers);
}

void StaticSite::serve(const HttpRequest& req, const Responder& res) const {
    if (api_path(req.path) || files_.empty()) return res.send(404, R"({"success":false,"message":"not found"})");
    auto it = files_.find(req.path);
    if (it != files_.end() && req.path != "/index.html")
        return send(it->second, req, res,
                    starts_with(req.path, "/assets/") ? "public, max-age=31536000, immutable" : "no-cache");
    auto index = files_.find("/index.html");
    if (index == files_.end()) return res.send(404, R"({"success":false,"message":"not found"})");
    send(index->second, req, res, "no-cache");
}

}  // namespace gw::http
