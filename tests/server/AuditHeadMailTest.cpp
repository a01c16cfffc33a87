// SPDX-License-Identifier: GPL-3.0-or-later
// tokendesk-server mails every admin the signed head of the audit log (issue 14): once at start
// when the last one is older than the interval, then every interval; the signature is made with
// a key beside the server, checked by tokendesk-cli audit --verify --signed-head.
#include "models/backend/sql/SqlBackend.h"
#include "models/crypto/Crypto.h"
#include "models/notices/AuditHeadNotifier.h"
#include "models/notices/SignedAuditHead.h"
#include "tests/support/CliProcess.h"
#include "tests/support/LiveServer.h"
#include "tests/support/LocalSmtpServer.h"
#include "tests/support/TestSupport.h"

#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTest>

#include <gtest/gtest.h>

namespace tokendesk::test {
namespace {

class AuditHeadMailTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        if (const QString why = LocalSmtpServer::unavailableReason(); !why.isEmpty())
            GTEST_SKIP() << why.toStdString();
        auto store = awaitOk(SqlBackend::create(storePath(), StoreCreateOptions{QStringLiteral("alice"), 5}));
        awaitOk(store->addUser({QStringLiteral("bob@partner.example"), true, true}));
        awaitOk(store->generate({QStringLiteral("console"), Role::Admin, {}}));
        AuditQuery newest;
        newest.limit = 1;
        m_headBefore = awaitOk(store->audit(newest)).constFirst().sequence;
        QString error;
        ASSERT_TRUE(m_smtp.start(0, &error)) << error.toStdString();
    }

    QString storePath() const { return m_dir.file(QStringLiteral("headed.tokendesk")); }
    QString keyPath() const { return m_dir.file(QStringLiteral("server-state/audit-head.key")); }

    std::unique_ptr<ServerProcess> serve(int intervalSeconds)
    {
        return std::make_unique<ServerProcess>(QStringList{
            QStringLiteral("--store"), storePath(), QStringLiteral("--smtp"),
            QStringLiteral("smtp://127.0.0.1:%1").arg(m_smtp.port()), QStringLiteral("--smtp-from"),
            QStringLiteral("tokendesk@example.org"), QStringLiteral("--audit-head-key"), keyPath(),
            QStringLiteral("--audit-head-interval"), QString::number(intervalSeconds)});
    }

    QByteArrayList headMails() const
    {
        QByteArrayList found;
        for (const QByteArray& raw : m_smtp.messages()) {
            const QByteArray mail = LocalSmtpServer::readable(raw);
            if (mail.contains("BEGIN TOKENDESK AUDIT HEAD"))
                found.append(mail);
        }
        return found;
    }

    CliRun cli(const QStringList& arguments)
    {
        CliInvocation invocation{QStringLiteral(TOKENDESK_CLI_PATH),
                                 QStringList{QStringLiteral("--store"), storePath(), QStringLiteral("--as"),
                                             QStringLiteral("alice")} +
                                     arguments,
                                 {}};
        invocation.environment.insert(QStringLiteral("HOME"), m_dir.path());
        invocation.environment.insert(QStringLiteral("LC_ALL"), QStringLiteral("C"));
        return runCli(invocation);
    }

    QString saveMail(const QByteArray& mail)
    {
        QString path = m_dir.file(QStringLiteral("mail-%1.eml").arg(++m_saved));
        QFile out(path);
        EXPECT_TRUE(out.open(QIODevice::WriteOnly));
        out.write(mail);
        return path;
    }

    TempDir m_dir;
    LocalSmtpServer m_smtp;
    int m_saved = 0;
    qint64 m_headBefore = 0;
};

TEST_F(AuditHeadMailTest, EveryAdminGetsASignedHeadAtStartAndEveryInterval)
{
    auto server = serve(2);
    ASSERT_TRUE(server->started()) << qPrintable(server->output());
    ASSERT_TRUE(QTest::qWaitFor([&] { return headMails().size() >= 2; }, 15000))
        << qPrintable(server->output());

    // The key was made private, beside the server's state, not in the store.
    const QFileInfo key(keyPath());
    ASSERT_TRUE(key.isFile());
    EXPECT_EQ(key.permissions() & ~(QFileDevice::ReadUser | QFileDevice::WriteUser),
              QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    const Result<Secret> loaded = SignedAuditHead::loadKey(keyPath());
    ASSERT_TRUE(loaded.ok()) << loaded.error().toString().toStdString();
    const Secret& secret = loaded.value();

    const QByteArrayList first = headMails().mid(0, 2);
    const QByteArray both = first.join('\n');
    EXPECT_TRUE(both.contains("To: alice@example.org")) << both.constData();
    EXPECT_TRUE(both.contains("To: bob@partner.example")) << both.constData();
    for (const QByteArray& mail : first) {
        EXPECT_TRUE(mail.contains("Subject: TokenDesk: audit log of ")) << mail.constData();
        const Result<SignedAuditHead> block = SignedAuditHead::parseBlock(QString::fromUtf8(mail));
        ASSERT_TRUE(block.ok()) << block.error().toString().toStdString() << mail.constData();
        EXPECT_EQ(block->store, QFileInfo(storePath()).absoluteFilePath());
        EXPECT_EQ(block->head.sequence, m_headBefore) << "nothing was done since the set-up";
        EXPECT_LE(qAbs(block->signedAt.secsTo(QDateTime::currentDateTimeUtc())), 60);
        EXPECT_TRUE(block->verify(*defaultCrypto(), secret));
        EXPECT_FALSE(mail.toLower().contains(secret.view().toByteArray().toHex())) << "never the key";
    }

    // The next interval brings the next head, and the CLI checks a mail with the server's key.
    ASSERT_TRUE(QTest::qWaitFor([&] { return headMails().size() >= 4; }, 15000))
        << qPrintable(server->output());
    // The mail as it travelled (quoted-printable, its signature line broken), as a mail client saves it.
    QByteArray raw;
    for (const QByteArray& message : m_smtp.messages()) {
        if (message.contains("BEGIN TOKENDESK AUDIT HEAD"))
            raw = message;
    }
    ASSERT_TRUE(raw.contains("=\n") || raw.contains("=\r\n")) << "no soft line break: " << raw.constData();
    const QString mail = saveMail(raw);
    const CliRun checked = cli({QStringLiteral("audit"), QStringLiteral("--verify"),
                                QStringLiteral("--signed-head"), mail, QStringLiteral("--key"), keyPath()});
    EXPECT_EQ(checked.exitCode, 0) << checked.describe();
    EXPECT_TRUE(checked.out.contains("still holds the head signed for")) << checked.describe();
    EXPECT_EQ(server->stop(), 0) << qPrintable(server->output());
}

TEST_F(AuditHeadMailTest, AServerStartedAgainWithinTheIntervalMailsNoSecondHead)
{
    {
        auto server = serve(3600);
        ASSERT_TRUE(server->started()) << qPrintable(server->output());
        ASSERT_TRUE(QTest::qWaitFor([&] { return headMails().size() >= 2; }, 15000))
            << qPrintable(server->output());
        const QString stamp =
            AuditHeadNotifier::stampPathFor(keyPath(), QFileInfo(storePath()).absoluteFilePath());
        ASSERT_TRUE(QTest::qWaitFor([&] { return AuditHeadNotifier::lastQueued(stamp).isValid(); }, 5000));
        EXPECT_EQ(server->stop(), 0);
    }
    auto again = serve(3600);
    ASSERT_TRUE(again->started()) << qPrintable(again->output());
    QTest::qWait(3000);
    EXPECT_EQ(headMails().size(), 2) << "the last head is younger than the interval";
}

TEST_F(AuditHeadMailTest, ACutLogNoLongerHoldsTheMailedHead)
{
    {
        auto server = serve(3600);
        ASSERT_TRUE(server->started()) << qPrintable(server->output());
        ASSERT_TRUE(QTest::qWaitFor([&] { return headMails().size() >= 1; }, 15000))
            << qPrintable(server->output());
        EXPECT_EQ(server->stop(), 0);
    }
    const QString mail = saveMail(headMails().first());
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("intruder"));
        db.setDatabaseName(storePath());
        ASSERT_TRUE(db.open());
        QSqlQuery sql(db);
        ASSERT_TRUE(sql.exec(QStringLiteral("DROP TRIGGER audit_no_delete")));
        ASSERT_TRUE(sql.exec(QStringLiteral("DELETE FROM audit WHERE seq > 2")));
        ASSERT_TRUE(sql.exec(QStringLiteral(
            "UPDATE settings SET value = (SELECT hash FROM audit WHERE seq = 2) WHERE key = 'audit_head'")));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("intruder"));
    const CliRun checked = cli({QStringLiteral("audit"), QStringLiteral("--verify"),
                                QStringLiteral("--signed-head"), mail, QStringLiteral("--key"), keyPath()});
    EXPECT_EQ(checked.exitCode, 1) << checked.describe();
    EXPECT_TRUE(
        checked.err.contains(QStringLiteral("ends at entry 2, but entry %1 was exported earlier: entries 3 "
                                            "to %1 are missing")
                                 .arg(m_headBefore)
                                 .toUtf8()))
        << checked.describe();
}

} // namespace
} // namespace tokendesk::test
