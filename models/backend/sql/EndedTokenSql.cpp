// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/backend/sql/EndedTokenSql.h"

#include "models/backend/sql/SqlDialect.h"
#include "models/backend/sql/SqlStore.h"
#include "models/backend/sql/SqlUtil.h"
#include "models/core/TokenFormat.h"

#include <QCoreApplication>

#include <limits>

namespace tokendesk::EndedTokenSql {

namespace {

constexpr auto kRetentionKey = "inactive.retention_days";

// The oldest ending kept, in the store's milliseconds; nullopt when everything is kept.
Result<std::optional<qint64>> oldestKept(SqlStore& store)
{
    auto days = retention(store);
    if (!days.ok())
        return days.error();
    if (!days.value())
        return std::optional<qint64>{};
    return std::optional<qint64>{store.now().addDays(-*days.value()).toMSecsSinceEpoch()};
}

Result<int> purge(SqlStore& store)
{
    auto cutoff = oldestKept(store);
    if (!cutoff.ok())
        return cutoff.error();
    if (!cutoff.value())
        return 0;
    auto removed =
        SqlUtil::exec(store.database(), QStringLiteral("DELETE FROM ended_tokens WHERE ended_at < :cutoff"),
                      {{"cutoff", *cutoff.value()}});
    if (!removed.ok())
        return removed.error();
    return removed.value().numRowsAffected();
}

} // namespace

Result<Unit> record(SqlStore& store, const QList<TokenId>& ids, const Ending& ending)
{
    if (ids.isEmpty())
        return Unit{};
    auto inserted = SqlUtil::exec(
        store.database(),
        QStringLiteral("INSERT INTO ended_tokens"
                       " (id, label, last4, role, created_by, created_at, ended_at, ended_by, reason)"
                       " SELECT id, label, last4, role, created_by, created_at, :at, :by, :reason"
                       " FROM tokens WHERE id IN (%1) AND id NOT IN (SELECT id FROM ended_tokens)")
            .arg(SqlUtil::idList(ids)),
        {{"at", ending.at.toMSecsSinceEpoch()}, {"by", ending.by}, {"reason", ending.reason}});
    if (!inserted.ok())
        return inserted.error();
    if (auto purged = purge(store); !purged.ok())
        return purged.error();
    return Unit{};
}

Result<QList<EndedToken>> list(SqlStore& store, const InactiveQuery& query)
{
    if (query.offset < 0 || query.limit < 1 || query.limit > InactiveQuery::kMaxPageSize)
        return makeError(ErrorCode::InvalidInput,
                         QCoreApplication::translate("EndedTokenSql", "A page holds 1 to %1 entries.")
                             .arg(InactiveQuery::kMaxPageSize));
    QVariantMap bindings{{QStringLiteral("limit"), query.limit}, {QStringLiteral("offset"), query.offset}};
    auto cutoff = oldestKept(store);
    if (!cutoff.ok())
        return cutoff.error();
    bindings.insert(QStringLiteral("cutoff"), cutoff.value().value_or(std::numeric_limits<qint64>::min()));
    QString where = QStringLiteral(" WHERE ended_at >= :cutoff");
    const QString filter = query.filter.trimmed();
    if (filter.contains(QChar(0)))
        return QList<EndedToken>{}; // no label or name holds one (and PostgreSQL text cannot)
    if (!filter.isEmpty()) {
        where += QStringLiteral(" AND (label %1 :pattern ESCAPE '\\' OR created_by %1 :pattern ESCAPE '\\')")
                     .arg(store.dialect().likeOperator());
        bindings.insert(QStringLiteral("pattern"), SqlUtil::substringPattern(filter));
    }
    auto rows = SqlUtil::exec(
        store.database(),
        QStringLiteral("SELECT id, label, last4, role, created_by, created_at, ended_at,"
                       " ended_by, reason FROM ended_tokens") +
            where + QStringLiteral(" ORDER BY ended_at DESC, id DESC LIMIT :limit OFFSET :offset"),
        bindings);
    if (!rows.ok())
        return rows.error();
    QList<EndedToken> ended;
    QSqlQuery& found = rows.value();
    while (found.next()) {
        EndedToken token;
        token.id = found.value(0).toLongLong();
        token.label = found.value(1).toString();
        token.masked = TokenFormat::maskedFromLast4(found.value(2).toString());
        token.role = roleFromName(found.value(3).toString()).value_or(Role::Developer);
        token.createdBy = found.value(4).toString();
        token.createdAt = SqlUtil::toDateTime(found.value(5));
        token.endedAt = SqlUtil::toDateTime(found.value(6));
        token.endedBy = found.value(7).toString();
        token.reason = found.value(8).toString();
        ended.append(token);
    }
    return ended;
}

Result<std::optional<int>> retention(SqlStore& store)
{
    auto row = SqlUtil::exec(store.database(), QStringLiteral("SELECT value FROM settings WHERE key = :key"),
                             {{"key", QString::fromLatin1(kRetentionKey)}});
    if (!row.ok())
        return row.error();
    if (!row.value().next())
        return std::optional<int>{}; // never set: kept for ever
    bool number = false;
    const int days = QString::fromUtf8(row.value().value(0).toByteArray()).toInt(&number);
    if (!number || days < 1 || days > kMaxRetentionDays)
        return makeError(
            ErrorCode::StoreCorrupt,
            QCoreApplication::translate("EndedTokenSql", "The store's '%1' setting is no number of days.")
                .arg(QLatin1String(kRetentionKey)));
    return std::optional<int>{days};
}

Result<int> setRetention(SqlStore& store, std::optional<int> days)
{
    auto removed = SqlUtil::exec(store.database(), QStringLiteral("DELETE FROM settings WHERE key = :key"),
                                 {{"key", QString::fromLatin1(kRetentionKey)}});
    if (!removed.ok())
        return removed.error();
    if (days) {
        auto inserted = SqlUtil::exec(
            store.database(), QStringLiteral("INSERT INTO settings (key, value) VALUES (:key, :value)"),
            {{"key", QString::fromLatin1(kRetentionKey)}, {"value", QByteArray::number(*days)}});
        if (!inserted.ok())
            return inserted.error();
    }
    return purge(store);
}

} // namespace tokendesk::EndedTokenSql
