// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/backend/sql/SqlWrite.h"

#include "models/backend/sql/SqlBackend.h"
#include "models/backend/sql/StorePolicy.h"

namespace tokendesk::SqlWrite {

using StorePolicy::Need;

Result<Unit> purgeEndedGracePeriods(SqlStore& store)
{
    auto ended = TokenSql::endedGracePeriods(store);
    if (!ended.ok())
        return ended.error();
    AuditLog audit(store);
    for (const TokenSql::EndedGrace& row : ended.value()) {
        // Ended when the grace period did, whenever this sweep happens to run.
        const EndedTokenSql::Ending ending{QStringLiteral("system"), QStringLiteral("rotated"), row.graceEnd};
        if (auto removed = TokenSql::remove(store, {row.id}, ending); !removed.ok())
            return removed.error();
        auto entry = audit.append(
            {QStringLiteral("system"), QStringLiteral("token.revoke"), row.id, row.label, row.masked,
             QStringLiteral("grace period after rotation into #%1 ended").arg(row.successor)});
        if (!entry.ok())
            return entry.error();
    }
    return Unit{};
}

Result<TokenSql::Row> loadForChange(SqlStore& store, const QString& actor, TokenId id, qint64 expectedVersion)
{
    if (auto user = StorePolicy::require(store, actor, Need::TokenManager); !user.ok())
        return user.error();
    auto row = TokenSql::load(store, id);
    if (!row.ok())
        return row;
    return checkVersion(row.value(), expectedVersion);
}

Result<TokenSql::Row> checkVersion(const TokenSql::Row& row, qint64 expectedVersion)
{
    if (row.token.version != expectedVersion) {
        return makeError(
            ErrorCode::Conflict,
            SqlBackend::tr("Someone else changed token '%1' (you saw version %2, it is now at %3); "
                           "reload and try again.")
                .arg(row.token.label)
                .arg(expectedVersion)
                .arg(row.token.version));
    }
    return row;
}

Result<Token> recordChange(SqlStore& store, const Result<Unit>& applied, TokenId id,
                           const AuditRecord& record)
{
    if (!applied.ok())
        return applied.error();
    if (auto entry = AuditLog(store).append(record); !entry.ok())
        return entry.error();
    auto reloaded = TokenSql::load(store, id);
    if (!reloaded.ok())
        return reloaded.error();
    return reloaded->token;
}

} // namespace tokendesk::SqlWrite
