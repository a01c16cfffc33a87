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

// The longest retention a store may set (ten years, as the longest lifetime).
constexpr int kMaxRetentionDays = 3650;

// Copies the tokens' rows (label, last four characters, role, creator, creation time), in one
// statement, before the caller deletes them. A token already recorded keeps its first ending.
// Entries older than the retention go at the same time, so the table never grows beyond it.
Result<Unit> record(SqlStore& store, const QList<TokenId>& ids, const Ending& ending);
// Newest first; never an entry older than the retention, purged or not yet.
Result<QList<EndedToken>> list(SqlStore& store, const InactiveQuery& query);

// How many days an entry is kept after its token ended; nullopt: for ever (a store's default).
Result<std::optional<int>> retention(SqlStore& store);
// Sets it (1..kMaxRetentionDays, or nullopt) and purges what it no longer keeps: the number of
// entries removed. The audit trail is not touched, so its chain still verifies.
Result<int> setRetention(SqlStore& store, std::optional<int> days);

} // namespace EndedTokenSql
} // namespace tokendesk
