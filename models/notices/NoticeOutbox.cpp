// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/notices/NoticeOutbox.h"

#include "models/backend/sql/AuditLog.h"
#include "models/backend/sql/SqlDialect.h"
#include "models/backend/sql/SqlStore.h"
#include "models/backend/sql/SqlUtil.h"
#include "models/notices/SignedAuditHead.h"

#include <QHash>

#include <algorithm>

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

// What the mailer reads of a notice, in readNotice's order (attempts in column 8).
const QString kNoticeColumns =
    QStringLiteral("id, recipient, kind, token_id, label, masked, created_by, created_at, attempts");
// Undelivered, its backoff over, and no live lease of a mailer on it. Every placeholder is named
// once (`tag` + 1, 2): the drivers' handling of a name used twice differs.
QString dueNow(const QString& tag)
{
    return QStringLiteral("delivered_at IS NULL AND (next_attempt_at IS NULL OR next_attempt_at <= :") + tag +
           QStringLiteral("1) AND (claimed_until IS NULL OR claimed_until <= :") + tag + QStringLiteral("2)");
}

void bindNow(QVariantMap& bindings, const QString& tag, qint64 now)
{
    bindings.insert(tag + QLatin1Char('1'), now);
    bindings.insert(tag + QLatin1Char('2'), now);
}

// The mail address each recipient gave, for the mailer; a recipient without one keeps none.
Result<Unit> addRecipientEmails(SqlStore& store, QList<Notice>& notices)
{
    if (notices.isEmpty())
        return Unit{};
    auto query =
        SqlUtil::exec(store.database(), QStringLiteral("SELECT name, email FROM users WHERE email <> ''"));
    if (!query.ok())
        return query.error();
    QHash<QString, QString> emails;
    while (query.value().next())
        emails.insert(query.value().value(0).toString(), query.value().value(1).toString());
    for (Notice& notice : notices)
        notice.recipientEmail = emails.value(notice.recipient);
    return Unit{};
}

// Every admin gets every notice.
Result<QStringList> adminNames(SqlStore& store)
{
    auto admins =
        SqlUtil::exec(store.database(), QStringLiteral("SELECT name FROM users WHERE is_admin = 1"));
    if (!admins.ok())
        return admins.error();
    QStringList names;
    while (admins.value().next())
        names.append(admins.value().value(0).toString());
    return names;
}

} // namespace

Result<Unit> NoticeOutbox::queueForAdmins(SqlStore& store, const QString& kind, const Token& token,
                                          const QString& createdBy)
{
    auto recipients = adminNames(store);
    if (!recipients.ok())
        return recipients.error();
    Notice notice;
    notice.kind = kind;
    notice.tokenId = token.id;
    notice.label = token.label;
    notice.masked = token.masked;
    notice.createdBy = createdBy;
    notice.createdAt = store.now();
    return queue(store, recipients.value(), notice);
}

Result<Unit> NoticeOutbox::queue(SqlStore& store, const QStringList& recipients, const Notice& notice)
{
    for (const QString& recipient : recipients) {
        auto queued =
            SqlUtil::exec(store.database(),
                          QStringLiteral("INSERT INTO notices (recipient, kind, token_id, label, masked, "
                                         "created_by, created_at) VALUES (:recipient, :kind, :token, :label, "
                                         ":masked, :by, :at)"),
                          {{"recipient", recipient},
                           {"kind", notice.kind},
                           {"token", notice.tokenId},
                           {"label", notice.label},
                           {"masked", notice.masked},
                           {"by", notice.createdBy},
                           {"at", notice.createdAt.toMSecsSinceEpoch()}});
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
        QVariantMap bindings{{QStringLiteral("limit"), limit}};
        bindNow(bindings, QStringLiteral("a"), store.now().toMSecsSinceEpoch());
        auto query = SqlUtil::exec(store.database(),
                                   QStringLiteral("SELECT ") + kNoticeColumns +
                                       QStringLiteral(" FROM notices WHERE ") + dueNow(QStringLiteral("a")) +
                                       QStringLiteral(" ORDER BY id LIMIT :limit"),
                                   bindings);
        if (!query.ok())
            return query.error();
        QList<Notice> notices;
        while (query.value().next())
            notices.append(readNotice(query.value(), false, 8));
        if (auto emails = addRecipientEmails(store, notices); !emails.ok())
            return emails.error();
        return notices;
    });
}

QFuture<Result<QList<Notice>>> NoticeOutbox::claim(int limit, const QString& claimant,
                                                   std::chrono::seconds lease) const
{
    return m_store->run<QList<Notice>>([limit, claimant, lease](SqlStore& store) -> Result<QList<Notice>> {
        // The outer WHERE repeats the conditions: on PostgreSQL (READ COMMITTED, autocommit) a row
        // another server claimed and committed meanwhile is re-checked against them and left out.
        const qint64 now = store.now().toMSecsSinceEpoch();
        QVariantMap bindings{{QStringLiteral("until"), now + qint64(lease.count()) * 1000},
                             {QStringLiteral("me"), claimant},
                             {QStringLiteral("limit"), limit}};
        bindNow(bindings, QStringLiteral("a"), now);
        bindNow(bindings, QStringLiteral("b"), now);
        // The pick is materialised once: as a plain IN (subquery) PostgreSQL may scan it again
        // while updating and, the rows already claimed no longer matching, pick more than `limit`.
        auto query = SqlUtil::exec(
            store.database(),
            QStringLiteral("WITH picked AS MATERIALIZED (SELECT id FROM notices WHERE ") +
                dueNow(QStringLiteral("b")) + QStringLiteral(" ORDER BY id LIMIT :limit") +
                store.dialect().lockSkippingLocked() +
                QStringLiteral(") UPDATE notices SET claimed_until = :until, claimed_by = :me WHERE ") +
                dueNow(QStringLiteral("a")) +
                QStringLiteral(" AND id IN (SELECT id FROM picked) RETURNING ") + kNoticeColumns,
            bindings);
        if (!query.ok())
            return query.error();
        QList<Notice> notices;
        while (query.value().next())
            notices.append(readNotice(query.value(), false, 8));
        // RETURNING gives no order guarantee.
        std::sort(notices.begin(), notices.end(),
                  [](const Notice& a, const Notice& b) { return a.id < b.id; });
        if (auto emails = addRecipientEmails(store, notices); !emails.ok())
            return emails.error();
        return notices;
    });
}

QFuture<Result<ChainReport>>
NoticeOutbox::queueSignedHead(std::function<SignedAuditHead(const AuditHead&)> sign) const
{
    return m_store->run<ChainReport>([sign = std::move(sign)](SqlStore& store) -> Result<ChainReport> {
        auto chain = AuditLog(store).verifyChain();
        if (!chain.ok() || !chain->intact() || chain->headSequence == 0)
            return chain;
        const SignedAuditHead head = sign(AuditHead{chain->headSequence, chain->headHash});
        auto recipients = adminNames(store);
        if (!recipients.ok())
            return recipients.error();
        // One statement per admin, each committed alone: an admin who misses one mail gets the
        // next day's, which proves as much.
        Notice notice;
        notice.kind = QStringLiteral("audit.head");
        notice.label = head.head.text();
        notice.masked = QString::fromLatin1(head.signature.toHex());
        notice.createdBy = head.store;
        notice.createdAt = head.signedAt;
        if (auto queued = queue(store, recipients.value(), notice); !queued.ok())
            return queued.error();
        return chain;
    });
}

QFuture<Result<Unit>> NoticeOutbox::markDelivered(qint64 id) const
{
    return m_store->run<Unit>([id](SqlStore& store) -> Result<Unit> {
        auto updated =
            SqlUtil::exec(store.database(),
                          QStringLiteral("UPDATE notices SET delivered_at = :now, attempts = attempts + 1, "
                                         "next_attempt_at = NULL, claimed_until = NULL WHERE id = :id"),
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
                "UPDATE notices SET attempts = attempts + 1, next_attempt_at = :next, claimed_until = NULL "
                "WHERE id = :id"),
            {{"next", retryAt.toMSecsSinceEpoch()}, {"id", id}});
        if (!updated.ok())
            return updated.error();
        return Unit{};
    });
}

} // namespace tokendesk
