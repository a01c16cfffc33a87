// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/backend/sql/SqlTokenChanges.h"

#include "models/backend/sql/AuditLog.h"
#include "models/backend/sql/SqlBackend.h"
#include "models/backend/sql/SqlStore.h"
#include "models/backend/sql/SqlWrite.h"

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcBackend)

namespace tokendesk::SqlTokenChanges {

using SqlWrite::recordChange;

namespace {

QString tagsOrNone(const QStringList& tags)
{
    return tags.isEmpty() ? QStringLiteral("none") : tags.join(QStringLiteral(", "));
}

} // namespace

QString isoOrNever(const QDateTime& time)
{
    return time.isValid() ? time.toUTC().toString(Qt::ISODate) : QStringLiteral("never");
}

Result<Token> setEnabled(SqlStore& store, const QString& auditActor, const TokenSql::Row& row, bool enabled)
{
    if (row.enabled == enabled)
        return row.token; // already in that state: nothing to record
    const Token& token = row.token;
    return recordChange(store, TokenSql::setEnabled(store, token.id, enabled), token.id,
                        {auditActor,
                         enabled ? QStringLiteral("token.enable") : QStringLiteral("token.disable"), token.id,
                         token.label, token.masked, QString()});
}

Result<Token> setDetails(SqlStore& store, const QString& auditActor, const TokenSql::Row& row,
                         const TokenDetails& details)
{
    const Token& token = row.token;
    if (token.description == details.description && token.tags == details.tags)
        return token; // nothing changed: nothing to record
    // The entry names the tags (short, and what filters and bulk actions go by) but not the
    // description, whose old and new text could fill the log with prose.
    const QString description =
        token.description == details.description ? QString() : QStringLiteral("description changed; ");
    return recordChange(store, TokenSql::setDetails(store, token.id, details), token.id,
                        {auditActor, QStringLiteral("token.describe"), token.id, token.label, token.masked,
                         description + QStringLiteral("tags: %1").arg(tagsOrNone(details.tags))});
}

Result<Token> setExpiry(SqlStore& store, const QString& auditActor, const TokenSql::Row& row,
                        const QDateTime& expiresAt, const LifetimePolicy& policy)
{
    const Token& token = row.token;
    if (row.supersededBy != 0)
        return makeError(ErrorCode::InvalidInput,
                         SqlBackend::tr("Token '%1' was rotated into #%2; its old secret stops working when "
                                        "the grace period ends, and that cannot be moved.")
                             .arg(token.label)
                             .arg(row.supersededBy));
    // An expired secret stays dead: bringing it back would revive a credential everyone was told
    // had ended. Rotating gives the token a new secret instead.
    const QDateTime now = store.now();
    if (token.expiresAt.isValid() && token.expiresAt <= now)
        return makeError(ErrorCode::InvalidInput,
                         SqlBackend::tr("Token '%1' expired on %2; rotate it to give it a new secret.")
                             .arg(token.label, isoOrNever(token.expiresAt)));
    if (auto allowed = policy.check(token.role, expiresAt, now); !allowed.ok())
        return allowed.error();
    if (token.expiresAt == expiresAt)
        return token; // nothing changed: nothing to record
    return recordChange(store, TokenSql::setExpiry(store, token.id, expiresAt), token.id,
                        {auditActor, QStringLiteral("token.expiry"), token.id, token.label, token.masked,
                         QStringLiteral("expiry moved from %1 to %2")
                             .arg(isoOrNever(token.expiresAt), isoOrNever(expiresAt))});
}

Result<Unit> revoke(SqlStore& store, const QString& auditActor, const TokenSql::Row& row)
{
    if (auto revoked = revokeAll(store, auditActor, {row}); !revoked.ok())
        return revoked;
    qCInfo(lcBackend) << "revoked token" << row.token.id << row.token.masked;
    return Unit{};
}

Result<Unit> revokeAll(SqlStore& store, const QString& auditActor, const QList<TokenSql::Row>& rows)
{
    if (rows.isEmpty())
        return Unit{};
    QList<TokenId> ids;
    QList<AuditRecord> records;
    ids.reserve(rows.size());
    records.reserve(rows.size());
    for (const TokenSql::Row& row : rows) {
        const Token& token = row.token;
        ids.append(token.id);
        records.append({auditActor, QStringLiteral("token.revoke"), token.id, token.label, token.masked,
                        QStringLiteral("revoked")});
    }
    if (auto removed = TokenSql::remove(store, ids, {auditActor, QStringLiteral("revoked"), store.now()});
        !removed.ok())
        return removed;
    if (auto entries = AuditLog(store).appendAll(records); !entries.ok())
        return entries.error();
    if (rows.size() > 1)
        qCInfo(lcBackend) << "revoked" << rows.size() << "tokens in one step";
    return Unit{};
}

} // namespace tokendesk::SqlTokenChanges
