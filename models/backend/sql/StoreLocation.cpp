// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/backend/sql/StoreLocation.h"

#include "models/backend/sql/SqlDialect.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QUrl>
#include <QUrlQuery>

namespace tokendesk {

namespace {

// libpq options a URL may carry (the rest would be ignored or unsafe to take from a URL).
const QStringList kAllowedOptions{QStringLiteral("sslmode"), QStringLiteral("sslrootcert"),
                                  QStringLiteral("application_name"), QStringLiteral("connect_timeout")};

} // namespace

bool StoreLocation::looksLikeUrl(const QString& text)
{
    return text.startsWith(QLatin1String("postgresql://")) || text.startsWith(QLatin1String("postgres://"));
}

Result<StoreLocation> StoreLocation::parse(const QString& text)
{
    StoreLocation location;
    location.m_text = text;
    if (!looksLikeUrl(text)) {
        if (text.isEmpty())
            return makeError(ErrorCode::InvalidInput, tr("No store given."));
        return location;
    }
    const QUrl url(text, QUrl::StrictMode);
    auto invalid = [&](const QString& why) {
        return makeError(
            ErrorCode::InvalidInput,
            tr("%1 is not a usable database address: %2 Expected postgresql://user@host:port/database.")
                .arg(url.toDisplayString(QUrl::RemovePassword), why));
    };
    if (!url.isValid())
        return invalid(url.errorString() + QLatin1Char('.'));
    if (!url.password().isEmpty())
        return invalid(tr("it holds a password. Put the password in PGPASSFILE (~/.pgpass) instead; a URL "
                          "ends up in shell history and process lists."));
    if (url.host().isEmpty())
        return invalid(tr("it names no host."));
    const QString database = url.path().mid(1);
    if (database.isEmpty() || database.contains(u'/'))
        return invalid(tr("it names no database."));
    location.m_postgres = true;
    location.m_host = url.host();
    location.m_port = url.port(5432);
    location.m_user = url.userName();
    location.m_database = database;
    QStringList options{QStringLiteral("connect_timeout=10")};
    for (const auto& [key, value] : QUrlQuery(url).queryItems(QUrl::FullyDecoded)) {
        if (!kAllowedOptions.contains(key))
            return invalid(tr("the option '%1' is not supported.").arg(key));
        if (key != QLatin1String("connect_timeout"))
            options.append(key + QLatin1Char('=') + value);
    }
    location.m_options = options.join(u';');
    return location;
}

QString StoreLocation::displayName() const
{
    if (!m_postgres)
        return QFileInfo(m_text).completeBaseName();
    return tr("%1 on %2:%3").arg(m_database, m_host).arg(m_port);
}

const SqlDialect& StoreLocation::dialect() const
{
    return m_postgres ? SqlDialect::postgres() : SqlDialect::sqlite();
}

void StoreLocation::configure(QSqlDatabase& db) const
{
    db.setHostName(m_host);
    db.setPort(m_port);
    if (!m_user.isEmpty())
        db.setUserName(m_user);
    db.setDatabaseName(m_database);
    db.setConnectOptions(m_options);
}

} // namespace tokendesk
