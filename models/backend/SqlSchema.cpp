// SPDX-License-Identifier: GPL-3.0-or-later
#include "SqlSchema.h"

#include "backend/SqlUtil.h"

#include <QCoreApplication>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStringList>

namespace tokendesk::SqlSchema {

namespace {

// Version 1: users, tokens, the append-only hash-chained audit log and store settings.
const QStringList& migrationV1()
{
    static const QStringList statements{
        QStringLiteral("CREATE TABLE settings (key TEXT PRIMARY KEY, value BLOB NOT NULL)"),
        QStringLiteral("CREATE TABLE users ("
                       " name TEXT PRIMARY KEY,"
                       " is_admin INTEGER NOT NULL CHECK (is_admin IN (0, 1)),"
                       " api_access INTEGER NOT NULL CHECK (api_access IN (0, 1)),"
                       " created_at INTEGER NOT NULL)"),
        // created_by is deliberately not a foreign key: tokens belong to the organisation and
        // outlive the account that created them. AUTOINCREMENT: a revoked id is never reused.
        QStringLiteral("CREATE TABLE tokens ("
                       " id INTEGER PRIMARY KEY AUTOINCREMENT,"
                       " secret_hash BLOB NOT NULL UNIQUE,"
                       " last4 TEXT NOT NULL,"
                       " label TEXT NOT NULL,"
                       " role TEXT NOT NULL CHECK (role IN ('developer', 'admin')),"
                       " enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),"
                       " created_by TEXT NOT NULL,"
                       " created_at INTEGER NOT NULL,"
                       " expires_at INTEGER,"
                       " last_used_at INTEGER,"
                       " version INTEGER NOT NULL DEFAULT 1,"
                       " superseded_by INTEGER)"),
        QStringLiteral("CREATE INDEX tokens_created_by ON tokens (created_by)"),
        QStringLiteral("CREATE TABLE audit ("
                       " seq INTEGER PRIMARY KEY,"
                       " at INTEGER NOT NULL,"
                       " actor TEXT NOT NULL,"
                       " action TEXT NOT NULL,"
                       " token_id INTEGER NOT NULL DEFAULT 0,"
                       " label TEXT NOT NULL DEFAULT '',"
                       " masked TEXT NOT NULL DEFAULT '',"
                       " detail TEXT NOT NULL DEFAULT '',"
                       " prev_hash BLOB NOT NULL,"
                       " hash BLOB NOT NULL)"),
        QStringLiteral("CREATE INDEX audit_token ON audit (token_id, seq)"),
        // Append-only is enforced by the store itself, not just by convention in our code.
        QStringLiteral("CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
                       " BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"),
        QStringLiteral("CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
                       " BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"),
    };
    return statements;
}

// Version 2: the notices outbox (one row per admin per created token, delivered by the server's
// mailer later) and indexes for the table's sort orders.
const QStringList& migrationV2()
{
    static const QStringList statements{
        QStringLiteral("CREATE TABLE notices ("
                       " id INTEGER PRIMARY KEY AUTOINCREMENT,"
                       " recipient TEXT NOT NULL REFERENCES users (name) ON DELETE CASCADE,"
                       " kind TEXT NOT NULL,"
                       " token_id INTEGER NOT NULL,"
                       " label TEXT NOT NULL,"
                       " masked TEXT NOT NULL,"
                       " created_by TEXT NOT NULL,"
                       " created_at INTEGER NOT NULL,"
                       " delivered_at INTEGER,"
                       " attempts INTEGER NOT NULL DEFAULT 0,"
                       " next_attempt_at INTEGER)"),
        QStringLiteral("CREATE INDEX notices_pending ON notices (delivered_at, next_attempt_at)"),
        QStringLiteral("CREATE INDEX tokens_label ON tokens (label COLLATE NOCASE, id)"),
        QStringLiteral("CREATE INDEX tokens_created_at ON tokens (created_at, id)"),
        QStringLiteral("CREATE INDEX tokens_last_used ON tokens (last_used_at, id)"),
        QStringLiteral("CREATE INDEX tokens_expires ON tokens (expires_at, id)"),
    };
    return statements;
}

// Version 3: a trigram full-text index over the filterable text (label, creator), so a substring
// filter of three or more characters is an index lookup instead of a full scan. External content:
// the text lives in `tokens` only; triggers keep the index in step, 'rebuild' fills it for the
// rows already there.
const QStringList& migrationV3()
{
    static const QStringList statements{
        QStringLiteral("CREATE VIRTUAL TABLE tokens_fts USING fts5 (label, created_by, content = 'tokens',"
                       " content_rowid = 'id', tokenize = 'trigram')"),
        QStringLiteral("CREATE TRIGGER tokens_fts_insert AFTER INSERT ON tokens BEGIN"
                       " INSERT INTO tokens_fts (rowid, label, created_by)"
                       " VALUES (new.id, new.label, new.created_by); END"),
        QStringLiteral("CREATE TRIGGER tokens_fts_delete AFTER DELETE ON tokens BEGIN"
                       " INSERT INTO tokens_fts (tokens_fts, rowid, label, created_by)"
                       " VALUES ('delete', old.id, old.label, old.created_by); END"),
        QStringLiteral("CREATE TRIGGER tokens_fts_update AFTER UPDATE OF label, created_by ON tokens BEGIN"
                       " INSERT INTO tokens_fts (tokens_fts, rowid, label, created_by)"
                       " VALUES ('delete', old.id, old.label, old.created_by);"
                       " INSERT INTO tokens_fts (rowid, label, created_by)"
                       " VALUES (new.id, new.label, new.created_by); END"),
        QStringLiteral("INSERT INTO tokens_fts (tokens_fts) VALUES ('rebuild')"),
        // The few superseded tokens: an unfiltered count is the table's count minus the hidden ones.
        QStringLiteral("CREATE INDEX tokens_superseded ON tokens (superseded_by, expires_at)"
                       " WHERE superseded_by IS NOT NULL"),
    };
    return statements;
}

// Version 4: the number of token rows, kept by triggers. COUNT(*) walks a whole index (12 ms on
// a million tokens, paid on every open, reload and deep page); the counter answers at once.
const QStringList& migrationV4()
{
    static const QStringList statements{
        QStringLiteral("CREATE TABLE token_rows (only_row INTEGER PRIMARY KEY CHECK (only_row = 1),"
                       " count INTEGER NOT NULL)"),
        QStringLiteral("INSERT INTO token_rows (only_row, count) SELECT 1, COUNT(*) FROM tokens"),
        QStringLiteral("CREATE TRIGGER token_rows_insert AFTER INSERT ON tokens BEGIN"
                       " UPDATE token_rows SET count = count + 1 WHERE only_row = 1; END"),
        QStringLiteral("CREATE TRIGGER token_rows_delete AFTER DELETE ON tokens BEGIN"
                       " UPDATE token_rows SET count = count - 1 WHERE only_row = 1; END"),
    };
    return statements;
}

const QList<const QStringList*>& migrations()
{
    static const QList<const QStringList*> all{&migrationV1(), &migrationV2(), &migrationV3(),
                                               &migrationV4()};
    static_assert(kLatestVersion == 4, "add the new migration to this list");
    return all;
}

} // namespace

Result<int> currentVersion(QSqlDatabase& db)
{
    auto query = SqlUtil::exec(db, QStringLiteral("PRAGMA user_version"));
    if (!query.ok())
        return query.error();
    if (!query.value().next())
        return makeError(ErrorCode::StoreCorrupt,
                         QCoreApplication::translate("SqlSchema", "Cannot read the store's schema version."));
    return query.value().value(0).toInt();
}

Result<Unit> migrate(QSqlDatabase& db, int targetVersion)
{
    auto version = currentVersion(db);
    if (!version.ok())
        return version.error();
    if (version.value() > kLatestVersion) {
        return makeError(ErrorCode::StoreTooNew,
                         QCoreApplication::translate(
                             "SqlSchema", "This store was written by a newer TokenDesk (schema version %1; "
                                          "this version understands up to %2). Update TokenDesk to open it.")
                             .arg(version.value())
                             .arg(kLatestVersion));
    }
    for (int next = version.value() + 1; next <= targetVersion; ++next) {
        SqlUtil::Transaction transaction(db);
        if (auto begun = transaction.begin(); !begun.ok())
            return begun.error();
        if (next == 1) {
            auto marked = SqlUtil::exec(db, QStringLiteral("PRAGMA application_id = %1").arg(kApplicationId));
            if (!marked.ok())
                return marked.error();
        }
        for (const QString& statement : *migrations().at(next - 1)) {
            if (auto done = SqlUtil::exec(db, statement); !done.ok())
                return done.error();
        }
        // PRAGMA cannot take bound parameters; the value is our own integer.
        if (auto bumped = SqlUtil::exec(db, QStringLiteral("PRAGMA user_version = %1").arg(next));
            !bumped.ok())
            return bumped.error();
        if (auto committed = transaction.commit(); !committed.ok())
            return committed.error();
    }
    return Unit{};
}

} // namespace tokendesk::SqlSchema
