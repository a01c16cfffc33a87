// SPDX-License-Identifier: GPL-3.0-or-later
// The transport of the real tokendesk-server: one instance per port, plain HTTP refused off
// loopback, and the whole TLS chain served.
#include "models/backend/sql/SqlBackend.h"
#include "tests/support/LiveServer.h"
#include "tests/support/TestSupport.h"

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSslSocket>
#include <QTcpSocket>
#include <QThread>

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;

namespace tokendesk::test {
namespace {

struct ServerRun
{
    int exitCode = -1;
    QString err;
};

// Runs tokendesk-server to its end (it must not start serving).
ServerRun runServer(const QStringList& arguments)
{
    QProcess process;
    process.start(QStringLiteral(TOKENDESK_SERVER_PATH), arguments);
    if (!process.waitForFinished(15000)) {
        process.kill();
        process.waitForFinished();
        return {-1, u"still running"_s};
    }
    return {process.exitCode(), QString::fromUtf8(process.readAllStandardError())};
}

// One keep-alive health request on `socket`; true when it answered 200.
bool healthy(QTcpSocket& socket)
{
    socket.write("GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    QByteArray answer;
    while (!answer.contains("\r\n\r\n") && socket.waitForReadyRead(5000))
        answer += socket.readAll();
    return answer.startsWith("HTTP/1.1 200");
}

class ServerTransportTest : public ::testing::Test
{
protected:
    void SetUp() override { awaitOk(SqlBackend::create(m_store, StoreCreateOptions{u"alice"_s, 10})); }
    TempDir m_dir;
    QString m_store = m_dir.file(u"served.tokendesk"_s);
};

TEST_F(ServerTransportTest, ASecondServerOnAPortAlreadyServedFailsClearly)
{
    ServerProcess first({u"--store"_s, m_store, u"--workers"_s, u"2"_s});
    ASSERT_TRUE(first.started()) << qPrintable(first.output());
    const QString address = u"127.0.0.1:%1"_s.arg(first.url().port());

    const ServerRun second = runServer({u"--store"_s, m_store, u"--listen"_s, address});
    EXPECT_NE(second.exitCode, 0);
    EXPECT_EQ(second.err.trimmed().count(u'\n'), 0) << "one line: " << qPrintable(second.err);
    EXPECT_TRUE(second.err.contains(address)) << qPrintable(second.err);
    EXPECT_EQ(first.stop(), 0) << "the first server kept serving: " << qPrintable(first.output());
}

TEST_F(ServerTransportTest, ReusePortIsAnExplicitChoiceOfBothServers)
{
    ServerProcess first({u"--store"_s, m_store, u"--reuse-port"_s});
    ASSERT_TRUE(first.started()) << qPrintable(first.output());
    ServerProcess second(
        {u"--store"_s, m_store, u"--reuse-port"_s, u"--listen"_s, u"127.0.0.1:%1"_s.arg(first.url().port())});
    EXPECT_TRUE(second.started()) << qPrintable(second.output());
}

TEST_F(ServerTransportTest, OverTheConnectionCapANewConnectionIsClosedAtOnce)
{
    ServerProcess server({u"--store"_s, m_store, u"--max-connections"_s, u"2"_s});
    ASSERT_TRUE(server.started()) << qPrintable(server.output());
    const auto port = quint16(server.url().port());
    QTcpSocket first;
    QTcpSocket second;
    for (QTcpSocket* socket : {&first, &second}) {
        socket->connectToHost(u"127.0.0.1"_s, port);
        ASSERT_TRUE(socket->waitForConnected(5000));
        ASSERT_TRUE(healthy(*socket)); // accepted and counted
    }
    QTcpSocket third;
    third.connectToHost(u"127.0.0.1"_s, port);
    ASSERT_TRUE(third.waitForConnected(5000));
    QElapsedTimer clock;
    clock.start();
    EXPECT_TRUE(third.state() == QAbstractSocket::UnconnectedState || third.waitForDisconnected(5000))
        << "the third connection was not closed";
    EXPECT_LT(clock.elapsed(), 5000);
    EXPECT_TRUE(healthy(first)) << "connections under the cap keep working";

    first.disconnectFromHost();
    second.disconnectFromHost();
    bool servedAgain = false;
    for (int attempt = 0; attempt < 50 && !servedAgain; ++attempt) { // the server sees the closes soon
        QTcpSocket later;
        later.connectToHost(u"127.0.0.1"_s, port);
        servedAgain = later.waitForConnected(5000) && healthy(later);
        if (!servedAgain)
            QThread::msleep(100);
    }
    EXPECT_TRUE(servedAgain) << "closed connections no longer count";
}

TEST_F(ServerTransportTest, ASilentConnectionIsClosedAfterTheIdleTimeout)
{
    ServerProcess server({u"--store"_s, m_store, u"--idle-timeout"_s, u"1"_s});
    ASSERT_TRUE(server.started()) << qPrintable(server.output());
    QTcpSocket silent;
    silent.connectToHost(u"127.0.0.1"_s, quint16(server.url().port()));
    ASSERT_TRUE(silent.waitForConnected(5000));
    EXPECT_TRUE(silent.waitForDisconnected(10000)) << "a client that sends nothing is let go";

    QTcpSocket keptAlive;
    keptAlive.connectToHost(u"127.0.0.1"_s, quint16(server.url().port()));
    ASSERT_TRUE(keptAlive.waitForConnected(5000));
    EXPECT_TRUE(healthy(keptAlive));
    EXPECT_TRUE(keptAlive.waitForDisconnected(10000)) << "and so is an idle keep-alive connection";
}

TEST(ServerOptionsLimitsTest, BadLimitsAreOneLineErrorsWithExitCode2)
{
    TempDir dir;
    for (const QStringList& bad :
         {QStringList{u"--max-connections"_s, u"0"_s}, QStringList{u"--idle-timeout"_s, u"soon"_s}}) {
        const ServerRun run = runServer(QStringList{u"--store"_s, dir.file(u"x"_s)} + bad);
        EXPECT_EQ(run.exitCode, 2) << qPrintable(run.err);
        const QString reason = run.err.section(u'\n', 0, 0); // the usage text follows
        EXPECT_TRUE(reason.startsWith(u"error: "_s) && reason.contains(bad.first())) << qPrintable(reason);
    }
}

// 192.0.2.1 (TEST-NET-1) is on no interface here: nothing ever listens beyond loopback.
TEST_F(ServerTransportTest, PlainHttpOffLoopbackNeedsInsecureHttpAndThenWarns)
{
    const ServerRun refused = runServer({u"--store"_s, m_store, u"--listen"_s, u"192.0.2.1:0"_s});
    EXPECT_EQ(refused.exitCode, 2);
    const QString reason = refused.err.section(u'\n', 0, 0); // the usage text follows
    EXPECT_TRUE(reason.contains(u"--insecure-http"_s) && reason.contains(u"192.0.2.1"_s))
        << qPrintable(reason);

    const ServerRun warned =
        runServer({u"--store"_s, m_store, u"--listen"_s, u"192.0.2.1:0"_s, u"--insecure-http"_s});
    EXPECT_TRUE(warned.err.contains(u"warning: serving plain HTTP on 192.0.2.1"_s)) << qPrintable(warned.err);
    EXPECT_EQ(warned.exitCode, 1) << "the address is not on this machine: " << qPrintable(warned.err);

    ServerProcess loopback({u"--store"_s, m_store});
    ASSERT_TRUE(loopback.started()) << qPrintable(loopback.output());
    EXPECT_FALSE(loopback.output().contains(u"warning"_s)) << qPrintable(loopback.output());
}

TEST_F(ServerTransportTest, TlsServesTheIntermediatesOfTheCertificateFile)
{
    auto openssl = [](const QStringList& arguments) {
        QProcess process;
        process.start(u"openssl"_s, arguments);
        EXPECT_TRUE(process.waitForFinished(30000));
        EXPECT_EQ(process.exitCode(), 0) << process.readAllStandardError().toStdString();
    };
    const QString ca = m_dir.file(u"ca"_s);
    const QString mid = m_dir.file(u"intermediate"_s);
    const QString leaf = m_dir.file(u"leaf"_s);
    const QString caExt = m_dir.file(u"ca.ext"_s);
    const QString leafExt = m_dir.file(u"leaf.ext"_s);
    {
        QFile f(caExt);
        ASSERT_TRUE(f.open(QIODevice::WriteOnly));
        f.write("basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n");
        QFile g(leafExt);
        ASSERT_TRUE(g.open(QIODevice::WriteOnly));
        g.write("basicConstraints=CA:FALSE\nsubjectAltName=DNS:localhost,IP:127.0.0.1\n");
    }
    const QStringList ec{u"-newkey"_s, u"ec"_s, u"-pkeyopt"_s, u"ec_paramgen_curve:prime256v1"_s,
                         u"-nodes"_s};
    openssl(QStringList{u"req"_s, u"-x509"_s} + ec +
            QStringList{u"-subj"_s, u"/CN=TokenDesk Test Root"_s, u"-days"_s, u"2"_s, u"-keyout"_s,
                        ca + u".key"_s, u"-out"_s, ca + u".pem"_s});
    openssl(QStringList{u"req"_s} + ec +
            QStringList{u"-subj"_s, u"/CN=TokenDesk Test Intermediate"_s, u"-keyout"_s, mid + u".key"_s,
                        u"-out"_s, mid + u".csr"_s});
    openssl({u"x509"_s, u"-req"_s, u"-in"_s, mid + u".csr"_s, u"-CA"_s, ca + u".pem"_s, u"-CAkey"_s,
             ca + u".key"_s, u"-CAcreateserial"_s, u"-days"_s, u"2"_s, u"-extfile"_s, caExt, u"-out"_s,
             mid + u".pem"_s});
    openssl(QStringList{u"req"_s} + ec +
            QStringList{u"-subj"_s, u"/CN=localhost"_s, u"-keyout"_s, leaf + u".key"_s, u"-out"_s,
                        leaf + u".csr"_s});
    openssl({u"x509"_s, u"-req"_s, u"-in"_s, leaf + u".csr"_s, u"-CA"_s, mid + u".pem"_s, u"-CAkey"_s,
             mid + u".key"_s, u"-CAcreateserial"_s, u"-days"_s, u"2"_s, u"-extfile"_s, leafExt, u"-out"_s,
             leaf + u".pem"_s});
    QByteArray chain;
    for (const QString& part : {leaf, mid}) {
        QFile pem(part + u".pem"_s);
        ASSERT_TRUE(pem.open(QIODevice::ReadOnly));
        chain += pem.readAll();
    }
    const QString chainFile = m_dir.file(u"chain.pem"_s);
    {
        QFile out(chainFile);
        ASSERT_TRUE(out.open(QIODevice::WriteOnly));
        out.write(chain);
    }

    ServerProcess server(
        {u"--store"_s, m_store, u"--tls-cert"_s, chainFile, u"--tls-key"_s, leaf + u".key"_s});
    ASSERT_TRUE(server.started()) << qPrintable(server.output());
    QSslSocket client;
    client.setPeerVerifyMode(QSslSocket::QueryPeer); // the chain is what is under test, not trust
    client.connectToHostEncrypted(u"127.0.0.1"_s, quint16(server.url().port()));
    ASSERT_TRUE(client.waitForEncrypted(10000)) << qPrintable(client.errorString());
    const QList<QSslCertificate> received = client.peerCertificateChain();
    ASSERT_GE(received.size(), 2);
    EXPECT_EQ(received.at(0).subjectInfo(QSslCertificate::CommonName).value(0), u"localhost"_s);
    EXPECT_EQ(received.at(1).subjectInfo(QSslCertificate::CommonName).value(0),
              u"TokenDesk Test Intermediate"_s);
}

} // namespace
} // namespace tokendesk::test
