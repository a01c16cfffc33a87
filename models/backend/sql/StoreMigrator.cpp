// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/backend/sql/StoreMigrator.h"

#include "models/backend/sql/AuditLog.h"
#include "models/backend/sql/SqlDialect.h"
#include "models/backend/sql/SqlStore.h"
#include "models/backend/sql/SqlUtil.h"
#include "models/backend/sql/SqlWorker.h"

#include <QCoreApplication>
#include <QSqlQuery>
#include <QSqlRecord>

namespace tokendesk {

namespace {

struct Table
{
    const char* name;
    const char* columns;
    const char* order;
};

// Parents before children (notices reference users); the audit log in sequence order. Users
// keep their uids and tokens their creator's (so a removed creator stays removed), and the uid
// counter moves over too: a uid the source gave out once is never given out again.
constexpr Table kTables[] = {
    {"settings", "key, value", "key"},
    {"user_uids", "only_row, last", "only_row"},
    {"users", "uid, name, is_admin, api_access, created_at, email", "name"},
    {"tokens",
     "id, secret_hash, last4, label, role, enabled, created_by, created_at, expires_at, last_used_at, "
     "version, superseded_by, creator_uid, description",
     "id"},
    {"token_tags", "token_id, name, value", "token_id, name, value"},
    {"expiry_warnings", "token_id, threshold_days, warned_at", "token_id, threshold_days"},
    {"ended_tokens", "id, label, last4, role, created_by, created_at, ended_at, ended_by, reason", "id"},
    {"audit", "seq, at, actor, action, token_id, label, masked, detail, prev_hash, hash", "seq"},
    {"notices",
     "id, recipient, kind, token_id, label, masked, created_by, created_at, delivered_at, attempts, "
     "next_attempt_at",
     "id"},
};

// Settings are bytes everywhere; older SQLite stores kept numbers and text in them as such.
QVariant settingValue(const QVariant& value)
{
    if (value.typeId() == QMetaType::QByteArray)
        return value;
    return value.toString().toUtf8();
}

Result<qint64> copyTable(QSqlDatabase& from, QSqlDatabase& to, const Table& table)
{
    QSqlQuery read(from);
    read.setForwardOnly(true);
    if (!read.exec(
            QStringLiteral("SELECT %1 FROM %2 ORDER BY %3")
                .arg(QLatin1String(table.columns), QLatin1String(table.name), QLatin1String(table.order))))
        return SqlUtil::fromSqlError(read.lastError());
    const int columns = read.record().count();
    QStringList marks;
    for (int c = 0; c < columns; ++c)
        marks.append(QStringLiteral("?"));
    QSqlQuery write(to);
    if (!write.prepare(QStringLiteral("INSERT INTO %1 (%2) VALUES (%3)")
                           .arg(QLatin1String(table.name), QLatin1String(table.columns), marks.join(u','))))
        return SqlUtil::fromSqlError(write.lastError());
    const bool settings = qstrcmp(table.name, "settings") == 0;
    qint64 rows = 0;
    while (read.next()) {
        for (int c = 0; c < columns; ++c)
            write.bindValue(c, settings && c == 1 ? settingValue(read.value(c)) : read.value(c));
        if (!write.exec())
            return SqlUtil::fromSqlError(write.lastError());
        ++rows;
    }
    return rows;
}

// The largest id `table` has ever given out, not only the largest it still holds: SQLite's
// AUTOINCREMENT counter or PostgreSQL's identity sequence remembers revoked tokens' ids too.
Result<qint64> lastIdGiven(const SqlStore& store, const QSqlDatabase& db, const char* table)
{
    const QString sql =
        store.isPostgres()
            ? QStringLiteral("SELECT GREATEST(COALESCE(pg_sequence_last_value(pg_get_serial_sequence('%1', "
                             "'id')::regclass), 0), (SELECT COALESCE(MAX(id), 0) FROM %1))")
            : QStringLiteral("SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = '%1'), 0),"
                             " (SELECT COALESCE(MAX(id), 0) FROM %1))");
    auto read = SqlUtil::exec(db, sql.arg(QLatin1String(table)));
    if (!read.ok())
        return read.error();
    read.value().next();
    return read.value().value(0).toLongLong();
}

// New rows in the target start after `last`, so a moved store never gives a revoked token's id
// to a new one (an id in an old audit entry or a gateway's log keeps naming one token).
Result<Unit> continueIdsAfter(const SqlStore& target, const QSqlDatabase& db, const char* table, qint64 last)
{
    const QString name = QLatin1String(table);
    if (target.isPostgres()) {
        // Explicit ids do not move identity sequences; setval(..., false) makes `last + 1` next.
        auto moved = SqlUtil::exec(
            db, QStringLiteral("SELECT setval(pg_get_serial_sequence('%1', 'id'), :next, false)").arg(name),
            {{"next", last + 1}});
        return moved.ok() ? Result<Unit>(Unit{}) : Result<Unit>(moved.error());
    }
    auto updated =
        SqlUtil::exec(db, QStringLiteral("UPDATE sqlite_sequence SET seq = :last WHERE name = :name"),
                      {{"last", last}, {"name", name}});
    if (!updated.ok())
        return updated.error();
    if (updated.value().numRowsAffected() > 0)
        return Unit{};
    auto inserted =
        SqlUtil::exec(db, QStringLiteral("INSERT INTO sqlite_sequence (name, seq) VALUES (:name, :last)"),
                      {{"name", name}, {"last", last}});
    return inserted.ok() ? Result<Unit>(Unit{}) : Result<Unit>(inserted.error());
}

Result<MigrationReport> copyStore(SqlStore& source, SqlStore& target)
{
    QSqlDatabase from = source.database();
    QSqlDatabase to = target.database();
    // A consistent snapshot of the source, read only.
    SqlUtil::Transaction reading(from, source.isPostgres()
                                           ? QStringLiteral("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                                           : QStringLiteral("BEGIN"));
    if (auto begun = reading.begin(); !begun.ok())
        return begun.error();
    SqlUtil::Transaction writing(to, target.dialect().beginWrite());
    if (auto begun = writing.begin(); !begun.ok())
        return begun.error();
    // A new store's schema starts its uid counter at 0; the source's takes its place.
    if (auto cleared = SqlUtil::exec(to, QStringLiteral("DELETE FROM user_uids")); !cleared.ok())
        return cleared.error();
    MigrationReport report;
    for (const Table& table : kTables) {
        auto copied = copyTable(from, to, table);
        if (!copied.ok())
            return copied.error();
        report.rows.insert(QString::fromLatin1(table.name), copied.value());
    }
    for (const char* table : {"tokens", "notices"}) {
        auto last = lastIdGiven(source, from, table);
        if (!last.ok())
            return last.error();
        if (auto continued = continueIdsAfter(target, to, table, last.value()); !continued.ok())
            return continued.error();
    }
    auto chain = AuditLog(target).verifyChain();
    if (!chain.ok())
        return chain.error();
    if (!chain->intact())
        return makeError(
            ErrorCode::StoreCorrupt,
            StoreMigrator::tr(
                "The copied audit log does not verify (first broken entry %1); nothing was written.")
                .arg(chain->firstBrokenSequence.value_or(0)));
    report.auditEntriesChecked = chain->entriesChecked;
    if (auto committed = writing.commit(); !committed.ok())
        return committed.error();
    return report;
}

} // namespace

QString StoreMigrator::locationText(const QString& argument)
{
    return argument.startsWith(QLatin1String("sqlite:")) ? argument.mid(7) : argument;
}

QFuture<Result<MigrationReport>> StoreMigrator::migrate(const QString& from, const QString& to)
{
    auto source = SqlStore::make(locationText(from));
    auto target = SqlStore::make(locationText(to));
    return SqlWorker::instance().post<Result<MigrationReport>>([source, target]() -> Result<MigrationReport> {
        if (auto opened = source->openExisting(); !opened.ok())
            return opened.error();
        if (auto made = target->createEmpty(); !made.ok())
            return made.error();
        auto report = copyStore(*source, *target);
        if (!report.ok())
            target->discardEmpty();
        return report;
    });
}

} // namespace tokendesk
