#include "store/setup_repo.hpp"

#include <Poco/Data/Session.h>

namespace gw::store {

bool is_setup_done(Database& db) {
    auto s = db.session();
    return query_int(db, s, "SELECT count(*) FROM `setups`") > 0;
}

}  // namespace gw::store
