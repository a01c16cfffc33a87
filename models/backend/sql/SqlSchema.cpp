// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/backend/sql/SqlSchema.h"

#include "models/backend/sql/SqlDialect.h"
#include "models/backend/sql/SqlUtil.h"

#include <QCoreApplication>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

namespace tokendesk::SqlSchema {

namespace {

// A locked, full, unreadable or forbidden store says so. A migration statement that fails as an
// internal error or on an object that already exists means the tables are not what the recorded
// version promises (a file whose version was reset or edited: "table settings already exists"):
// that is a damaged store, not an internal error.
Error migrationFailed(Error error, int from, int to)
{
    if (error.code != ErrorCode::Internal && error.code != ErrorCode::AlreadyExists)
        return error;
    return makeError(ErrorCode::StoreCorrupt,
                     QCoreApplication::translate("SqlSchema",
                                                 "The store is damaged: its tables do not match its schema "
                                                 "version %1, and upgrading it to version %2 failed (%3).")
                         .arg(from)
                         .arg(to)
                         .arg(error.message));
}

Error tooNew(int version)
{
    return makeError(ErrorCode::StoreTooNew,
                     QCoreApplication::translate(
                         "SqlSchema", "This store was written by a newer TokenDesk (schema version %1; "
                                      "this version understands up to %2). Update TokenDesk to open it.")
                         .arg(version)
                         .arg(kLatestVersion));
}

} // namespace

Result<int> currentVersion(QSqlDatabase& db, const SqlDialect& dialect)
{
    return dialect.schemaVersion(db);
}

Result<Unit> migrate(QSqlDatabase& db, const SqlDialect& dialect, int targetVersion)
{
    // One version per transaction, the version read again under the migration lock each time:
    // another server on the same database may have moved it on meanwhile.
    for (;;) {
        SqlUtil::Transaction transaction(db, dialect.beginMigration());
        if (auto begun = transaction.begin(); !begun.ok())
            return begun.error();
        if (auto locked = dialect.lockForMigration(db); !locked.ok())
            return locked.error();
        auto version = dialect.schemaVersion(db);
        if (!version.ok())
            return version.error();
        // The version is a field of the file's header: a damaged or edited file can say anything,
        // and a negative one would index the migrations from before the first.
        if (version.value() < 0) {
            return makeError(
                ErrorCode::StoreCorrupt,
                QCoreApplication::translate("SqlSchema",
                                            "The store is damaged: its schema version (%1) is not a version.")
                    .arg(version.value()));
        }
        if (version.value() > kLatestVersion)
            return tooNew(version.value());
        if (version.value() >= targetVersion)
            return transaction.commit();
        const int next = version.value() + 1;
        // DDL runs unprepared: PostgreSQL cannot PREPARE it.
        for (const QString& statement : dialect.migration(next)) {
            QSqlQuery query(db);
            if (!query.exec(statement))
                return migrationFailed(SqlUtil::fromSqlError(query.lastError()), version.value(), next);
        }
        if (auto recorded = dialect.recordVersion(db, next); !recorded.ok())
            return recorded.error();
        if (auto committed = transaction.commit(); !committed.ok())
            return committed.error();
    }
}

Result<int> currentVersion(QSqlDatabase& db)
{
    return currentVersion(db, SqlDialect::sqlite());
}

Result<Unit> migrate(QSqlDatabase& db, int targetVersion)
{
    const SqlDialect& dialect = SqlDialect::sqlite();
    // A store already at the version needs no lock: opening it to read (a verify, a list) must
    // not wait for, or fail on, another program holding SQLite's write lock. Versions only grow,
    // so this read cannot go stale in a way that matters. (On PostgreSQL the migration lock is
    // advisory and blocks no reader, and a read outside it could see another server's migration
    // half done.)
    if (auto seen = dialect.schemaVersion(db); seen.ok() && seen.value() >= targetVersion) {
        if (seen.value() > kLatestVersion)
            return tooNew(seen.value());
        return Unit{};
    }
    return migrate(db, dialect, targetVersion);
}

} // namespace tokendesk::SqlSchema
