// SPDX-License-Identifier: GPL-3.0-or-later
// StoreLocation: a postgresql:// address's options reach libpq as literal values, so none can add
// another connection keyword (a smuggled host= would send the database login elsewhere), and a
// database across the network is reached over verified TLS unless the address says otherwise.
#include "models/backend/sql/StoreLocation.h"

#include "tests/support/PgCluster.h"
#include "tests/support/TestSupport.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrl>

#include <gtest/gtest.h>

#include <libpq-fe.h>
#include <map>
#include <memory>
#include <vector>

namespace tokendesk::test {
namespace {

using Conninfo = std::map<std::string, std::string>;

// What libpq itself makes of the connect options: parsed by PQconninfoParse, the parser
// PQconnectdb uses. QPSQL appends the options after host/port/user/dbname with every ';' turned
// into a blank, so that is what is parsed here.
Conninfo libpqView(const QString& connectOptions)
{
    QString text = connectOptions;
    text.replace(u';', u' ');
    char* error = nullptr;
    std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> options(
        PQconninfoParse(text.toUtf8().constData(), &error), &PQconninfoFree);
    if (!options) {
        ADD_FAILURE() << "libpq cannot parse " << text.toStdString() << ": " << (error ? error : "");
        PQfreemem(error);
        return {};
    }
    Conninfo set;
    for (const PQconninfoOption* o = options.get(); o->keyword; ++o) {
        if (o->val)
            set[o->keyword] = o->val;
    }
    return set;
}

StoreLocation parsed(const QString& url)
{
    auto location = StoreLocation::parse(url);
    EXPECT_TRUE(location.ok()) << url.toStdString() << ": "
                               << (location.ok() ? "" : location.error().message.toStdString());
    return location.ok() ? location.value() : StoreLocation{};
}

TEST(StoreLocationTest, SmuggledKeywordsStayInsideTheirValue)
{
    // Each value is what application_name must read, literally: encoded and not, with blanks,
    // quotes, backslashes and '='.
    const std::vector<std::pair<QString, std::string>> cases{
        {QStringLiteral("x%20host%3Devil.example"), "x host=evil.example"},
        {QStringLiteral("x%27%20host%3D%27evil"), "x' host='evil"},
        {QStringLiteral("x'host='evil'sslmode='disable"), "x'host='evil'sslmode='disable"},
        {QStringLiteral("back%5C%27%20host%3Devil"), "back\\' host=evil"},
        {QStringLiteral("trailing%5C"), "trailing\\"},
        {QStringLiteral("%22dq%22%20sslmode%3Ddisable"), "\"dq\" sslmode=disable"},
        {QStringLiteral("a=b=c"), "a=b=c"},
        {QString(), ""},
    };
    for (const auto& [value, literal] : cases) {
        const QString url =
            QStringLiteral("postgresql://app@127.0.0.1:5432/tokens?application_name=") + value;
        const Conninfo libpq = libpqView(parsed(url).connectOptions());
        SCOPED_TRACE(url.toStdString());
        EXPECT_EQ(libpq.count("host"), 0u) << "the options must not name a host";
        EXPECT_EQ(libpq.count("hostaddr"), 0u);
        EXPECT_EQ(libpq.count("port"), 0u);
        EXPECT_EQ(libpq.count("sslmode"), 0u) << "loopback keeps libpq's default";
        ASSERT_EQ(libpq.count("application_name"), 1u);
        EXPECT_EQ(libpq.at("application_name"), literal);
    }
}

TEST(StoreLocationTest, ValuesThatCannotPassLiterallyAreRefusedNamingTheOption)
{
    const std::vector<std::pair<QString, QString>> cases{
        // QPSQL turns ';' into a blank: it could not arrive as written.
        {QStringLiteral("application_name=x%3Bhost%3Devil"), QStringLiteral("application_name")},
        {QStringLiteral("application_name=x;host=evil"), QStringLiteral("application_name")},
        {QStringLiteral("application_name=x%0Ahost%3Devil"), QStringLiteral("application_name")},
        {QStringLiteral("sslmode=disable%20host%3Devil"), QStringLiteral("sslmode")},
        {QStringLiteral("sslmode=bogus"), QStringLiteral("sslmode")},
        {QStringLiteral("connect_timeout=5%20host%3Devil"), QStringLiteral("connect_timeout")},
        {QStringLiteral("sslrootcert=%2Fa%00b"), QStringLiteral("sslrootcert")},
        {QStringLiteral("host=evil.example"), QStringLiteral("host")},
        // Blanks must be percent-encoded in a URL; written raw, the address is refused whole.
        {QStringLiteral("application_name=x host=evil.example port=1"), QStringLiteral("application_name")},
        {QStringLiteral("application_name=a&application_name=b"), QStringLiteral("application_name")},
    };
    for (const auto& [query, option] : cases) {
        const QString url = QStringLiteral("postgresql://app@127.0.0.1:5432/tokens?") + query;
        const auto location = StoreLocation::parse(url);
        SCOPED_TRACE(url.toStdString());
        ASSERT_FALSE(location.ok());
        EXPECT_EQ(location.error().code, ErrorCode::InvalidInput);
        EXPECT_TRUE(location.error().message.contains(option)) << location.error().message.toStdString();
    }
}

TEST(StoreLocationTest, RemoteHostWithoutSslModeGetsVerifiedTlsAgainstTheSystemCas)
{
    Conninfo libpq =
        libpqView(parsed(QStringLiteral("postgresql://app@db.example.org/tokens")).connectOptions());
    EXPECT_EQ(libpq["sslmode"], "verify-full");
    EXPECT_EQ(libpq["sslrootcert"], "/etc/ssl/certs/ca-certificates.crt");
    EXPECT_EQ(libpq["connect_timeout"], "10");

    // An explicit sslmode is the operator's choice; an explicit CA file is kept.
    libpq = libpqView(
        parsed(QStringLiteral("postgresql://app@10.1.2.3/tokens?sslmode=require")).connectOptions());
    EXPECT_EQ(libpq["sslmode"], "require");
    EXPECT_EQ(libpq.count("sslrootcert"), 0u);
    libpq =
        libpqView(parsed(QStringLiteral(
                             "postgresql://app@db.example.org/tokens?sslrootcert=/etc/tokendesk/db%20ca.pem"))
                      .connectOptions());
    EXPECT_EQ(libpq["sslmode"], "verify-full");
    EXPECT_EQ(libpq["sslrootcert"], "/etc/tokendesk/db ca.pem");

    // Loopback keeps libpq's default: 127.0.0.0/8, ::1 and localhost.
    for (const char* host : {"127.0.0.1", "127.3.4.5", "[::1]", "localhost"}) {
        SCOPED_TRACE(host);
        libpq = libpqView(
            parsed(QStringLiteral("postgresql://app@%1/tokens").arg(QLatin1String(host))).connectOptions());
        EXPECT_EQ(libpq.count("sslmode"), 0u);
        EXPECT_EQ(libpq.count("sslrootcert"), 0u);
    }
}

TEST(StoreLocationTest, ConfiguredConnectionNamesExactlyOneHost)
{
    const StoreLocation location = parsed(QStringLiteral(
        "postgresql://app@127.0.0.1:5432/tokens?application_name=x%20host%3D192.0.2.1%20port%3D1"));
    {
        QSqlDatabase db =
            QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), QStringLiteral("store-location-test"));
        location.configure(db);
        EXPECT_EQ(db.hostName(), QStringLiteral("127.0.0.1"));
        EXPECT_EQ(db.port(), 5432);
        const Conninfo libpq = libpqView(db.connectOptions());
        EXPECT_EQ(libpq.count("host"), 0u);
        EXPECT_EQ(libpq.count("port"), 0u);
    }
    QSqlDatabase::removeDatabase(QStringLiteral("store-location-test"));
}

// End to end on a real server: before quoting, the smuggled "port=1" made libpq connect to a port
// nothing listens on; now the connection reaches the real cluster and the value arrives whole.
TEST(StoreLocationTest, SmuggledHostIsNotContacted)
{
    if (const QString why = PgCluster::unavailableReason(); !why.isEmpty())
        GTEST_SKIP() << why.toStdString();
    const QString url = freshPostgresDatabase();
    ASSERT_FALSE(url.isEmpty());
    const QString smuggled = QStringLiteral("x host=192.0.2.1 port=1 sslmode=require");
    const StoreLocation location = parsed(url + QStringLiteral("?application_name=") +
                                          QString::fromLatin1(QUrl::toPercentEncoding(smuggled)));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), QStringLiteral("smuggle-test"));
        location.configure(db);
        ASSERT_TRUE(db.open()) << db.lastError().text().toStdString();
        QSqlQuery query(db);
        ASSERT_TRUE(query.exec(QStringLiteral("SHOW application_name")) && query.next());
        EXPECT_EQ(query.value(0).toString(), smuggled);
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("smuggle-test"));
}

// The verify readers' libpq connections take the same location as keyword/value pairs: one host,
// one port, and a smuggled value arrives whole on the real cluster.
TEST(StoreLocationTest, ConnectParametersNameOneHostAndKeepEachValueWhole)
{
    if (const QString why = PgCluster::unavailableReason(); !why.isEmpty())
        GTEST_SKIP() << why.toStdString();
    const QString url = freshPostgresDatabase();
    ASSERT_FALSE(url.isEmpty());
    const QString smuggled = QStringLiteral("x' host='192.0.2.1' port=1 sslmode=require");
    const StoreLocation location = parsed(url + QStringLiteral("?application_name=") +
                                          QString::fromLatin1(QUrl::toPercentEncoding(smuggled)));
    std::vector<const char*> keywords;
    std::vector<const char*> values;
    std::map<std::string, int> seen;
    const auto parameters = location.connectParameters();
    for (const auto& [keyword, value] : parameters) {
        keywords.push_back(keyword.constData());
        values.push_back(value.constData());
        ++seen[keyword.toStdString()];
    }
    EXPECT_EQ(seen["host"], 1);
    EXPECT_EQ(seen["port"], 1);
    EXPECT_EQ(seen.count("sslmode"), 0u) << "loopback keeps libpq's default";
    keywords.push_back(nullptr);
    values.push_back(nullptr);
    std::unique_ptr<PGconn, decltype(&PQfinish)> connection(
        PQconnectdbParams(keywords.data(), values.data(), 0), &PQfinish);
    ASSERT_EQ(PQstatus(connection.get()), CONNECTION_OK) << PQerrorMessage(connection.get());
    EXPECT_EQ(QString::fromUtf8(PQparameterStatus(connection.get(), "application_name")), smuggled);
}

} // namespace
} // namespace tokendesk::test
