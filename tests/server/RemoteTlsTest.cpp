// SPDX-License-Identifier: GPL-3.0-or-later
// The console's connection to a server never carries the admin token in clear and never to a
// server other than the one the user accepted: no scheme means https, http:// only to loopback,
// and a pinned certificate is enforced even when a CA vouches for another one. Against the real
// tokendesk-server executable with TLS, with a test CA made by the openssl CLI.
#include "models/backend/sql/SqlBackend.h"
#include "models/remote/RemoteBackend.h"
#include "tests/support/LiveServer.h"
#include "tests/support/TestSupport.h"

#include <QCryptographicHash>
#include <QFile>
#include <QProcess>
#include <QSslCertificate>

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;

namespace tokendesk::test {
namespace {

bool openssl(const QStringList& arguments, const QString& workingDirectory)
{
    QProcess process;
    process.setWorkingDirectory(workingDirectory);
    process.start(u"openssl"_s, arguments);
    if (!process.waitForFinished(30000) || process.exitCode() != 0) {
        ADD_FAILURE() << "openssl " << arguments.join(u' ').toStdString() << ": "
                      << process.readAllStandardError().toStdString();
        return false;
    }
    return true;
}

QSslCertificate certificateIn(const QString& path)
{
    QFile file(path);
    EXPECT_TRUE(file.open(QIODevice::ReadOnly)) << path.toStdString();
    return QSslCertificate(file.readAll(), QSsl::Pem);
}

class RemoteTlsTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        const QString d = m_dir.path();
        // A test CA and a leaf for 127.0.0.1 signed by it; and an unrelated self-signed one.
        ASSERT_TRUE(
            openssl({u"req"_s, u"-x509"_s, u"-newkey"_s, u"ec"_s, u"-pkeyopt"_s,
                     u"ec_paramgen_curve:prime256v1"_s, u"-nodes"_s, u"-subj"_s, u"/CN=TokenDesk Test CA"_s,
                     u"-days"_s, u"2"_s, u"-keyout"_s, u"ca.key"_s, u"-out"_s, u"ca.pem"_s},
                    d));
        ASSERT_TRUE(openssl({u"req"_s, u"-newkey"_s, u"ec"_s, u"-pkeyopt"_s,
                             u"ec_paramgen_curve:prime256v1"_s, u"-nodes"_s, u"-subj"_s, u"/CN=127.0.0.1"_s,
                             u"-keyout"_s, u"leaf.key"_s, u"-out"_s, u"leaf.csr"_s},
                            d));
        QFile ext(m_dir.file(u"leaf.ext"_s));
        ASSERT_TRUE(ext.open(QIODevice::WriteOnly));
        ext.write("subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n");
        ext.close();
        ASSERT_TRUE(openssl({u"x509"_s, u"-req"_s, u"-in"_s, u"leaf.csr"_s, u"-CA"_s, u"ca.pem"_s,
                             u"-CAkey"_s, u"ca.key"_s, u"-CAcreateserial"_s, u"-days"_s, u"2"_s,
                             u"-extfile"_s, u"leaf.ext"_s, u"-out"_s, u"leaf.pem"_s},
                            d));
        ASSERT_TRUE(openssl({u"req"_s, u"-x509"_s, u"-newkey"_s, u"ec"_s, u"-pkeyopt"_s,
                             u"ec_paramgen_curve:prime256v1"_s, u"-nodes"_s, u"-subj"_s, u"/CN=other"_s,
                             u"-days"_s, u"2"_s, u"-keyout"_s, u"other.key"_s, u"-out"_s, u"other.pem"_s},
                            d));
        m_ca = certificateIn(m_dir.file(u"ca.pem"_s));
        m_leaf = certificateIn(m_dir.file(u"leaf.pem"_s));
        m_other = certificateIn(m_dir.file(u"other.pem"_s));
        ASSERT_FALSE(m_ca.isNull() || m_leaf.isNull() || m_other.isNull());

        const QString store = m_dir.file(u"served.tokendesk"_s);
        auto backend = awaitOk(SqlBackend::create(store, StoreCreateOptions{u"alice"_s, 10}));
        m_admin = awaitOk(backend->generate({u"console"_s, Role::Admin, {}}));
        backend.reset();
        m_server = std::make_unique<ServerProcess>(QStringList{u"--store"_s, store, u"--tls-cert"_s,
                                                               m_dir.file(u"leaf.pem"_s), u"--tls-key"_s,
                                                               m_dir.file(u"leaf.key"_s)});
        ASSERT_TRUE(m_server->started()) << qPrintable(m_server->output());
        ASSERT_EQ(m_server->url().scheme(), u"https"_s);
    }

    RemoteOptions options(const QByteArray& pin = {}, bool trustTestCa = true) const
    {
        RemoteOptions o;
        o.server = m_server->url();
        o.token = m_admin.secret;
        o.http.pinnedSha256 = pin;
        if (trustTestCa)
            o.http.extraCaCertificates = {m_ca};
        return o;
    }

    TempDir m_dir;
    QSslCertificate m_ca, m_leaf, m_other;
    GeneratedToken m_admin;
    std::unique_ptr<ServerProcess> m_server;
};

TEST(RemoteAddressTest, AnAddressWithoutSchemeMeansHttps)
{
    for (const auto& [typed, expected] : std::initializer_list<std::pair<const char*, const char*>>{
             {"tokens.example.com:8443", "https://tokens.example.com:8443"},
             {"  tokens.example.com  ", "https://tokens.example.com"},
             {"localhost:8080", "https://localhost:8080"},
             {"127.0.0.1:8080", "https://127.0.0.1:8080"},
             {"HTTPS://Tokens.Example.com/", "https://tokens.example.com"},
             {"http://127.0.0.1:8080", "http://127.0.0.1:8080"},
             {"http://127.9.8.7:1", "http://127.9.8.7:1"},
             {"http://[::1]:8080", "http://[::1]:8080"},
             {"http://localhost:8080", "http://localhost:8080"}}) {
        const auto parsed = RemoteBackend::parseServerUrl(QString::fromLatin1(typed));
        ASSERT_TRUE(parsed.ok()) << typed << ": " << qPrintable(parsed.error().toString());
        EXPECT_EQ(parsed->toString(), QString::fromLatin1(expected)) << typed;
    }
}

TEST(RemoteAddressTest, HttpToAnotherHostIsRefusedBeforeAnyConnection)
{
    for (const char* typed : {"http://tokens.example.com", "http://10.0.0.7:8080", "http://[2001:db8::1]:80",
                              "http://128.0.0.1", "http://localhost.example.com"}) {
        const auto parsed = RemoteBackend::parseServerUrl(QString::fromLatin1(typed));
        ASSERT_FALSE(parsed.ok()) << typed;
        EXPECT_EQ(parsed.code(), ErrorCode::InvalidInput) << typed;
        EXPECT_TRUE(parsed.error().message.contains(u"https://"_s)) << qPrintable(parsed.error().message);
    }
    // A programmatic caller (the CLI, a script) cannot bypass the dialog: RemoteBackend refuses
    // too. INVALID_INPUT, not STORE_UNAVAILABLE: no connection was even tried (192.0.2.1 is a
    // documentation address that nothing answers).
    RemoteOptions options;
    options.server = QUrl(u"http://192.0.2.1:9"_s);
    options.token = Secret::fromString(u"tdk_not-sent"_s);
    const auto connected = await(RemoteBackend::connect(options));
    ASSERT_FALSE(connected.ok());
    EXPECT_EQ(connected.code(), ErrorCode::InvalidInput);
    EXPECT_TRUE(connected.error().message.contains(u"in clear"_s)) << qPrintable(connected.error().message);
    const auto verified = await(RemoteBackend(options).verify(Secret::fromString(u"tdk_x"_s)));
    EXPECT_EQ(verified.code(), ErrorCode::InvalidInput);
    EXPECT_EQ(await(RemoteBackend::serverCertificate(options.server)).code(), ErrorCode::InvalidInput);
    options.server = QUrl(u"ftp://127.0.0.1:9"_s);
    EXPECT_EQ(await(RemoteBackend::connect(options)).code(), ErrorCode::InvalidInput);
}

TEST_F(RemoteTlsTest, ACaVouchingForTheServerIsEnoughWithoutAPin)
{
    auto connected = awaitOk(RemoteBackend::connect(options()));
    EXPECT_EQ(connected->actor(), u"alice"_s);
    const ServerCertificate seen = awaitOk(RemoteBackend::serverCertificate(m_server->url(), options().http));
    EXPECT_TRUE(seen.trustedByCa);
    EXPECT_EQ(seen.certificate, m_leaf);
    // Without the test CA nobody vouches for it: refused, and reported as untrusted.
    EXPECT_EQ(await(RemoteBackend::connect(options({}, false))).code(), ErrorCode::StoreUnavailable);
    EXPECT_FALSE(awaitOk(RemoteBackend::serverCertificate(m_server->url())).trustedByCa);
}

TEST_F(RemoteTlsTest, APinIsEnforcedEvenWhenACaVouchesForAnotherCertificate)
{
    // The CA vouches for the leaf, but the user pinned another certificate: refused.
    const auto refused = await(RemoteBackend::connect(options(m_other.digest(QCryptographicHash::Sha256))));
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.code(), ErrorCode::StoreUnavailable);
    const QString presented =
        QString::fromLatin1(m_leaf.digest(QCryptographicHash::Sha256).toHex(':').toUpper());
    EXPECT_TRUE(refused.error().message.contains(presented)) << qPrintable(refused.error().message);
    EXPECT_TRUE(refused.error().message.contains(u"not the one you accepted"_s))
        << qPrintable(refused.error().message);
    // Also for a request that is not the first on the backend.
    RemoteBackend pinnedElsewhere(options(m_other.digest(QCryptographicHash::Sha256)));
    EXPECT_EQ(await(pinnedElsewhere.verify(m_admin.secret)).code(), ErrorCode::StoreUnavailable);

    // The pin of the certificate actually served: accepted, with or without the CA.
    EXPECT_EQ(awaitOk(RemoteBackend::connect(options(m_leaf.digest(QCryptographicHash::Sha256))))->actor(),
              u"alice"_s);
    EXPECT_EQ(
        awaitOk(RemoteBackend::connect(options(m_leaf.digest(QCryptographicHash::Sha256), false)))->actor(),
        u"alice"_s);
}

} // namespace
} // namespace tokendesk::test
