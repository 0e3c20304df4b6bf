// Settles relay requests into the ledger: the charge from usage (or nothing when no answer reached
// the client), the consume log (type 2) with New API's `other` details unless the option
// LogConsumeEnabled is off, or an error log (type 5) when ERROR_LOG_ENABLED.
#pragma once

#include "relay/settle.hpp"

namespace gw::store {
class Cache;
}

namespace gw::billing {

class Ledger;

class RelayBilling : public relay::SettleHook {
public:
    RelayBilling(Ledger& ledger, const store::Cache& cache, bool error_logs)
        : ledger_(ledger), cache_(cache), error_logs_(error_logs) {}
    void settle(const relay::RelayRecord& r) override;

private:
    Ledger& ledger_;
    const store::Cache& cache_;
    bool error_logs_;
};

}  // namespace gw::billing
