// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/backend/sql/AuditLog.h"
#include "models/backend/sql/SqlDialect.h"
#include "models/backend/sql/SqlStore.h"
#include "models/backend/sql/SqlUtil.h"
#include "models/backend/sql/TokenSql.h"

#include <QRandomGenerator>
#include <QThread>

// How SqlBackend writes: every change runs in one write transaction (retried on PostgreSQL's
// serialization failures) and every change to a token starts from the version its caller saw.
// Worker thread only.
namespace tokendesk::SqlWrite {

// A superseded token whose grace period has ended is revoked for good: delete the row and say
// so in the audit log. Runs at the start of every write, inside its transaction.
Result<Unit> purgeEndedGracePeriods(SqlStore& store);

// Runs `body` as one write transaction: pending last-used times are written first, ended grace
// periods purged, and nothing of `body` survives unless it succeeds.
template <typename T, typename Body> Result<T> writeTransactionOnce(SqlStore& store, Body& body)
{
    if (auto writable = store.checkWritable(); !writable.ok())
        return writable.error();
    if (auto flushed = store.flushUses(); !flushed.ok())
        return flushed.error();
    SqlUtil::Transaction transaction(store.database(), store.dialect().beginWrite());
    if (auto begun = transaction.begin(); !begun.ok())
        return begun.error();
    if (auto purged = purgeEndedGracePeriods(store); !purged.ok())
        return purged.error();
    Result<T> result = body();
    if (!result.ok())
        return result;
    if (auto committed = transaction.commit(); !committed.ok())
        return committed.error();
    return result;
}

// On PostgreSQL, SERIALIZABLE transactions that lost a race to another admin or server fail
// with a serialization error and nothing applied; they are run again from the start (reading
// afresh), a few times with a growing pause, before the conflict is reported.
template <typename T, typename Body> Result<T> writeTransaction(SqlStore& store, Body body)
{
    constexpr int kAttempts = 8;
    for (int attempt = 1;; ++attempt) {
        SqlUtil::takeSerializationFailure();
        Result<T> result = writeTransactionOnce<T>(store, body);
        if (result.ok() || !SqlUtil::takeSerializationFailure() || attempt == kAttempts)
            return result;
        QThread::usleep(static_cast<unsigned long>(QRandomGenerator::global()->bounded(1000, 5000)) *
                        static_cast<unsigned long>(attempt));
    }
}

// The token as the acting token manager last saw it: PERMISSION_DENIED, NOT_FOUND or CONFLICT
// otherwise. Every change to a token starts here.
Result<TokenSql::Row> loadForChange(SqlStore& store, const QString& actor, TokenId id,
                                    qint64 expectedVersion);
// `row` if it is at the version its caller saw, CONFLICT (naming both versions) otherwise.
Result<TokenSql::Row> checkVersion(const TokenSql::Row& row, qint64 expectedVersion);

// Records a change already applied to a token in the audit log and returns the token as it now is.
Result<Token> recordChange(SqlStore& store, const Result<Unit>& applied, TokenId id,
                           const AuditRecord& record);

} // namespace tokendesk::SqlWrite
