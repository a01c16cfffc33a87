// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/Result.h"

#include <QByteArray>
#include <QDateTime>

#include <optional>

namespace tokendesk {

class SqlStore;

// The idempotency_keys table (schema version 7): one row per keyed create or rotation, found by
// a hash of the caller's scope and key, holding the reply sealed under a key only the client
// knows. This layer stores bytes; what they mean is the server's (IdempotencyStore). Worker
// thread only.
namespace IdempotencySql {

struct Row
{
    QByteArray fingerprint;
    int status = 0;    // 0: claimed by a transaction that has not finished
    QByteArray sealed; // nonce || AES-256-GCM ciphertext || tag
    QDateTime expiresAt;
};

// The row of `lookup` unless it has expired (a swept-late row is not replayed).
Result<std::optional<Row>> find(SqlStore& store, const QByteArray& lookup);
// Inside a write transaction: takes `lookup` for it (status 0, nothing sealed yet), dropping an
// expired row of the same lookup first. False when a live row holds it already. On PostgreSQL a
// concurrent claim of the same lookup waits for the other transaction; if that one committed,
// this one fails with a serialization failure and its retry finds the row taken.
Result<bool> claim(SqlStore& store, const QByteArray& lookup, const QByteArray& fingerprint,
                   const QDateTime& expiresAt);
// Inside the same transaction: the reply that the claim stands for.
Result<Unit> complete(SqlStore& store, const QByteArray& lookup, int status, const QByteArray& sealed);
// Deletes at most `limit` expired rows (one bounded statement, so a sweep never holds the table
// long); how many went.
Result<qint64> sweep(SqlStore& store, int limit);

} // namespace IdempotencySql
} // namespace tokendesk
