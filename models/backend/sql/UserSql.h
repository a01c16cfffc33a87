// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/Result.h"
#include "models/core/Types.h"

namespace tokendesk {

class SqlStore;

// The users table: who belongs to a store and with which privileges. Worker thread only; the
// writes run inside the caller's write transaction (see SqlBackend), which checks who may make
// them and records them in the audit log. StorePolicy reads single users for its checks.
namespace UserSql {

Result<QList<User>> list(SqlStore& store); // by name
// The caller has checked the name (Validation::userName) and that it is not taken. The new row
// gets the next uid of the store's counter, which no earlier user (removed or not) had.
Result<Unit> add(SqlStore& store, const User& user);
// Deletes the user's row; their tokens stay. INVALID_INPUT when `user` is the last admin with
// API access: without one nobody could create, rotate or revoke a token ever again.
Result<Unit> remove(SqlStore& store, const User& user);
// The caller has checked the address (Validation::mailAddress; empty clears it) and the user.
Result<Unit> setEmail(SqlStore& store, const QString& name, const QString& email);

} // namespace UserSql
} // namespace tokendesk
