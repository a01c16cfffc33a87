// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/backend/sql/StoreLocation.h"

#include "models/backend/sql/SqlDialect.h"
#include "models/core/Formatting.h"
#include "models/core/UrlHost.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QHostAddress>
#include <QMap>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QUrl>
#include <QUrlQuery>

#include <algorithm>

namespace tokendesk {

namespace {

// libpq options a URL may carry (the rest would be ignored or unsafe to take from a URL).
const QStringList kAllowedOptions{QStringLiteral("sslmode"), QStringLiteral("sslrootcert"),
                                  QStringLiteral("application_name"), QStringLiteral("connect_timeout")};
const QStringList kSslModes{QStringLiteral("disable"),   QStringLiteral("allow"),
                            QStringLiteral("prefer"),    QStringLiteral("require"),
                            QStringLiteral("verify-ca"), QStringLiteral("verify-full")};
// libpq 15 has no sslrootcert=system, so the system bundle is named explicitly (Debian's path).
const QString kSystemCaBundle = QStringLiteral("/etc/ssl/certs/ca-certificates.crt");

bool isLoopbackHost(const QString& host)
{
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0 || host.startsWith(u'/'))
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

// The address as an error message may show it: "user:password@" becomes "user@", even when the
// rest of the address is too broken for QUrl to take apart.
QString withoutPassword(const QString& text)
{
    static const QRegularExpression password(QStringLiteral("^([^:/?#]+://[^/?#@:]*):[^/?#]*@"));
    QString shown = text;
    return shown.replace(password, QStringLiteral("\\1@"));
}

// C0 and C1 controls, line separators and the explicit direction controls.
bool hasControlCharacters(const QString& text)
{
    return std::any_of(text.cbegin(), text.cend(), [](QChar c) {
        const char16_t u = c.unicode();
        return c.category() == QChar::Other_Control || c.category() == QChar::Separator_Line ||
               c.category() == QChar::Separator_Paragraph || u == 0x061C || u == 0x200E || u == 0x200F ||
               (u >= 0x202A && u <= 0x202E) || (u >= 0x2066 && u <= 0x2069);
    });
}

} // namespace

QString StoreLocation::quoteConninfoValue(const QString& value)
{
    // libpq's conninfo rules: a value in single quotes, with ' and \ escaped by a backslash, is
    // one literal value whatever it contains (blanks and '=' included).
    QString quoted = value;
    quoted.replace(u'\\', QLatin1String("\\\\"));
    quoted.replace(u'\'', QLatin1String("\\'"));
    return u'\'' + quoted + u'\'';
}

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
        // The file would be opened by the path up to the NUL: another file than the one named.
        if (text.contains(QChar(0)))
            return makeError(ErrorCode::InvalidInput, tr("A store path cannot contain a NUL character."));
        return location;
    }
    const QUrl url(text, QUrl::StrictMode);
    auto invalid = [&](const QString& why) {
        return makeError(
            ErrorCode::InvalidInput,
            tr("%1 is not a usable database address: %2 Expected postgresql://user@host:port/database.")
                .arg(Formatting::quotedInput(withoutPassword(text)), why));
    };
    // QUrl's own error text quotes the whole address, password included: only its reason is kept.
    if (!url.isValid())
        return invalid(
            Formatting::quotedInput(url.errorString().section(QLatin1String("; source was"), 0, 0), 200) +
            QLatin1Char('.'));
    if (url.port() == 0)
        return invalid(tr("port 0 is no port; give one from 1 to 65535, or none for 5432."));
    if (!url.password().isEmpty())
        return invalid(tr("it holds a password. Put the password in PGPASSFILE (~/.pgpass) instead; a URL "
                          "ends up in shell history and process lists."));
    if (url.host().isEmpty())
        return invalid(tr("it names no host."));
    if (!UrlHost::readsAsTyped(text, url))
        return invalid(tr("the host '%1' is neither a host name nor an address.")
                           .arg(Formatting::quotedInput(UrlHost::typed(text))));
    if (url.hasFragment())
        return invalid(tr("it has a #fragment, which a database address does not take."));
    // They reach libpq and every log line and title that names the store.
    if (hasControlCharacters(url.userName()) || hasControlCharacters(url.path()))
        return invalid(tr("its user or database name holds control or text-direction characters."));
    const QString database = url.path().mid(1);
    if (database.isEmpty() || database.contains(u'/'))
        return invalid(tr("it names no database."));
    location.m_postgres = true;
    location.m_host = url.host();
    location.m_port = url.port(5432);
    location.m_user = url.userName();
    location.m_database = database;
    QMap<QString, QString> given;
    for (const auto& [key, value] : QUrlQuery(url).queryItems(QUrl::FullyDecoded)) {
        if (!kAllowedOptions.contains(key))
            return invalid(tr("the option '%1' is not supported.").arg(Formatting::quotedInput(key)));
        if (given.contains(key))
            return invalid(tr("the option '%1' is given twice.").arg(key));
        // QPSQL turns every ';' of the connect options into a blank, and control characters have
        // no business in these values: refused rather than passed altered. Everything else is
        // quoted below, so no value can add another connection keyword (host=, sslmode=...).
        const bool unsafe = value.contains(u';') || hasControlCharacters(value);
        if (unsafe)
            return invalid(
                tr("the value of the option '%1' must not contain ';' or control characters.").arg(key));
        if (key == QLatin1String("sslmode") && !kSslModes.contains(value))
            return invalid(
                tr("the option 'sslmode' must be one of %1.").arg(kSslModes.join(QLatin1String(", "))));
        static const QRegularExpression digits(QStringLiteral("^[0-9]{1,4}$"));
        const int seconds = digits.match(value).hasMatch() ? value.toInt() : 0;
        if (key == QLatin1String("connect_timeout") && (seconds < 1 || seconds > 3600))
            return invalid(tr("the option 'connect_timeout' must be a number of seconds from 1 to 3600."));
        given.insert(key, value);
    }
    if (!given.contains(QStringLiteral("connect_timeout")))
        given.insert(QStringLiteral("connect_timeout"), QStringLiteral("10"));
    // libpq's default (prefer) silently falls back to clear text and accepts any certificate: a
    // database across the network gets a verified TLS connection unless the address says otherwise.
    if (!given.contains(QStringLiteral("sslmode")) && !isLoopbackHost(location.m_host)) {
        given.insert(QStringLiteral("sslmode"), QStringLiteral("verify-full"));
        if (!given.contains(QStringLiteral("sslrootcert")))
            given.insert(QStringLiteral("sslrootcert"), kSystemCaBundle);
    }
    QStringList options;
    for (auto it = given.cbegin(); it != given.cend(); ++it)
        options.append(it.key() + QLatin1Char('=') + quoteConninfoValue(it.value()));
    location.m_options = options.join(u';');
    location.m_optionValues = given;
    return location;
}

QString StoreLocation::displayName() const
{
    if (!m_postgres)
        return Formatting::quotedInput(QFileInfo(m_text).completeBaseName()); // titles and messages show it
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

QList<StoreLocation::ConnectParameter> StoreLocation::connectParameters() const
{
    QList<ConnectParameter> parameters{
        {"host", m_host.toUtf8()}, {"port", QByteArray::number(m_port)}, {"dbname", m_database.toUtf8()}};
    if (!m_user.isEmpty())
        parameters.append({"user", m_user.toUtf8()});
    for (auto it = m_optionValues.cbegin(); it != m_optionValues.cend(); ++it)
        parameters.append({it.key().toUtf8(), it.value().toUtf8()});
    return parameters;
}

} // namespace tokendesk
