// SPDX-License-Identifier: GPL-3.0-or-later
#include "StoreSeeder.h"

#include "backend/AuditLog.h"
#include "backend/SqlStore.h"
#include "backend/SqlUtil.h"
#include "core/TokenFormat.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QSqlQuery>

#include <array>
#include <random>

namespace tokendesk::StoreSeeder {

namespace {

constexpr qint64 kMaxCount = 10'000'000;
constexpr qint64 kBatch = 20'000; // rows per transaction: big enough to amortise the fsync
constexpr qint64 kDayMs = 24LL * 3600 * 1000;

constexpr std::array kSystems{"ci-deploy",   "grafana",      "terraform",    "backup",       "billing-sync",
                              "webhook",     "search-index", "slack-alerts", "mobile-app",   "partner-api",
                              "data-export", "uptime-probe", "release-bot",  "k8s-operator", "analytics"};
constexpr std::array kPlaces{"prod", "staging", "dev", "eu-west", "us-east", "nightly", "sandbox", "qa"};
constexpr std::array kCreators{"alice", "bob",  "carol",   "dave", "erin",   "frank", "gina",   "hank",
                               "ivan",  "judy", "mallory", "niaj", "olivia", "peggy", "rupert", "sybil"};

// Drawn from a fast, seeded generator: only the shape of the data is random here. The secrets
// themselves come from the CSPRNG through TokenFormat::generate.
class RowShape
{
public:
    explicit RowShape(qint64 nowMs) : m_now(nowMs), m_random(std::random_device{}()) {}

    QString label(qint64 n)
    {
        return QStringLiteral("%1-%2-%3")
            .arg(QLatin1String(pick(kSystems)), QLatin1String(pick(kPlaces)))
            .arg(n);
    }
    QString creator() { return QLatin1String(pick(kCreators)); }
    QString role() { return chance(0.12) ? QStringLiteral("admin") : QStringLiteral("developer"); }
    int enabled() { return chance(0.05) ? 0 : 1; }
    qint64 createdAt() { return m_now - uniform(0, 730 * kDayMs); }
    QVariant lastUsedAt(qint64 created)
    {
        if (chance(0.2))
            return QVariant(QMetaType::fromType<qint64>()); // never used
        return created + uniform(0, m_now - created);
    }
    QVariant expiresAt()
    {
        if (!chance(0.3))
            return QVariant(QMetaType::fromType<qint64>()); // never expires
        return m_now + uniform(-30 * kDayMs, 365 * kDayMs);
    }

private:
    template <typename Array> const char* pick(const Array& values)
    {
        return values[static_cast<std::size_t>(uniform(0, static_cast<qint64>(values.size()) - 1))];
    }
    bool chance(double p) { return std::bernoulli_distribution(p)(m_random); }
    qint64 uniform(qint64 low, qint64 high)
    {
        return std::uniform_int_distribution<qint64>(low, high)(m_random);
    }

    qint64 m_now;
    std::mt19937_64 m_random;
};

} // namespace

Result<SeedReport> seed(SqlStore& store, const QString& actor, qint64 count)
{
    if (count < 1 || count > kMaxCount) {
        return makeError(
            ErrorCode::InvalidInput,
            QCoreApplication::translate("StoreSeeder", "Seed between 1 and %L1 tokens.").arg(kMaxCount));
    }
    if (auto flushed = store.flushUses(); !flushed.ok())
        return flushed.error();
    QElapsedTimer timer;
    timer.start();
    const qint64 now = store.now().toMSecsSinceEpoch();
    RowShape shape(now);
    QSqlDatabase db = store.database();
    SeedReport report;
    while (report.inserted < count) {
        SqlUtil::Transaction transaction(db);
        if (auto begun = transaction.begin(); !begun.ok())
            return begun.error();
        QSqlQuery insert(db);
        if (!insert.prepare(
                QStringLiteral("INSERT INTO tokens (secret_hash, last4, label, role, enabled, created_by, "
                               "created_at, expires_at, last_used_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")))
            return SqlUtil::fromSqlError(insert.lastError());
        const qint64 batchEnd = std::min(count, report.inserted + kBatch);
        for (qint64 n = report.inserted; n < batchEnd; ++n) {
            Secret secret = TokenFormat::generate(store.crypto());
            const qint64 created = shape.createdAt();
            insert.bindValue(0, store.secretHash(secret.view()));
            insert.bindValue(1, QString::fromLatin1(secret.view().last(TokenFormat::kMaskedSuffixLength)));
            insert.bindValue(2, shape.label(n + 1));
            insert.bindValue(3, shape.role());
            insert.bindValue(4, shape.enabled());
            insert.bindValue(5, shape.creator());
            insert.bindValue(6, created);
            insert.bindValue(7, shape.expiresAt());
            insert.bindValue(8, shape.lastUsedAt(created));
            if (!insert.exec())
                return SqlUtil::fromSqlError(insert.lastError());
        }
        insert.finish();
        if (batchEnd == count) {
            auto entry = AuditLog(store).append({actor,
                                                 QStringLiteral("store.seed"),
                                                 0,
                                                 {},
                                                 {},
                                                 QStringLiteral("%1 generated tokens seeded").arg(count)});
            if (!entry.ok())
                return entry.error();
        }
        if (auto committed = transaction.commit(); !committed.ok())
            return committed.error();
        report.inserted = batchEnd;
    }
    report.elapsedMs = timer.elapsed();
    return report;
}

} // namespace tokendesk::StoreSeeder
