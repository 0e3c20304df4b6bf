// A settle hook that only logs what a relay request used (until billing takes over).
#pragma once

#include "relay/settle.hpp"

namespace gw::relay {

class LogSettle : public SettleHook {
public:
    void settle(const RelayRecord& r) override;
};

}  // namespace gw::relay
