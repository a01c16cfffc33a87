// SPDX-License-Identifier: GPL-3.0-or-later
// Issue 13, "the writer reconnects": a real tokendesk-server on PostgreSQL keeps working when the
// database drops its connections (pg_terminate_backend, pg_ctl restart -m fast) and after the
// database was out of reach for a while: the next management call succeeds, verify answers, and
// a last-used time recorded before the drop is written afterwards, not lost.
#include "models/backend/sql/SqlBackend.h"
#include "models/remote/RemoteBackend.h"
#include "tests/support/LiveServer.h"
#include "tests/support/PgCluster.h"
#include "tests/support/TestSupport.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrl>
#include <QUuid>

#include <gtest/gtest.h>

namespace tokendesk::test {
namespace {

class PostgresReconnectTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        if (const QString why = PgCluster::unavailableReason(); !why.isEmpty())
            GTEST_SKIP() << why.toStdString();
        QString error;
        // A cluster of its own: this test restarts it.
        ASSERT_TRUE(m_cluster.start(&error)) << error.toStdString();
        ASSERT_TRUE(m_cluster.createDatabase(QStringLiteral("reconnect"), &error)) << error.toStdString();
        m_url = m_cluster.url(QStringLiteral("reconnect"));
        m_store = awaitOk(SqlBackend::create(m_url, StoreCreateOptions{QStringLiteral("alice"), 50}));
        m_admin = awaitOk(m_store->generate({QStringLiteral("console"), Role::Admin, {}}));
        m_server = std::make_unique<ServerProcess>(QStringList{QStringLiteral("--db"), m_url});
        ASSERT_TRUE(m_server->started()) << qPrintable(m_server->output());
        RemoteOptions options;
        options.server = m_server->url();
        options.token = m_admin.secret;
        m_client = std::make_unique<RemoteBackend>(options);
    }

    // Drops every connection to the store's database but this one: the server's writer and its
    // verify readers, and the test's own store.
    int terminateOtherBackends()
    {
        const QString name =
            QStringLiteral("terminator-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
        int terminated = -1;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
            const QUrl url(m_url);
            db.setHostName(url.host());
            db.setPort(url.port());
            db.setUserName(url.userName());
            db.setDatabaseName(QStringLiteral("reconnect"));
            if (db.open()) {
                QSqlQuery query(db);
                if (query.exec(
                        QStringLiteral("SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                       "WHERE datname = current_database() AND pid <> pg_backend_pid()")) &&
                    query.next())
                    terminated = query.value(0).toInt();
            }
            db.close();
        }
        QSqlDatabase::removeDatabase(name);
        return terminated;
    }

    GeneratedToken verifiedDeveloperToken(const QString& label)
    {
        GeneratedToken made = awaitOk(m_client->generate({label, Role::Developer, {}}));
        awaitOk(m_client->verify(made.secret));
        return made;
    }

    QDateTime storedLastUse(TokenId id) { return awaitOk(m_store->get(id)).lastUsedAt; }

    PgCluster m_cluster;
    QString m_url;
    std::shared_ptr<SqlBackend> m_store;
    GeneratedToken m_admin;
    std::unique_ptr<ServerProcess> m_server;
    std::unique_ptr<RemoteBackend> m_client;
};

TEST_F(PostgresReconnectTest, TerminatedConnectionsAreMadeAgainAndLastUseIsKept)
{
    const GeneratedToken used = verifiedDeveloperToken(QStringLiteral("before-drop"));
    ASSERT_GE(terminateOtherBackends(), 2) << "the server's writer and reader were connected";

    // The next management call succeeds: the writer reconnects before it runs.
    const GeneratedToken after =
        awaitOk(m_client->generate({QStringLiteral("after-drop"), Role::Developer, {}}));
    EXPECT_GT(after.token.id, used.token.id);
    EXPECT_FALSE(awaitOk(m_client->list(TokenQuery{})).isEmpty());
    // Verify readers reconnect too.
    EXPECT_EQ(awaitOk(m_client->verify(used.secret)).id, used.token.id);
    EXPECT_EQ(awaitOk(m_client->verify(after.secret)).id, after.token.id);
    // The use recorded before the drop reached the database (written before the generate).
    EXPECT_TRUE(storedLastUse(used.token.id).isValid());
    ASSERT_EQ(m_server->stop(), 0) << qPrintable(m_server->output());
}

TEST_F(PostgresReconnectTest, ARestartedDatabaseIsReconnectedTo)
{
    const GeneratedToken used = verifiedDeveloperToken(QStringLiteral("before-restart"));
    QString error;
    ASSERT_TRUE(m_cluster.restart(&error)) << error.toStdString();

    awaitOk(m_client->generate({QStringLiteral("after-restart"), Role::Developer, {}}));
    EXPECT_EQ(awaitOk(m_client->verify(used.secret)).id, used.token.id);
    EXPECT_TRUE(storedLastUse(used.token.id).isValid());
    ASSERT_EQ(m_server->stop(), 0) << qPrintable(m_server->output());
}

TEST_F(PostgresReconnectTest, WhileTheDatabaseIsDownCallsFailClearlyAndNothingIsLost)
{
    const GeneratedToken used = verifiedDeveloperToken(QStringLiteral("before-outage"));
    QString error;
    ASSERT_TRUE(m_cluster.pause(&error)) << error.toStdString();

    const Result<GeneratedToken> refused =
        await(m_client->generate({QStringLiteral("during-outage"), Role::Developer, {}}));
    ASSERT_FALSE(refused.ok()) << "never a silent success";
    EXPECT_EQ(refused.error().code, ErrorCode::StoreUnavailable) << qPrintable(refused.error().toString());

    ASSERT_TRUE(m_cluster.resume(&error)) << error.toStdString();
    const GeneratedToken after =
        awaitOk(m_client->generate({QStringLiteral("after-outage"), Role::Developer, {}}));
    EXPECT_EQ(awaitOk(m_client->verify(after.secret)).id, after.token.id);
    // The use waited through the outage in the server and was written once it could be.
    EXPECT_TRUE(storedLastUse(used.token.id).isValid());
    QStringList labels;
    for (const Token& token : awaitOk(m_store->list(TokenQuery{})))
        labels.append(token.label);
    EXPECT_FALSE(labels.contains(QStringLiteral("during-outage")));
    ASSERT_EQ(m_server->stop(), 0) << "the server never crashed: " << qPrintable(m_server->output());
}

} // namespace
} // namespace tokendesk::test
