// The default price tables (config/prices.json, compiled in).
#pragma once

namespace gw::billing {

const char* default_prices_json();

}  // namespace gw::billing
