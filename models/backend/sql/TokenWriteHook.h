// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/Result.h"
#include "models/core/Types.h"

namespace tokendesk {

class SqlStore;

// Work that must commit or roll back together with a generate or rotate (SqlBackend): the server
// stores the sealed replay of a keyed request this way, so no crash can leave a token without
// its replay, nor a replay without its token. Both calls run on the store's worker inside the
// change's write transaction; a transaction that is retried (a PostgreSQL serialization failure)
// calls them again from before().
class TokenWriteHook
{
public:
    virtual ~TokenWriteHook() = default;
    // First in the transaction, before the change is checked or made: an error aborts it and
    // nothing is created.
    virtual Result<Unit> before(SqlStore& store) = 0;
    // Once the new token exists, before the commit: an error rolls the whole change back.
    virtual Result<Unit> after(SqlStore& store, const GeneratedToken& generated) = 0;
};

} // namespace tokendesk
