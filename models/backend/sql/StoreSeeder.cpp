// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/backend/sql/StoreSeeder.h"

#include "models/backend/sql/AuditLog.h"
#include "models/backend/sql/SqlStore.h"
#include "models/backend/sql/SqlUtil.h"
#include "models/core/TokenFormat.h"
#include "models/crypto/OpenSslCrypto.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QSqlQuery>
#include <QStringList>

#include <array>
#include <random>

namespace tokendesk::StoreSeeder {

namespace {

constexpr qint64 kMaxCount = 10'000'000;
// Below this many rows, dropping and rebuilding the secondary indexes costs more than it saves.
constexpr qint64 kRebuildIndexesFrom = 10'000;
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
        QString text;
        text.reserve(32);
        text += QLatin1String(pick(kSystems));
        text += QLatin1Char('-');
        text += QLatin1String(pick(kPlaces));
        text += QLatin1Char('-');
        text += QString::number(n);
        return text;
    }
    QString creator() { return m_creators.at(static_cast<qsizetype>(uniform(0, m_creators.size() - 1))); }
    QString role() { return chance(0.12) ? m_admin : m_developer; }
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
    // Shared, implicitly shared strings: no allocation per row for the repeated values.
    const QStringList m_creators = [] {
        QStringList names;
        for (const char* name : kCreators)
            names.append(QLatin1String(name));
        return names;
    }();
    const QString m_admin = QStringLiteral("admin");
    const QString m_developer = QStringLiteral("developer");
};

// Runs `statements` in order, stopping at the first failure.
Result<Unit> execAll(QSqlDatabase& db, const QStringList& statements)
{
    for (const QString& statement : statements) {
        if (auto done = SqlUtil::exec(db, statement); !done.ok())
            return done.error();
    }
    return Unit{};
}

// The schema objects on `tokens` that every insert maintains but a bulk load can rebuild at the
// end far faster (one sort instead of a million random B-tree insertions): its explicit indexes
// and triggers, as stored by SQLite, so whatever later migrations add is covered too.
Result<QStringList> schemaOnTokens(QSqlDatabase& db, const QString& type)
{
    auto query = SqlUtil::exec(db,
                               QStringLiteral("SELECT sql FROM sqlite_master WHERE type = :type AND "
                                              "tbl_name = 'tokens' AND sql IS NOT NULL ORDER BY name"),
                               {{"type", type}});
    if (!query.ok())
        return query.error();
    QStringList statements;
    while (query.value().next())
        statements.append(query.value().value(0).toString());
    return statements;
}

Result<QStringList> namesOnTokens(QSqlDatabase& db, const QString& type)
{
    auto query = SqlUtil::exec(db,
                               QStringLiteral("SELECT name FROM sqlite_master WHERE type = :type AND "
                                              "tbl_name = 'tokens' AND sql IS NOT NULL ORDER BY name"),
                               {{"type", type}});
    if (!query.ok())
        return query.error();
    QStringList names;
    while (query.value().next())
        names.append(query.value().value(0).toString());
    return names;
}

// Connection settings relaxed for the duration of the seed only. synchronous=NORMAL is safe in
// WAL mode (a crash can lose the last commit, never corrupt the file) and the seed is a single
// transaction anyway; a large page cache keeps the UNIQUE secret_hash index in memory.
class RelaxedConnection
{
public:
    explicit RelaxedConnection(const QSqlDatabase& db) : m_db(db)
    {
        if (auto cache = SqlUtil::exec(m_db, QStringLiteral("PRAGMA cache_size"));
            cache.ok() && cache.value().next())
            m_cacheSize = cache.value().value(0).toLongLong();
        SqlUtil::exec(m_db, QStringLiteral("PRAGMA synchronous = NORMAL"));
        SqlUtil::exec(m_db, QStringLiteral("PRAGMA cache_size = -262144"));
    }
    ~RelaxedConnection()
    {
        SqlUtil::exec(m_db, QStringLiteral("PRAGMA synchronous = FULL"));
        SqlUtil::exec(m_db, QStringLiteral("PRAGMA cache_size = %1").arg(m_cacheSize));
    }
    RelaxedConnection(const RelaxedConnection&) = delete;
    RelaxedConnection& operator=(const RelaxedConnection&) = delete;

private:
    QSqlDatabase m_db;
    qint64 m_cacheSize = -2000;
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
    // libcrypto for the secrets and their hashes whatever the store's default: the values are the
    // same (HMAC-SHA256 under the store's pepper, CSPRNG bytes), QCA is far slower per call.
    const OpenSslCrypto crypto;
    QSqlDatabase db = store.database();
    RelaxedConnection relaxed(db);
    // One transaction: all or nothing, including the dropped and rebuilt indexes and triggers.
    SqlUtil::Transaction transaction(db);
    if (auto begun = transaction.begin(); !begun.ok())
        return begun.error();
    const bool rebuild = count >= kRebuildIndexesFrom;
    QStringList recreate;
    if (rebuild) {
        auto indexes = schemaOnTokens(db, QStringLiteral("index"));
        auto indexNames = namesOnTokens(db, QStringLiteral("index"));
        auto triggers = schemaOnTokens(db, QStringLiteral("trigger"));
        auto triggerNames = namesOnTokens(db, QStringLiteral("trigger"));
        if (!indexes.ok())
            return indexes.error();
        if (!indexNames.ok())
            return indexNames.error();
        if (!triggers.ok())
            return triggers.error();
        if (!triggerNames.ok())
            return triggerNames.error();
        QStringList drops;
        for (const QString& name : indexNames.value())
            drops.append(QStringLiteral("DROP INDEX \"%1\"").arg(name));
        for (const QString& name : triggerNames.value())
            drops.append(QStringLiteral("DROP TRIGGER \"%1\"").arg(name));
        if (auto dropped = execAll(db, drops); !dropped.ok())
            return dropped.error();
        recreate = indexes.value() + triggers.value();
    }
    QSqlQuery insert(db);
    if (!insert.prepare(QStringLiteral(
            "INSERT INTO tokens (secret_hash, last4, label, role, enabled, created_by, "
            "created_at, expires_at, last_used_at, creator_uid) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
            "?, (SELECT uid FROM users WHERE name = ?))")))
        return SqlUtil::fromSqlError(insert.lastError());
    for (qint64 n = 0; n < count; ++n) {
        Secret secret = TokenFormat::generate(crypto);
        const qint64 created = shape.createdAt();
        insert.bindValue(0, store.secretHash(secret.view(), crypto));
        insert.bindValue(1, QString::fromLatin1(secret.view().last(TokenFormat::kMaskedSuffixLength)));
        insert.bindValue(2, shape.label(n + 1));
        insert.bindValue(3, shape.role());
        insert.bindValue(4, shape.enabled());
        const QString creator = shape.creator();
        insert.bindValue(5, creator);
        insert.bindValue(6, created);
        insert.bindValue(7, shape.expiresAt());
        insert.bindValue(8, shape.lastUsedAt(created));
        insert.bindValue(9, creator); // a creator who is a user of the store: their identity
        if (!insert.exec())
            return SqlUtil::fromSqlError(insert.lastError());
    }
    insert.finish();
    if (rebuild) {
        // So did the row counter kept by those triggers.
        if (auto counted = SqlUtil::exec(db, QStringLiteral("UPDATE token_rows SET count = count + :added"),
                                         {{"added", count}});
            !counted.ok())
            return counted.error();
        if (auto rebuilt = execAll(db, recreate); !rebuilt.ok())
            return rebuilt.error();
        // A full-text index kept by those triggers missed the new rows: rebuild it from the table.
        auto fts = SqlUtil::exec(
            db, QStringLiteral("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'tokens_fts'"));
        if (!fts.ok())
            return fts.error();
        if (fts.value().next()) {
            fts.value().finish();
            if (auto refilled = SqlUtil::exec(
                    db, QStringLiteral("INSERT INTO tokens_fts (tokens_fts) VALUES ('rebuild')"));
                !refilled.ok())
                return refilled.error();
        }
    }
    auto entry = AuditLog(store).append({actor,
                                         QStringLiteral("store.seed"),
                                         0,
                                         {},
                                         {},
                                         QStringLiteral("%1 generated tokens seeded").arg(count)});
    if (!entry.ok())
        return entry.error();
    if (auto committed = transaction.commit(); !committed.ok())
        return committed.error();
    SeedReport report;
    report.inserted = count;
    report.elapsedMs = timer.elapsed();
    return report;
}

} // namespace tokendesk::StoreSeeder
