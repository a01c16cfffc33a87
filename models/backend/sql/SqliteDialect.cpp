// SPDX-License-Identifier: GPL-3.0-or-later
// SQLite: the store file. The version lives in PRAGMA user_version, the mark in application_id.
#include "models/backend/sql/SqlDialect.h"
#include "models/backend/sql/SqlSchema.h"
#include "models/backend/sql/SqlUtil.h"

#include <QCoreApplication>
#include <QSqlDatabase>
#include <QSqlQuery>

namespace tokendesk {

namespace {

// Version 1: users, tokens, the append-only hash-chained audit log and store settings.
const QStringList kV1{
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

// Version 2: the notices outbox (one row per admin per created token, delivered by the server's
// mailer later) and indexes for the table's sort orders.
const QStringList kV2{
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

// Version 3: a trigram full-text index over the filterable text (label, creator), so a substring
// filter of three or more characters is an index lookup instead of a full scan. External content:
// the text lives in `tokens` only; triggers keep the index in step, 'rebuild' fills it for the
// rows already there.
const QStringList kV3{
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

// Version 4: the number of token rows, kept by triggers. COUNT(*) walks a whole index (12 ms on
// a million tokens, paid on every open, reload and deep page); the counter answers at once.
const QStringList kV4{
    QStringLiteral("CREATE TABLE token_rows (only_row INTEGER PRIMARY KEY CHECK (only_row = 1),"
                   " count INTEGER NOT NULL)"),
    QStringLiteral("INSERT INTO token_rows (only_row, count) SELECT 1, COUNT(*) FROM tokens"),
    QStringLiteral("CREATE TRIGGER token_rows_insert AFTER INSERT ON tokens BEGIN"
                   " UPDATE token_rows SET count = count + 1 WHERE only_row = 1; END"),
    QStringLiteral("CREATE TRIGGER token_rows_delete AFTER DELETE ON tokens BEGIN"
                   " UPDATE token_rows SET count = count - 1 WHERE only_row = 1; END"),
};

// Version 5: a lease on each notice, so several servers mailing from one store send each notice
// once: a mailer claims due rows (claimed_until in the future, claimed_by naming the instance)
// before sending; a crashed instance's lease runs out and another one sends the notice.
const QStringList kV5{
    QStringLiteral("ALTER TABLE notices ADD COLUMN claimed_until INTEGER"),
    QStringLiteral("ALTER TABLE notices ADD COLUMN claimed_by TEXT"),
};

// Version 6: tokens tied to a user identity, not a reusable name (issue 13). Each user gets a uid
// from a counter that only goes up (a row of its own: a rowid is reused once the highest row is
// deleted, and the users table cannot become AUTOINCREMENT without rebuilding it, which would
// cascade to the notices referencing it), and each token records its creator's uid. Existing
// users are numbered in the order they were created; an existing token gets the uid of the user
// now of its creator's name, NULL when there is none any more. An Admin token manages the store
// only while the user its creator_uid names exists (see TokenVerifier).
const QStringList kV6{
    QStringLiteral("CREATE TABLE user_uids (only_row INTEGER PRIMARY KEY CHECK (only_row = 1),"
                   " last INTEGER NOT NULL)"),
    QStringLiteral("ALTER TABLE users ADD COLUMN uid INTEGER"),
    QStringLiteral("UPDATE users SET uid = (SELECT COUNT(*) FROM users AS earlier"
                   " WHERE earlier.created_at < users.created_at"
                   " OR (earlier.created_at = users.created_at AND earlier.name <= users.name))"),
    QStringLiteral("CREATE UNIQUE INDEX users_uid ON users (uid)"),
    QStringLiteral("INSERT INTO user_uids (only_row, last) SELECT 1, COALESCE(MAX(uid), 0) FROM users"),
    QStringLiteral("ALTER TABLE tokens ADD COLUMN creator_uid INTEGER"),
    QStringLiteral(
        "UPDATE tokens SET creator_uid = (SELECT uid FROM users WHERE users.name = tokens.created_by)"),
    QStringLiteral("CREATE INDEX tokens_creator_uid ON tokens (creator_uid)"),
};

// Version 7: replays of keyed creates and rotations (issue 13), shared by every server on the
// store. `lookup` is a hash of the caller's scope and Idempotency-Key, never the key; `sealed` is
// the reply under AES-256-GCM with a key derived from the Idempotency-Key, which only the client
// knows (see IdempotencyClaim). Rows expire after 10 minutes and are swept by expiry.
const QStringList kV7{
    QStringLiteral("CREATE TABLE idempotency_keys ("
                   " lookup BLOB PRIMARY KEY,"
                   " fingerprint BLOB NOT NULL,"
                   " status INTEGER NOT NULL,"
                   " sealed BLOB NOT NULL,"
                   " expires_at INTEGER NOT NULL)"),
    QStringLiteral("CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at)"),
};

// Version 8: descriptions and tags (issue 15). A tag is a row of its own, name and value apart
// ("env=prod": name env, value prod; "ci": value ''), so a tag filter is an index lookup on a
// million tokens and tag:env finds every env=... by name alone. The full-text index gains the
// description, so the substring filter finds words in it too.
const QStringList kV8{
    QStringLiteral("ALTER TABLE tokens ADD COLUMN description TEXT NOT NULL DEFAULT ''"),
    QStringLiteral("CREATE TABLE token_tags ("
                   " token_id INTEGER NOT NULL REFERENCES tokens (id) ON DELETE CASCADE,"
                   " name TEXT NOT NULL,"
                   " value TEXT NOT NULL DEFAULT '',"
                   " PRIMARY KEY (name, value, token_id)) WITHOUT ROWID"),
    QStringLiteral("CREATE INDEX token_tags_token ON token_tags (token_id)"),
    QStringLiteral("DROP TRIGGER tokens_fts_insert"),
    QStringLiteral("DROP TRIGGER tokens_fts_delete"),
    QStringLiteral("DROP TRIGGER tokens_fts_update"),
    QStringLiteral("DROP TABLE tokens_fts"),
    QStringLiteral(
        "CREATE VIRTUAL TABLE tokens_fts USING fts5 (label, created_by, description, content = 'tokens',"
        " content_rowid = 'id', tokenize = 'trigram')"),
    QStringLiteral("CREATE TRIGGER tokens_fts_insert AFTER INSERT ON tokens BEGIN"
                   " INSERT INTO tokens_fts (rowid, label, created_by, description)"
                   " VALUES (new.id, new.label, new.created_by, new.description); END"),
    QStringLiteral("CREATE TRIGGER tokens_fts_delete AFTER DELETE ON tokens BEGIN"
                   " INSERT INTO tokens_fts (tokens_fts, rowid, label, created_by, description)"
                   " VALUES ('delete', old.id, old.label, old.created_by, old.description); END"),
    QStringLiteral("CREATE TRIGGER tokens_fts_update AFTER UPDATE OF label, created_by, description ON tokens"
                   " BEGIN"
                   " INSERT INTO tokens_fts (tokens_fts, rowid, label, created_by, description)"
                   " VALUES ('delete', old.id, old.label, old.created_by, old.description);"
                   " INSERT INTO tokens_fts (rowid, label, created_by, description)"
                   " VALUES (new.id, new.label, new.created_by, new.description); END"),
    QStringLiteral("INSERT INTO tokens_fts (tokens_fts) VALUES ('rebuild')"),
};

// Version 9: the tokens that stopped working (issue 15's Inactive view). A row is written in the
// transaction that deletes the token (revoke, rotation, a grace period's end) from the token's
// row at that moment; never the secret or its hash, which leave the store with the token.
const QStringList kV9{
    QStringLiteral("CREATE TABLE ended_tokens ("
                   " id INTEGER PRIMARY KEY,"
                   " label TEXT NOT NULL,"
                   " last4 TEXT NOT NULL,"
                   " role TEXT NOT NULL,"
                   " created_by TEXT NOT NULL,"
                   " created_at INTEGER NOT NULL,"
                   " ended_at INTEGER NOT NULL,"
                   " ended_by TEXT NOT NULL,"
                   " reason TEXT NOT NULL CHECK (reason IN ('revoked', 'rotated')))"),
    QStringLiteral("CREATE INDEX ended_tokens_ended_at ON ended_tokens (ended_at, id)"),
};

// Version 10: the expiry warnings already sent (issue 15), one row per token and threshold. The
// primary key is what makes a warning go out once, also when several servers check one database
// at the same moment; extending a token's expiry deletes its rows, so it is warned again.
const QStringList kV10{
    QStringLiteral("CREATE TABLE expiry_warnings ("
                   " token_id INTEGER NOT NULL REFERENCES tokens (id) ON DELETE CASCADE,"
                   " threshold_days INTEGER NOT NULL,"
                   " warned_at INTEGER NOT NULL,"
                   " PRIMARY KEY (token_id, threshold_days))"),
};

// Version 11: a user's mail address for notices (issue 15), empty when none was given.
const QStringList kV11{
    QStringLiteral("ALTER TABLE users ADD COLUMN email TEXT NOT NULL DEFAULT ''"),
};

class SqliteDialect final : public SqlDialect
{
public:
    QString name() const override { return QStringLiteral("SQLite"); }

    const QStringList& migration(int version) const override
    {
        static const QList<const QStringList*> all{&kV1, &kV2, &kV3, &kV4,  &kV5, &kV6,
                                                   &kV7, &kV8, &kV9, &kV10, &kV11};
        static_assert(SqlSchema::kLatestVersion == 11, "add the new migration to this list");
        return *all.at(version - 1);
    }

    Result<int> schemaVersion(QSqlDatabase& db) const override
    {
        auto query = SqlUtil::exec(db, QStringLiteral("PRAGMA user_version"));
        if (!query.ok())
            return query.error();
        if (!query.value().next())
            return makeError(
                ErrorCode::StoreCorrupt,
                QCoreApplication::translate("SqlSchema", "Cannot read the store's schema version."));
        return query.value().value(0).toInt();
    }

    Result<Unit> recordVersion(QSqlDatabase& db, int version) const override
    {
        // PRAGMA cannot take bound parameters; the values are our own integers.
        if (version == 1) {
            auto marked = SqlUtil::exec(
                db, QStringLiteral("PRAGMA application_id = %1").arg(SqlSchema::kApplicationId));
            if (!marked.ok())
                return marked.error();
        }
        auto bumped = SqlUtil::exec(db, QStringLiteral("PRAGMA user_version = %1").arg(version));
        if (!bumped.ok())
            return bumped.error();
        return Unit{};
    }

    // IMMEDIATE takes the write lock at once, so two writers never deadlock upgrading read locks.
    QString beginWrite() const override { return QStringLiteral("BEGIN IMMEDIATE"); }

    QString beginMigration() const override { return beginWrite(); }
    QString caseInsensitive(const QString& expression) const override
    {
        return expression + QStringLiteral(" COLLATE NOCASE");
    }
    QString likeOperator() const override { return QStringLiteral("LIKE"); }
    QString greatestFunction() const override { return QStringLiteral("MAX"); }
    QString joinedWithCommas(const QString& expression) const override
    {
        return QStringLiteral("group_concat(%1, ',')").arg(expression);
    }
    QString nullsFirstAscending(const QString& column) const override { return column; }
    bool hasFullTextTable() const override { return true; }
    QString lockSkippingLocked() const override { return {}; }
    Result<Unit> lockForMigration(QSqlDatabase&) const override { return Unit{}; }
};

} // namespace

const SqlDialect& SqlDialect::sqlite()
{
    static const SqliteDialect dialect;
    return dialect;
}

} // namespace tokendesk
