#include "store/query.hpp"

namespace gw::store {

std::string limit_clause(const Page& p, Params& params) {
    params.push_back(static_cast<int64_t>(p.size));
    params.push_back(p.offset());
    return " LIMIT ? OFFSET ?";
}

}  // namespace gw::store
