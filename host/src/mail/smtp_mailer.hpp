// Outgoing mail over SMTP with New API's settings: SMTPServer, SMTPPort, SMTPAccount, SMTPToken,
// SMTPFrom, SMTPSSLEnabled (TLS from the first byte, as port 465 also implies); otherwise
// STARTTLS is used when the server offers it. Sent by libcurl on the calling worker thread.
#pragma once

#include <stdexcept>
#include <string>

namespace gw {
class Options;
}

namespace gw::mail {

struct SmtpSettings {
    std::string server, account, token, from;
    int port = 587;
    bool ssl = false;
};

SmtpSettings smtp_settings(const Options& options);

class MailError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// One HTML message to one recipient; throws MailError when it is not accepted.
void send_mail(const SmtpSettings& smtp, const std::string& to, const std::string& subject, const std::string& html);

}  // namespace gw::mail
