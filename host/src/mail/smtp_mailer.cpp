#include "mail/smtp_mailer.hpp"

#include "app/option_defaults.hpp"
#include "auth/random.hpp"
#include "common/base64.hpp"

#include <curl/curl.h>

#include <ctime>
#include <memory>

namespace gw::mail {
namespace {

struct Upload {
    std::string data;
    size_t offset = 0;
};

size_t read_chunk(char* buffer, size_t size, size_t count, void* user) {
    auto* up = static_cast<Upload*>(user);
    size_t n = std::min(size * count, up->data.size() - up->offset);
    up->data.copy(buffer, n, up->offset);
    up->offset += n;
    return n;
}

// RFC 2047 so a Chinese subject survives every mail client.
std::string encoded_subject(const std::string& subject) {
    return "=?UTF-8?B?" + base64_encode(subject) + "?=";
}

std::string message(const SmtpSettings& s, const std::string& to, const std::string& subject, const std::string& html) {
    char date[64];
    std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
    std::string domain = s.from.substr(s.from.find('@') + 1);
    return "From: " + s.from + "\r\nTo: " + to + "\r\nSubject: " + encoded_subject(subject) + "\r\nDate: " + date +
           "\r\nMessage-ID: <" + auth::random_hex32() + "@" + domain +
           ">\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=UTF-8\r\n\r\n" + html + "\r\n";
}

}  // namespace

SmtpSettings smtp_settings(const Options& o) {
    SmtpSettings s;
    s.server = o.str("SMTPServer");
    s.port = static_cast<int>(o.number("SMTPPort"));
    s.account = o.str("SMTPAccount");
    s.token = o.str("SMTPToken");
    s.from = o.str("SMTPFrom").empty() ? s.account : o.str("SMTPFrom");
    s.ssl = o.flag("SMTPSSLEnabled") || s.port == 465;
    return s;
}

void send_mail(const SmtpSettings& s, const std::string& to, const std::string& subject, const std::string& html) {
    if (s.server.empty() || s.from.empty()) throw MailError("SMTP 服务器未配置");
    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), &curl_easy_cleanup);
    if (!curl) throw MailError("no mail client");
    CURL* c = curl.get();
    std::string url = (s.ssl ? "smtps://" : "smtp://") + s.server + ":" + std::to_string(s.port);
    Upload up{message(s, to, subject, html)};
    std::string from = "<" + s.from + ">", rcpt_to = "<" + to + ">";
    curl_slist* rcpt = curl_slist_append(nullptr, rcpt_to.c_str());
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_USE_SSL, s.ssl ? CURLUSESSL_ALL : CURLUSESSL_TRY);
    if (!s.account.empty()) {
        curl_easy_setopt(c, CURLOPT_USERNAME, s.account.c_str());
        curl_easy_setopt(c, CURLOPT_PASSWORD, s.token.c_str());
    }
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, from.c_str());
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, &read_chunk);
    curl_easy_setopt(c, CURLOPT_READDATA, &up);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    CURLcode rc = curl_easy_perform(c);
    curl_slist_free_all(rcpt);
    if (rc != CURLE_OK) throw MailError(std::string("邮件发送失败: ") + curl_easy_strerror(rc));
}

}  // namespace gw::mail
