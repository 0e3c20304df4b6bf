#include "common/error_text.hpp"

#include <Poco/Exception.h>

namespace gw {

std::string error_text(const std::exception& e) {
    if (const auto* p = dynamic_cast<const Poco::Exception*>(&e)) return p->displayText();
    return e.what();
}

}  // namespace gw
