// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/notices/ExpiryWarnings.h"

#include "models/backend/sql/SqlStore.h"
#include "models/backend/sql/SqlUtil.h"
#include "models/backend/sql/SqlWrite.h"
#include "models/core/ExpiryThresholds.h"
#include "models/core/TokenFormat.h"
#include "models/notices/NoticeOutbox.h"

#include <QCoreApplication>

#include <algorithm>

namespace tokendesk {

namespace {

constexpr qint64 kDayMs = 24LL * 60 * 60 * 1000;
constexpr auto kThresholdsKey = "expiry.warning_days";

struct Expiring
{
    TokenId id = 0;
    QString label;
    QString masked;
    QString createdBy;
    qint64 expiresAtMs = 0;
};

// Live tokens that expire within the longest of `nearestFirst` (days, ascending) from `nowMs` and
// have not been warned at the nearest threshold they are within (a rotation's old secret, which
// ends anyway, is left out), soonest first. Leaving the warned ones to SQL keeps a console's open
// cheap: on the million-token benchmark store 22,616 tokens lie within 30 days, and reading and
// claiming each of them again on every open held the window's first page up by ~0.5 s.
Result<QList<Expiring>> expiringUnwarned(SqlStore& store, qint64 nowMs, const QList<int>& nearestFirst)
{
    // Written into the statement as numbers: the thresholds are the store's own normalised
    // integers (1..365), never caller text, and a placeholder may be named only once (the drivers
    // differ on a name used twice).
    QString nearest = QStringLiteral("CASE");
    for (int days : nearestFirst)
        nearest += QStringLiteral(" WHEN expires_at <= %1 THEN %2").arg(nowMs + days * kDayMs).arg(days);
    nearest += QStringLiteral(" END");
    auto rows = SqlUtil::exec(
        store.database(),
        QStringLiteral("SELECT id, label, last4, created_by, expires_at FROM tokens"
                       " WHERE expires_at > :now AND expires_at <= :until AND superseded_by IS NULL"
                       " AND NOT EXISTS (SELECT 1 FROM expiry_warnings AS w WHERE w.token_id = tokens.id"
                       " AND w.threshold_days = ") +
            nearest + QStringLiteral(") ORDER BY expires_at, id"),
        {{"now", nowMs}, {"until", nowMs + nearestFirst.last() * kDayMs}});
    if (!rows.ok())
        return rows.error();
    QList<Expiring> found;
    while (rows.value().next()) {
        const QSqlQuery& row = rows.value();
        found.append({row.value(0).toLongLong(), row.value(1).toString(),
                      TokenFormat::maskedFromLast4(row.value(2).toString()), row.value(3).toString(),
                      row.value(4).toLongLong()});
    }
    return found;
}

// Every admin, and the creator when they are still a user of the store.
Result<QStringList> recipientsFor(SqlStore& store, const QString& creator)
{
    auto users = SqlUtil::exec(store.database(),
                               QStringLiteral("SELECT name FROM users WHERE is_admin = 1 OR name = :creator"
                                              " ORDER BY name"),
                               {{"creator", creator}});
    if (!users.ok())
        return users.error();
    QStringList names;
    while (users.value().next())
        names.append(users.value().value(0).toString());
    return names;
}

// Claims the warning of `token` at `threshold`: true when this call is the first to do so.
Result<bool> claimWarning(SqlStore& store, TokenId token, int threshold, qint64 nowMs)
{
    auto inserted =
        SqlUtil::exec(store.database(),
                      QStringLiteral("INSERT INTO expiry_warnings (token_id, threshold_days, warned_at)"
                                     " VALUES (:token, :threshold, :now)"
                                     " ON CONFLICT (token_id, threshold_days) DO NOTHING"),
                      {{"token", token}, {"threshold", threshold}, {"now", nowMs}});
    if (!inserted.ok())
        return inserted.error();
    return inserted.value().numRowsAffected() == 1;
}

Result<Unit> queueNotices(SqlStore& store, const Expiring& token)
{
    auto recipients = recipientsFor(store, token.createdBy);
    if (!recipients.ok())
        return recipients.error();
    Notice notice;
    notice.kind = QStringLiteral("token.expiring");
    notice.tokenId = token.id;
    notice.label = token.label;
    notice.masked = token.masked;
    notice.createdBy = token.createdBy;
    notice.createdAt = QDateTime::fromMSecsSinceEpoch(token.expiresAtMs, Qt::UTC); // what it warns of
    return NoticeOutbox::queue(store, recipients.value(), notice);
}

} // namespace

ExpiryWarnings::ExpiryWarnings(std::shared_ptr<SqlStore> store) : m_store(std::move(store)) {}

Result<QList<int>> ExpiryWarnings::thresholds(SqlStore& store)
{
    auto row = SqlUtil::exec(store.database(), QStringLiteral("SELECT value FROM settings WHERE key = :key"),
                             {{"key", QString::fromLatin1(kThresholdsKey)}});
    if (!row.ok())
        return row.error();
    if (!row.value().next())
        return ExpiryThresholds::defaults();
    auto days = ExpiryThresholds::parse(QString::fromUtf8(row.value().value(0).toByteArray()));
    if (!days.ok())
        return makeError(
            ErrorCode::StoreCorrupt,
            QCoreApplication::translate("ExpiryWarnings", "The store's '%1' setting is no list of days.")
                .arg(QLatin1String(kThresholdsKey)));
    return days;
}

Result<Unit> ExpiryWarnings::setThresholds(SqlStore& store, const QList<int>& days)
{
    // Delete and insert: one statement pair both engines read the same way.
    auto removed = SqlUtil::exec(store.database(), QStringLiteral("DELETE FROM settings WHERE key = :key"),
                                 {{"key", QString::fromLatin1(kThresholdsKey)}});
    if (!removed.ok())
        return removed.error();
    auto inserted = SqlUtil::exec(
        store.database(), QStringLiteral("INSERT INTO settings (key, value) VALUES (:key, :value)"),
        {{"key", QString::fromLatin1(kThresholdsKey)}, {"value", ExpiryThresholds::compact(days).toUtf8()}});
    if (!inserted.ok())
        return inserted.error();
    return Unit{};
}

QFuture<Result<int>> ExpiryWarnings::queueDue() const
{
    return m_store->run<int>([](SqlStore& store) -> Result<int> {
        return SqlWrite::writeTransaction<int>(store, [&]() -> Result<int> {
            auto stored = thresholds(store);
            if (!stored.ok())
                return stored.error();
            QList<int> nearestFirst = stored.value();
            std::sort(nearestFirst.begin(), nearestFirst.end());
            if (nearestFirst.isEmpty())
                return 0; // warnings turned off
            const qint64 now = store.now().toMSecsSinceEpoch();
            auto expiring = expiringUnwarned(store, now, nearestFirst);
            if (!expiring.ok())
                return expiring.error();
            int warned = 0;
            for (const Expiring& token : expiring.value()) {
                // The nearest threshold the token is within: a token first seen 5 days before
                // its end is warned "within 7 days", not also "within 30".
                const auto nearest = std::find_if(nearestFirst.begin(), nearestFirst.end(), [&](int days) {
                    return token.expiresAtMs <= now + days * kDayMs;
                });
                auto first = claimWarning(store, token.id, *nearest, now);
                if (!first.ok())
                    return first.error();
                if (!first.value())
                    continue;
                if (auto queued = queueNotices(store, token); !queued.ok())
                    return queued.error();
                ++warned;
            }
            return warned;
        });
    });
}

} // namespace tokendesk
