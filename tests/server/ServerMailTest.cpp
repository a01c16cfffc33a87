// SPDX-License-Identifier: GPL-3.0-or-later
// tokendesk-server's notices by mail: every admin gets a mail for every new token, through a real
// local SMTP server (aiosmtpd); a relay that is down loses nothing, the outbox is retried.
#include "models/backend/sql/SqlBackend.h"
#include "models/notices/NoticeMailer.h"
#include "models/remote/RemoteBackend.h"
#include "tests/support/LiveServer.h"
#include "tests/support/LocalSmtpServer.h"
#include "tests/support/TestSupport.h"

#include <QTest>

#include <gtest/gtest.h>

namespace tokendesk::test {
namespace {

class ServerMailTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        if (const QString why = LocalSmtpServer::unavailableReason(); !why.isEmpty())
            GTEST_SKIP() << why.toStdString();
        m_store = awaitOk(SqlBackend::create(m_dir.file(QStringLiteral("mail.tokendesk")),
                                             StoreCreateOptions{QStringLiteral("alice"), 5}));
        awaitOk(m_store->addUser({QStringLiteral("bob@partner.example"), true, true}));
        m_admin = awaitOk(m_store->generate({QStringLiteral("console"), Role::Admin, {}}));
    }

    std::unique_ptr<ServerProcess> serve(quint16 smtpPort)
    {
        return std::make_unique<ServerProcess>(
            QStringList{QStringLiteral("--store"), m_dir.file(QStringLiteral("mail.tokendesk")),
                        QStringLiteral("--smtp"), QStringLiteral("smtp://127.0.0.1:%1").arg(smtpPort),
                        QStringLiteral("--smtp-from"), QStringLiteral("tokendesk@example.org")});
    }

    GeneratedToken generateThrough(const ServerProcess& server, const QString& label)
    {
        RemoteOptions options;
        options.server = server.url();
        options.token = m_admin.secret;
        return awaitOk(RemoteBackend(options).generate({label, Role::Developer, {}}));
    }

    // The mails received so far that mention `text`, readable.
    static QByteArrayList mailsMentioning(const LocalSmtpServer& smtp, const QByteArray& text)
    {
        QByteArrayList found;
        for (const QByteArray& raw : smtp.messages()) {
            const QByteArray mail = LocalSmtpServer::readable(raw);
            if (mail.contains(text))
                found.append(mail);
        }
        return found;
    }

    QList<Notice> noticesAbout(TokenId id)
    {
        QList<Notice> about;
        for (const Notice& notice : awaitOk(m_store->notices())) {
            if (notice.tokenId == id)
                about.append(notice);
        }
        return about;
    }

    TempDir m_dir;
    std::shared_ptr<SqlBackend> m_store;
    GeneratedToken m_admin;
};

TEST_F(ServerMailTest, EveryAdminIsMailedAboutEveryNewToken)
{
    LocalSmtpServer smtp;
    QString error;
    ASSERT_TRUE(smtp.start(0, &error)) << error.toStdString();
    auto server = serve(smtp.port());
    ASSERT_TRUE(server->started()) << qPrintable(server->output());

    const GeneratedToken made = generateThrough(*server, QStringLiteral("billing-export"));
    // The outbox already held the notices of the admin token made before the server started.
    auto aboutIt = [&] {
        return mailsMentioning(smtp, "billing-export");
    };
    ASSERT_TRUE(QTest::qWaitFor([&] { return aboutIt().size() >= 2; }, 15000))
        << qPrintable(server->output());
    const QByteArrayList mails = aboutIt();
    ASSERT_EQ(mails.size(), 2) << "one mail per admin";
    const QByteArray all = mails.join('\n');
    EXPECT_TRUE(all.contains("To: alice@example.org")) << "a plain user name gets the sender's domain";
    EXPECT_TRUE(all.contains("To: bob@partner.example")) << "an address is used as it is";
    for (const QByteArray& mail : mails) {
        EXPECT_TRUE(mail.contains(made.token.masked.toUtf8())) << mail.constData();
        EXPECT_TRUE(mail.contains("alice created")) << mail.constData();
        EXPECT_FALSE(mail.contains(made.secret.view().toByteArray())) << "never the secret";
    }
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            const auto notices = noticesAbout(made.token.id);
            return notices.size() == 2 &&
                   std::all_of(notices.begin(), notices.end(), [](const Notice& n) { return n.delivered; });
        },
        5000));
}

TEST_F(ServerMailTest, AUserWithAMailAddressIsMailedThereInsteadOfAtTheName)
{
    awaitOk(m_store->setUserEmail(QStringLiteral("alice"), QStringLiteral("alice.ops@mail.example")));
    LocalSmtpServer smtp;
    QString error;
    ASSERT_TRUE(smtp.start(0, &error)) << error.toStdString();
    auto server = serve(smtp.port());
    ASSERT_TRUE(server->started()) << qPrintable(server->output());

    generateThrough(*server, QStringLiteral("addressed"));
    auto aboutIt = [&] {
        return mailsMentioning(smtp, "addressed");
    };
    ASSERT_TRUE(QTest::qWaitFor([&] { return aboutIt().size() >= 2; }, 15000))
        << qPrintable(server->output());
    const QByteArray all = aboutIt().join('\n');
    EXPECT_TRUE(all.contains("To: alice.ops@mail.example")) << all.constData();
    EXPECT_FALSE(all.contains("To: alice@example.org")) << "not the address made from the name";
    EXPECT_TRUE(all.contains("To: bob@partner.example"));
}

TEST_F(ServerMailTest, ARelayThatIsDownLosesNothingAndIsRetried)
{
    const quint16 port = freeLoopbackPort();
    auto server = serve(port); // nothing listens there yet
    ASSERT_TRUE(server->started()) << qPrintable(server->output());
    const GeneratedToken made = generateThrough(*server, QStringLiteral("while-down"));
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            const auto notices = noticesAbout(made.token.id);
            return !notices.isEmpty() && notices.first().attempts >= 1;
        },
        10000));
    for (const Notice& notice : noticesAbout(made.token.id))
        EXPECT_FALSE(notice.delivered) << "it stays in the outbox";

    LocalSmtpServer smtp;
    QString error;
    ASSERT_TRUE(smtp.start(port, &error)) << error.toStdString();
    // First retry after NoticeMailer::kFirstRetry, then doubling: well inside 20 s.
    ASSERT_TRUE(QTest::qWaitFor([&] { return smtp.messages().size() >= 4; }, 20000))
        << qPrintable(server->output());
    EXPECT_TRUE(QTest::qWaitFor(
        [&] {
            const auto notices = noticesAbout(made.token.id);
            return std::all_of(notices.begin(), notices.end(), [](const Notice& n) { return n.delivered; });
        },
        5000));
}

TEST(NoticeMailerTest, BackoffDoublesUpToAnHour)
{
    EXPECT_EQ(NoticeMailer::retryAfter(1), std::chrono::seconds(2));
    EXPECT_EQ(NoticeMailer::retryAfter(2), std::chrono::seconds(4));
    EXPECT_EQ(NoticeMailer::retryAfter(5), std::chrono::seconds(32));
    EXPECT_EQ(NoticeMailer::retryAfter(40), std::chrono::seconds(3600));
    EXPECT_EQ(NoticeMailer::addressFor(QStringLiteral("alice"), QStringLiteral("td@example.org")),
              QStringLiteral("alice@example.org"));
}

} // namespace
} // namespace tokendesk::test
