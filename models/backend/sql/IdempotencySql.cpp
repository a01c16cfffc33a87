// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/backend/sql/IdempotencySql.h"

#include "models/backend/sql/SqlStore.h"
#include "models/backend/sql/SqlUtil.h"

namespace tokendesk::IdempotencySql {

Result<std::optional<Row>> find(SqlStore& store, const QByteArray& lookup)
{
    auto query =
        SqlUtil::exec(store.database(),
                      QStringLiteral("SELECT fingerprint, status, sealed, expires_at FROM idempotency_keys"
                                     " WHERE lookup = :lookup AND expires_at > :now"),
                      {{"lookup", lookup}, {"now", SqlUtil::fromDateTime(store.now())}});
    if (!query.ok())
        return query.error();
    QSqlQuery& row = query.value();
    if (!row.next())
        return std::optional<Row>();
    return std::optional<Row>(Row{row.value(0).toByteArray(), row.value(1).toInt(),
                                  row.value(2).toByteArray(), SqlUtil::toDateTime(row.value(3))});
}

Result<bool> claim(SqlStore& store, const QByteArray& lookup, const QByteArray& fingerprint,
                   const QDateTime& expiresAt)
{
    // An expired row may not have been swept yet; it must not keep the key taken.
    if (auto dropped = SqlUtil::exec(store.database(),
                                     QStringLiteral("DELETE FROM idempotency_keys"
                                                    " WHERE lookup = :lookup AND expires_at <= :now"),
                                     {{"lookup", lookup}, {"now", SqlUtil::fromDateTime(store.now())}});
        !dropped.ok())
        return dropped.error();
    // ON CONFLICT DO NOTHING (SQLite 3.24, PostgreSQL 9.5): a taken key is an answer, not an
    // error that would abort a PostgreSQL transaction.
    auto inserted = SqlUtil::exec(store.database(),
                                  QStringLiteral("INSERT INTO idempotency_keys"
                                                 " (lookup, fingerprint, status, sealed, expires_at)"
                                                 " VALUES (:lookup, :fingerprint, 0, :sealed, :expires)"
                                                 " ON CONFLICT (lookup) DO NOTHING"),
                                  {{"lookup", lookup},
                                   {"fingerprint", fingerprint},
                                   {"sealed", QByteArray("")},
                                   {"expires", SqlUtil::fromDateTime(expiresAt)}});
    if (!inserted.ok())
        return inserted.error();
    return inserted.value().numRowsAffected() == 1;
}

Result<Unit> complete(SqlStore& store, const QByteArray& lookup, int status, const QByteArray& sealed)
{
    auto updated = SqlUtil::exec(
        store.database(),
        QStringLiteral(
            "UPDATE idempotency_keys SET status = :status, sealed = :sealed WHERE lookup = :lookup"),
        {{"status", status}, {"sealed", sealed}, {"lookup", lookup}});
    if (!updated.ok())
        return updated.error();
    return Unit{};
}

Result<qint64> sweep(SqlStore& store, int limit)
{
    auto deleted =
        SqlUtil::exec(store.database(),
                      QStringLiteral("DELETE FROM idempotency_keys WHERE lookup IN"
                                     " (SELECT lookup FROM idempotency_keys WHERE expires_at <= :now"
                                     " LIMIT :limit)"),
                      {{"now", SqlUtil::fromDateTime(store.now())}, {"limit", limit}});
    if (!deleted.ok())
        return deleted.error();
    return qint64(deleted.value().numRowsAffected());
}

} // namespace tokendesk::IdempotencySql
