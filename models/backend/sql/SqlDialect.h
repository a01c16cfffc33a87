// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/Result.h"

#include <QStringList>

class QSqlDatabase;

namespace tokendesk {

// What differs between the SQL engines a store can live in (SQLite files, PostgreSQL for teams),
// in one place instead of `if (sqlite)` branches across the store code: the schema's DDL, how
// the schema version is recorded, and how a write transaction begins.
//
// The migrations of every dialect build the same schema concepts version for version (the same
// tables, columns, indexes, the append-only audit log and the token row counter), so one
// kLatestVersion describes a store whatever it lives in.
class SqlDialect
{
public:
    virtual ~SqlDialect() = default;

    static const SqlDialect& sqlite();
    static const SqlDialect& postgres();

    virtual QString name() const = 0;
    // The statements that move the schema from version - 1 to `version` (1-based).
    virtual const QStringList& migration(int version) const = 0;
    // 0 for an empty database; STORE_CORRUPT for a database that is not a TokenDesk store.
    virtual Result<int> schemaVersion(QSqlDatabase& db) const = 0;
    // Records `version` (inside the migration's transaction); version 1 also marks the database
    // as a TokenDesk store.
    virtual Result<Unit> recordVersion(QSqlDatabase& db, int version) const = 0;
    // Starts a transaction that writes: it must not be overtaken by another writer.
    virtual QString beginWrite() const = 0;
    // Query fragments that differ.
    // `expression` compared and ordered without regard to case (SQLite: COLLATE NOCASE, ASCII
    // only; PostgreSQL: lower()).
    virtual QString caseInsensitive(const QString& expression) const = 0;
    // The case-insensitive LIKE: SQLite's LIKE already is (ASCII), PostgreSQL's is ILIKE.
    virtual QString likeOperator() const = 0;
    // The larger of two values: SQLite's scalar MAX(a, b), PostgreSQL's GREATEST(a, b).
    virtual QString greatestFunction() const = 0;
    // The aggregate joining `expression` over a group's rows with commas (no order promised).
    virtual QString joinedWithCommas(const QString& expression) const = 0;
    // Order terms for a nullable column whose NULLs come first ascending and last descending
    // (SQLite's own rule; PostgreSQL's is the reverse, so it is spelled out there).
    virtual QString nullsFirstAscending(const QString& column) const = 0;
    // SQLite keeps an FTS5 trigram index of label, creator and description (schema versions 3, 8);
    // PostgreSQL's pg_trgm indexes serve the LIKE itself.
    virtual bool hasFullTextTable() const = 0;
    // Appended to a SELECT that picks rows to claim: PostgreSQL locks them and lets a concurrent
    // claimer skip past (FOR UPDATE SKIP LOCKED); SQLite has one writer at a time and needs none.
    virtual QString lockSkippingLocked() const = 0;

    // Starts the transaction of one migration step.
    virtual QString beginMigration() const = 0;
    // Runs before the migrations of one transaction: PostgreSQL serialises concurrent migrators
    // (several servers starting at once) with an advisory lock.
    virtual Result<Unit> lockForMigration(QSqlDatabase& db) const = 0;
};

} // namespace tokendesk
