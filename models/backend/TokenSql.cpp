// SPDX-License-Identifier: GPL-3.0-or-later
#include "TokenSql.h"

#include "backend/SqlStore.h"
#include "backend/SqlUtil.h"
#include "core/TokenFormat.h"

#include <QCoreApplication>

namespace tokendesk::TokenSql {

namespace {

const QString& columns()
{
    static const QString text = QStringLiteral(
        "SELECT id, label, last4, role, enabled, created_by, created_at, expires_at, last_used_at, version, "
        "superseded_by FROM tokens ");
    return text;
}

// A superseded token whose grace period is over is revoked: it no longer exists for anyone,
// even before the next write purges its row.
const QString& visible()
{
    static const QString text = QStringLiteral("NOT (superseded_by IS NOT NULL AND expires_at <= :now)");
    return text;
}

const QString& statusExpression()
{
    static const QString text = QStringLiteral("(CASE WHEN expires_at IS NOT NULL AND expires_at <= :now "
                                               "THEN 2 WHEN enabled = 0 THEN 1 ELSE 0 END)");
    return text;
}

Row readRow(const SqlStore& store, const QSqlQuery& query, const QDateTime& now)
{
    Row row;
    Token& token = row.token;
    token.id = query.value(0).toLongLong();
    token.label = query.value(1).toString();
    token.masked = TokenFormat::maskedFromLast4(query.value(2).toString());
    token.role = roleFromName(query.value(3).toString()).value_or(Role::Developer);
    const bool enabled = query.value(4).toBool();
    token.createdBy = query.value(5).toString();
    token.createdAt = SqlUtil::toDateTime(query.value(6));
    token.expiresAt = SqlUtil::toDateTime(query.value(7));
    token.lastUsedAt = SqlUtil::toDateTime(query.value(8));
    // Uses recorded by verify but not yet written are part of the truth an admin should see.
    if (const QDateTime pending = store.pendingUse(token.id); pending.isValid() && pending > token.lastUsedAt)
        token.lastUsedAt = pending;
    token.version = query.value(9).toLongLong();
    row.supersededBy = query.value(10).toLongLong();
    row.enabled = enabled;
    if (token.expiresAt.isValid() && token.expiresAt <= now)
        token.status = TokenStatus::Expired;
    else
        token.status = enabled ? TokenStatus::Active : TokenStatus::Disabled;
    return row;
}

QString escapeLike(QString text)
{
    text.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
    text.replace(QLatin1Char('%'), QStringLiteral("\\%"));
    text.replace(QLatin1Char('_'), QStringLiteral("\\_"));
    return text;
}

QString orderBy(SortKey key)
{
    switch (key) {
    case SortKey::Label:
        return QStringLiteral("label COLLATE NOCASE");
    case SortKey::Created:
        return QStringLiteral("created_at");
    case SortKey::LastUsed:
        return QStringLiteral("last_used_at");
    case SortKey::Role:
        return QStringLiteral("role");
    case SortKey::Status:
        return statusExpression();
    case SortKey::CreatedBy:
        return QStringLiteral("created_by COLLATE NOCASE");
    case SortKey::Expires:
        // "Never" sorts after every date.
        return QStringLiteral("expires_at IS NULL, expires_at");
    }
    return QStringLiteral("created_at");
}

QString whereClause(const TokenQuery& query, QVariantMap& bindings, const QDateTime& now)
{
    QStringList conditions{visible()};
    bindings.insert(QStringLiteral("now"), now.toMSecsSinceEpoch());
    if (!query.filter.trimmed().isEmpty()) {
        conditions.append(
            QStringLiteral("(label LIKE :pattern ESCAPE '\\' OR created_by LIKE :pattern ESCAPE '\\')"));
        bindings.insert(QStringLiteral("pattern"),
                        QLatin1Char('%') + escapeLike(query.filter.trimmed()) + QLatin1Char('%'));
    }
    if (query.role) {
        conditions.append(QStringLiteral("role = :role"));
        bindings.insert(QStringLiteral("role"), roleName(*query.role));
    }
    if (query.status) {
        conditions.append(statusExpression() + QStringLiteral(" = :status"));
        bindings.insert(QStringLiteral("status"), static_cast<int>(*query.status));
    }
    return QStringLiteral("WHERE ") + conditions.join(QStringLiteral(" AND ")) + QLatin1Char(' ');
}

} // namespace

Result<Row> load(SqlStore& store, TokenId id)
{
    const QDateTime now = store.now();
    auto query =
        SqlUtil::exec(store.database(), columns() + QStringLiteral("WHERE id = :id AND ") + visible(),
                      {{"id", id}, {"now", now.toMSecsSinceEpoch()}});
    if (!query.ok())
        return query.error();
    if (!query.value().next())
        return makeError(
            ErrorCode::NotFound,
            QCoreApplication::translate("TokenSql", "There is no token #%1; it may have been revoked.")
                .arg(id));
    return readRow(store, query.value(), now);
}

Result<QList<Token>> list(SqlStore& store, const TokenQuery& query)
{
    if (query.limit < 1 || query.limit > 10000 || query.offset < 0)
        return makeError(ErrorCode::InvalidInput,
                         QCoreApplication::translate(
                             "TokenSql", "A page holds 1 to 10000 tokens and starts at 0 or later."));
    const QDateTime now = store.now();
    QVariantMap bindings;
    const QString direction = query.descending ? QStringLiteral(" DESC") : QStringLiteral(" ASC");
    QString order;
    for (const QString& part : orderBy(query.sort).split(QStringLiteral(", ")))
        order += part + direction + QStringLiteral(", ");
    const QString sql = columns() + whereClause(query, bindings, now) + QStringLiteral("ORDER BY ") + order +
                        QStringLiteral("id") + direction + QStringLiteral(" LIMIT :limit OFFSET :offset");
    bindings.insert(QStringLiteral("limit"), query.limit);
    bindings.insert(QStringLiteral("offset"), query.offset);
    auto result = SqlUtil::exec(store.database(), sql, bindings);
    if (!result.ok())
        return result.error();
    QList<Token> tokens;
    while (result.value().next())
        tokens.append(readRow(store, result.value(), now).token);
    return tokens;
}

Result<qint64> count(SqlStore& store, const TokenQuery& query)
{
    QVariantMap bindings;
    const QString sql =
        QStringLiteral("SELECT COUNT(*) FROM tokens ") + whereClause(query, bindings, store.now());
    auto result = SqlUtil::exec(store.database(), sql, bindings);
    if (!result.ok())
        return result.error();
    result.value().next();
    return result.value().value(0).toLongLong();
}

Result<int> countTowardsLimit(SqlStore& store, const QString& user)
{
    auto result = SqlUtil::exec(
        store.database(),
        QStringLiteral("SELECT COUNT(*) FROM tokens WHERE created_by = :user"
                       " AND superseded_by IS NULL AND (expires_at IS NULL OR expires_at > :now)"),
        {{"user", user}, {"now", store.now().toMSecsSinceEpoch()}});
    if (!result.ok())
        return result.error();
    result.value().next();
    return result.value().value(0).toInt();
}

Result<int> intSetting(SqlStore& store, const char* key)
{
    auto result =
        SqlUtil::exec(store.database(), QStringLiteral("SELECT value FROM settings WHERE key = :key"),
                      {{"key", QString::fromLatin1(key)}});
    if (!result.ok())
        return result.error();
    if (!result.value().next())
        return makeError(ErrorCode::StoreCorrupt,
                         QCoreApplication::translate("TokenSql", "The store is missing its '%1' setting.")
                             .arg(QLatin1String(key)));
    return result.value().value(0).toInt();
}

} // namespace tokendesk::TokenSql
