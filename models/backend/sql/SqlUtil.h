// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/Result.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <initializer_list>
#include <utility>

namespace tokendesk::SqlUtil {

// A named parameter without its colon: {"id", 42} binds :id.
using Binding = std::pair<const char*, QVariant>;

// Maps a driver error to our error model: busy/locked → STORE_UNAVAILABLE, not-a-database or
// corruption → STORE_CORRUPT, full disk or I/O → STORE_UNAVAILABLE, anything else → INTERNAL.
Error fromSqlError(const QSqlError& error);
// "3, 17, 42": ids for an "IN (...)" clause. Integers we hold, never text from outside, so the
// list is written into the statement (a bound list is not something SQL has).
QString idList(const QList<qint64>& ids);
// True (once) when the last error fromSqlError() mapped on this thread was a PostgreSQL
// serialization failure or deadlock: the whole transaction may be retried.
bool takeSerializationFailure();

// Prepares (cached by the driver per connection when `cached` is true), binds by name, executes.
Result<QSqlQuery> exec(const QSqlDatabase& db, const QString& sql,
                       std::initializer_list<Binding> bindings = {});
Result<QSqlQuery> exec(const QSqlDatabase& db, const QString& sql, const QVariantMap& bindings);

// A LIKE pattern (with ESCAPE '\\') that matches `text` as a substring: % _ and \ in it are literal.
QString substringPattern(const QString& text);

// `text`, or '' for a null QString: the driver binds a null QString as SQL NULL, and the text
// columns that mean "nothing" by '' are NOT NULL.
QString notNull(const QString& text);

// Stores a nullable millisecond timestamp.
QVariant fromDateTime(const QDateTime& time);
QDateTime toDateTime(const QVariant& value);

// A write transaction. SQLite's BEGIN IMMEDIATE takes the write lock up front, so two writers
// never deadlock upgrading a read lock; the destructor rolls back anything not committed, so an
// early return on error leaves the store exactly as it was.
class Transaction
{
public:
    // `beginStatement`: the dialect's (SqlDialect::beginWrite); SQLite's by default.
    // QSqlDatabase has no move constructor: it is a shared handle, copied cheaply.
    explicit Transaction(const QSqlDatabase& db, QString beginStatement = QStringLiteral("BEGIN IMMEDIATE"))
        : m_db(db), m_begin(std::move(beginStatement))
    {}
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    Result<Unit> begin();
    Result<Unit> commit();

private:
    QSqlDatabase m_db;
    QString m_begin;
    bool m_open = false;
};

} // namespace tokendesk::SqlUtil
