// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/Result.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QMap>
#include <QString>

#include <utility>

class QSqlDatabase;

namespace tokendesk {

class SqlDialect;

// Where a store lives: a SQLite file (a path) or a PostgreSQL database
// (postgresql://user@host:port/database[?sslmode=...&sslrootcert=...&application_name=...&connect_timeout=...]).
// The password is never part of the location: libpq reads it from PGPASSFILE / ~/.pgpass, so it does not end
// up in shell history, process lists, recent-store lists or logs.
class StoreLocation
{
    Q_DECLARE_TR_FUNCTIONS(StoreLocation)

public:
    static bool looksLikeUrl(const QString& text);
    // A path is taken as is (checked when opened); a URL is validated here.
    static Result<StoreLocation> parse(const QString& text);

    bool isPostgres() const { return m_postgres; }
    // The file path, or the URL as given (without a password: parse() refuses those).
    QString text() const { return m_text; }
    // "acme" for acme.tokendesk; "tokens on db.example:5432" for a database.
    QString displayName() const;
    const SqlDialect& dialect() const;
    // Host, port, user, database and connect options of a QPSQL connection. Each option is one
    // quoted key='value' pair; a remote host without sslmode gets sslmode=verify-full against the
    // system CAs.
    void configure(QSqlDatabase& db) const;
    // The connect options configure() sets (';'-separated, as QPSQL takes them).
    QString connectOptions() const { return m_options; }
    // The same connection as keyword/value pairs for libpq's PQconnectdbParams (the verify
    // readers): each value is passed whole, unquoted, so none can add another keyword either.
    using ConnectParameter = std::pair<QByteArray, QByteArray>;
    QList<ConnectParameter> connectParameters() const;
    // One literal conninfo value: 'value' with ' and \ escaped.
    static QString quoteConninfoValue(const QString& value);

private:
    QString m_text;
    bool m_postgres = false;
    QString m_host;
    int m_port = 5432;
    QString m_user;
    QString m_database;
    QString m_options;
    QMap<QString, QString> m_optionValues; // what m_options holds, unquoted
};

} // namespace tokendesk
