// An exception's text for a log line or a fatal message: Poco's exceptions name only their class
// in what() ("Not found"); their displayText() adds the message.
#pragma once

#include <exception>
#include <string>

namespace gw {

std::string error_text(const std::exception& e);

}  // namespace gw
