// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/Result.h"
#include "models/core/Types.h"

namespace tokendesk {

class SqlStore;

// Who may do what, checked against the store's users table. Worker thread only.
namespace StorePolicy {

enum class Need
{
    Member,       // any user of the store: may look
    TokenManager, // an admin with the API-access privilege: may create and change tokens
    Admin,        // an admin: may manage users and store settings
};

// PERMISSION_DENIED, naming the missing privilege, unless `actor` exists and holds `need`.
Result<User> require(SqlStore& store, const QString& actor, Need need);
Result<User> findUser(SqlStore& store, const QString& name); // NOT_FOUND when missing

// TOKEN_LIMIT_REACHED ("3 of 3 tokens used — revoke one to free a slot") when the actor has
// used up their slots; otherwise the number used so far.
Result<int> checkTokenLimit(SqlStore& store, const QString& actor);

} // namespace StorePolicy
} // namespace tokendesk
