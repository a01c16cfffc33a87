// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/notices/NoticeOutbox.h"

#include "models/backend/sql/SqlStore.h"
#include "models/backend/sql/SqlUtil.h"

namespace tokendesk {

namespace {

// A notice from a row of "id, recipient, kind, token_id, label, masked, created_by, created_at, ...":
// the caller says whether it was delivered and which column holds the attempts.
Notice readNotice(const QSqlQuery& q, bool delivered, int attemptsColumn)
{
    return {q.value(0).toLongLong(),        q.value(1).toString(),           q.value(2).toString(),
            q.value(3).toLongLong(),        q.value(4).toString(),           q.value(5).toString(),
            q.value(6).toString(),          SqlUtil::toDateTime(q.value(7)), delivered,
            q.value(attemptsColumn).toInt()};
}

} // namespace

Result<Unit> NoticeOutbox::queueForAdmins(SqlStore& store, const QString& kind, const Token& token,
                                          const QString& createdBy)
{
    auto admins =
        SqlUtil::exec(store.database(), QStringLiteral("SELECT name FROM users WHERE is_admin = 1"));
    if (!admins.ok())
        return admins.error();
    QStringList recipients;
    while (admins.value().next())
        recipients.append(admins.value().value(0).toString());
    for (const QString& recipient : recipients) {
        auto queued =
            SqlUtil::exec(store.database(),
                          QStringLiteral("INSERT INTO notices (recipient, kind, token_id, label, masked, "
                                         "created_by, created_at) VALUES (:recipient, :kind, :token, :label, "
                                         ":masked, :by, :at)"),
                          {{"recipient", recipient},
                           {"kind", kind},
                           {"token", token.id},
                           {"label", token.label},
                           {"masked", token.masked},
                           {"by", createdBy},
                           {"at", store.now().toMSecsSinceEpoch()}});
        if (!queued.ok())
            return queued.error();
    }
    return Unit{};
}

Result<QList<Notice>> NoticeOutbox::visibleTo(SqlStore& store, const User& viewer)
{
    const QString sql =
        QStringLiteral("SELECT id, recipient, kind, token_id, label, masked, created_by, created_at, "
                       "delivered_at, attempts FROM notices ") +
        (viewer.admin ? QString() : QStringLiteral("WHERE recipient = :me ")) +
        QStringLiteral("ORDER BY id DESC LIMIT 1000");
    QVariantMap bindings;
    if (!viewer.admin)
        bindings.insert(QStringLiteral("me"), viewer.name);
    auto query = SqlUtil::exec(store.database(), sql, bindings);
    if (!query.ok())
        return query.error();
    QList<Notice> notices;
    while (query.value().next())
        notices.append(readNotice(query.value(), !query.value().value(8).isNull(), 9));
    return notices;
}

NoticeOutbox::NoticeOutbox(std::shared_ptr<SqlStore> store) : m_store(std::move(store)) {}

QFuture<Result<QList<Notice>>> NoticeOutbox::due(int limit) const
{
    return m_store->run<QList<Notice>>([limit](SqlStore& store) -> Result<QList<Notice>> {
        auto query = SqlUtil::exec(
            store.database(),
            QStringLiteral(
                "SELECT id, recipient, kind, token_id, label, masked, created_by, created_at, attempts "
                "FROM notices WHERE delivered_at IS NULL AND "
                "(next_attempt_at IS NULL OR next_attempt_at <= :now) ORDER BY id LIMIT :limit"),
            {{"now", store.now().toMSecsSinceEpoch()}, {"limit", limit}});
        if (!query.ok())
            return query.error();
        QList<Notice> notices;
        while (query.value().next())
            notices.append(readNotice(query.value(), false, 8));
        return notices;
    });
}

QFuture<Result<Unit>> NoticeOutbox::markDelivered(qint64 id) const
{
    return m_store->run<Unit>([id](SqlStore& store) -> Result<Unit> {
        auto updated =
            SqlUtil::exec(store.database(),
                          QStringLiteral("UPDATE notices SET delivered_at = :now, attempts = attempts + 1, "
                                         "next_attempt_at = NULL WHERE id = :id"),
                          {{"now", store.now().toMSecsSinceEpoch()}, {"id", id}});
        if (!updated.ok())
            return updated.error();
        return Unit{};
    });
}

QFuture<Result<Unit>> NoticeOutbox::countFailedAttempt(qint64 id, const QDateTime& retryAt) const
{
    return m_store->run<Unit>([id, retryAt](SqlStore& store) -> Result<Unit> {
        auto updated = SqlUtil::exec(
            store.database(),
            QStringLiteral(
                "UPDATE notices SET attempts = attempts + 1, next_attempt_at = :next WHERE id = :id"),
            {{"next", retryAt.toMSecsSinceEpoch()}, {"id", id}});
        if (!updated.ok())
            return updated.error();
        return Unit{};
    });
}

} // namespace tokendesk
