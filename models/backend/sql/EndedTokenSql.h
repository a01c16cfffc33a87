// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/Result.h"
#include "models/core/Types.h"

namespace tokendesk {

class SqlStore;

// The ended_tokens table: what the store keeps of a token once it is gone (the Inactive view).
// Worker thread only; record() runs inside the write transaction that deletes the token.
namespace EndedTokenSql {

struct Ending
{
    QString by;     // the audit trail's actor, or "system"
    QString reason; // "revoked" or "rotated"
    QDateTime at;
};

// Copies the token's row (label, last four characters, role, creator, creation time) before
// the caller deletes it. A token already recorded keeps its first ending.
Result<Unit> record(SqlStore& store, TokenId id, const Ending& ending);
Result<QList<EndedToken>> list(SqlStore& store, const InactiveQuery& query);

} // namespace EndedTokenSql
} // namespace tokendesk
