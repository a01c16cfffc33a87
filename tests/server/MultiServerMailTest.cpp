// SPDX-License-Identifier: GPL-3.0-or-later
// Issue 13, "each notice mailed once": two real tokendesk-server instances with --smtp on one
// store (one SQLite file, one PostgreSQL database) and one local SMTP server (aiosmtpd). Tokens
// are generated and rotated through both; each admin receives exactly one mail per token event.
#include "models/backend/sql/SqlBackend.h"
#include "models/remote/RemoteBackend.h"
#include "tests/support/LiveServer.h"
#include "tests/support/LocalSmtpServer.h"
#include "tests/support/PgCluster.h"
#include "tests/support/TestSupport.h"

#include <QHash>
#include <QRegularExpression>
#include <QTest>
#include <QThread>

#include <gtest/gtest.h>

using namespace std::chrono_literals;

namespace tokendesk::test {
namespace {

enum class Engine
{
    Sqlite,
    Postgres
};

class MultiServerMailTest : public ::testing::TestWithParam<Engine>
{
protected:
    void SetUp() override
    {
        if (const QString why = LocalSmtpServer::unavailableReason(); !why.isEmpty())
            GTEST_SKIP() << why.toStdString();
        if (GetParam() == Engine::Postgres) {
            if (const QString why = PgCluster::unavailableReason(); !why.isEmpty())
                GTEST_SKIP() << why.toStdString();
            m_location = freshPostgresDatabase();
            ASSERT_FALSE(m_location.isEmpty());
        } else {
            m_location = m_dir.file(QStringLiteral("shared.tokendesk"));
        }
        m_store = awaitOk(SqlBackend::create(m_location, StoreCreateOptions{QStringLiteral("alice"), 50}));
        awaitOk(m_store->addUser({QStringLiteral("bob"), true, true}));
        awaitOk(m_store->addUser({QStringLiteral("carol"), false, true})); // no admin: no mail
        m_admin = awaitOk(m_store->generate({QStringLiteral("console"), Role::Admin, {}}));
    }

    std::unique_ptr<ServerProcess> serve(quint16 smtpPort)
    {
        return std::make_unique<ServerProcess>(QStringList{
            GetParam() == Engine::Postgres ? QStringLiteral("--db") : QStringLiteral("--store"), m_location,
            QStringLiteral("--smtp"), QStringLiteral("smtp://127.0.0.1:%1").arg(smtpPort),
            QStringLiteral("--smtp-from"), QStringLiteral("tokendesk@example.org")});
    }

    std::unique_ptr<RemoteBackend> client(const ServerProcess& server)
    {
        RemoteOptions options;
        options.server = server.url();
        options.token = m_admin.secret;
        return std::make_unique<RemoteBackend>(options);
    }

    bool allDelivered()
    {
        const auto notices = awaitOk(m_store->notices());
        return std::all_of(notices.begin(), notices.end(), [](const Notice& n) { return n.delivered; });
    }

    TempDir m_dir;
    QString m_location;
    std::shared_ptr<SqlBackend> m_store;
    GeneratedToken m_admin;
};

TEST_P(MultiServerMailTest, EachAdminGetsExactlyOneMailPerTokenEvent)
{
    // A backlog already due when both servers start: both poll at once, the likeliest moment for
    // a notice to be sent twice.
    QStringList expected{QStringLiteral("new:console")};
    for (int n = 0; n < 8; ++n) {
        const QString label = QStringLiteral("backlog-%1").arg(n);
        awaitOk(m_store->generate({label, Role::Developer, {}}));
        expected.append(QStringLiteral("new:") + label);
    }

    LocalSmtpServer smtp;
    QString error;
    ASSERT_TRUE(smtp.start(0, &error)) << error.toStdString();
    auto first = serve(smtp.port());
    auto second = serve(smtp.port());
    ASSERT_TRUE(first->started()) << qPrintable(first->output());
    ASSERT_TRUE(second->started()) << qPrintable(second->output());
    const std::array<std::unique_ptr<RemoteBackend>, 2> clients{client(*first), client(*second)};

    for (int n = 0; n < 6; ++n) {
        const QString label = QStringLiteral("live-%1").arg(n);
        const GeneratedToken made = awaitOk(clients[n % 2]->generate({label, Role::Developer, {}}));
        expected.append(QStringLiteral("new:") + label);
        if (n % 2 == 0) {
            awaitOk(clients[(n + 1) % 2]->rotate(made.token.id, made.token.version, 0s));
            expected.append(QStringLiteral("rotated:") + label);
        }
    }

    ASSERT_TRUE(QTest::qWaitFor([&] { return allDelivered(); }, 30000))
        << qPrintable(first->output()) << qPrintable(second->output());
    // Both mailers poll every second: give a duplicate, were there one, time to arrive.
    QThread::msleep(2500);

    static const QRegularExpression subjectLine(QStringLiteral("^Subject: TokenDesk: (?:new token '([^']+)'|"
                                                               "token '([^']+)' was rotated)\\s*$"),
                                                QRegularExpression::MultilineOption);
    static const QRegularExpression toLine(QStringLiteral("^To: (\\S+)\\s*$"),
                                           QRegularExpression::MultilineOption);
    QHash<QString, int> received; // "alice@example.org new:label" -> mails
    for (const QByteArray& raw : smtp.messages()) {
        const QString mail = QString::fromUtf8(LocalSmtpServer::readable(raw));
        const auto subject = subjectLine.match(mail);
        const auto to = toLine.match(mail);
        ASSERT_TRUE(subject.hasMatch() && to.hasMatch()) << qPrintable(mail);
        const QString event = subject.captured(1).isEmpty() ? QStringLiteral("rotated:") + subject.captured(2)
                                                            : QStringLiteral("new:") + subject.captured(1);
        ++received[to.captured(1) + QLatin1Char(' ') + event];
    }
    QStringList missing, duplicated;
    for (const QString& admin : {QStringLiteral("alice@example.org"), QStringLiteral("bob@example.org")}) {
        for (const QString& event : expected) {
            const int count = received.take(admin + QLatin1Char(' ') + event);
            if (count == 0)
                missing.append(admin + QLatin1Char(' ') + event);
            else if (count > 1)
                duplicated.append(QStringLiteral("%1 x%2").arg(admin + QLatin1Char(' ') + event).arg(count));
        }
    }
    EXPECT_TRUE(missing.isEmpty()) << qPrintable(missing.join(QStringLiteral(", ")));
    EXPECT_TRUE(duplicated.isEmpty()) << qPrintable(duplicated.join(QStringLiteral(", ")));
    EXPECT_TRUE(received.isEmpty()) << "no mail to anyone else (carol is no admin): "
                                    << qPrintable(QStringList(received.keys()).join(QStringLiteral(", ")));
    EXPECT_EQ(smtp.messages().size(), 2 * expected.size());
}

INSTANTIATE_TEST_SUITE_P(Engines, MultiServerMailTest, ::testing::Values(Engine::Sqlite, Engine::Postgres),
                         [](const ::testing::TestParamInfo<Engine>& info) {
                             return info.param == Engine::Postgres ? "Postgres" : "Sqlite";
                         });

} // namespace
} // namespace tokendesk::test
