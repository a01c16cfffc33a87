// SPDX-License-Identifier: GPL-3.0-or-later
// Issue 13: an Idempotency-Key holds across two tokendesk-server instances on one PostgreSQL
// database. A retry that lands on the other instance replays the same token, a rotation is not
// repeated, and the same keyed create sent to both at the same moment never makes two tokens.
#include "models/backend/sql/SqlBackend.h"
#include "models/backend/sql/SqlStore.h"
#include "tests/support/LiveServer.h"
#include "tests/support/PgCluster.h"
#include "tests/support/RawHttp.h"
#include "tests/support/TestSupport.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <iostream>

namespace tokendesk::test {
namespace {

constexpr int kRaceRounds = 20;

class MultiServerIdempotencyTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        if (const QString why = PgCluster::unavailableReason(); !why.isEmpty())
            GTEST_SKIP() << why.toStdString();
        const QString url = freshPostgresDatabase();
        m_store = awaitOk(SqlBackend::create(url, StoreCreateOptions{QStringLiteral("alice"), 200}));
        m_bearer = "Bearer " + awaitOk(m_store->generate({QStringLiteral("console"), Role::Admin, {}}))
                                   .secret.view()
                                   .toByteArray();
        for (auto& server : m_servers) {
            server = std::make_unique<ServerProcess>(
                QStringList{QStringLiteral("--db"), url, QStringLiteral("--workers"), QStringLiteral("2")});
            ASSERT_TRUE(server->started()) << qPrintable(server->output());
        }
    }
    void TearDown() override
    {
        for (auto& server : m_servers)
            if (server)
                server->stop();
    }

    RawReply send(int server, const QByteArray& method, const QByteArray& path, const QByteArray& body,
                  const QByteArray& headers)
    {
        const QByteArray raw =
            method + ' ' + path +
            " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nAuthorization: " + m_bearer +
            "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) +
            "\r\n" + headers + "\r\n" + body;
        return exchange(m_servers[server]->url(), raw);
    }
    RawReply create(int server, const QByteArray& key, const QByteArray& label)
    {
        return send(server, "POST", "/v1/tokens", R"({"label":")" + label + R"("})",
                    "Idempotency-Key: " + key + "\r\n");
    }
    qint64 tokenCount() { return awaitOk(m_store->count(TokenQuery())); }
    // Transactions PostgreSQL rolled back in this database: a request that lost the race for a
    // key rolls back (its claim was taken, or its serializable transaction failed and was retried).
    qint64 rollbacks()
    {
        return awaitOk(m_store->store()->run<qint64>([](SqlStore& store) -> Result<qint64> {
            QSqlQuery query(store.database());
            if (!query.exec(QStringLiteral("SELECT pg_stat_clear_snapshot()")) ||
                !query.exec(QStringLiteral(
                    "SELECT xact_rollback FROM pg_stat_database WHERE datname = current_database()")) ||
                !query.next())
                return makeError(ErrorCode::Internal, query.lastError().text());
            return query.value(0).toLongLong();
        }));
    }

    std::shared_ptr<SqlBackend> m_store;
    QByteArray m_bearer;
    std::array<std::unique_ptr<ServerProcess>, 2> m_servers;
};

TEST_F(MultiServerIdempotencyTest, ARetryOnTheOtherServerGetsTheSameToken)
{
    const RawReply first = create(0, "create-on-a", "retried");
    ASSERT_EQ(first.status, 201) << first.body.toStdString();
    const RawReply retry = create(1, "create-on-a", "retried");
    EXPECT_EQ(retry.status, 201) << retry.body.toStdString();
    EXPECT_EQ(retry.header("Idempotent-Replayed"), "true");
    EXPECT_EQ(retry.json().value(QStringLiteral("id")), first.json().value(QStringLiteral("id")));
    EXPECT_EQ(retry.json().value(QStringLiteral("token")), first.json().value(QStringLiteral("token")));
    EXPECT_EQ(tokenCount(), 2) << "the console token and one created token";

    const RawReply misuse = create(1, "create-on-a", "another body");
    EXPECT_EQ(misuse.status, 400) << misuse.body.toStdString();
    EXPECT_EQ(tokenCount(), 2);
}

TEST_F(MultiServerIdempotencyTest, ARotationRetriedOnTheOtherServerRotatesOnce)
{
    const RawReply made = create(0, "make", "to rotate");
    ASSERT_EQ(made.status, 201) << made.body.toStdString();
    const QByteArray path =
        "/v1/tokens/" + QByteArray::number(made.json().value(QStringLiteral("id")).toInteger()) + "/rotate";
    const QByteArray headers = "If-Match: \"1\"\r\nIdempotency-Key: rotate-once\r\n";
    const RawReply rotated = send(0, "POST", path, {}, headers);
    ASSERT_EQ(rotated.status, 201) << rotated.body.toStdString();
    const RawReply retry = send(1, "POST", path, {}, headers);
    EXPECT_EQ(retry.status, 201) << retry.body.toStdString();
    EXPECT_EQ(retry.body, rotated.body) << "the same new token and secret";
    EXPECT_EQ(tokenCount(), 2) << "exactly one rotation";
    const auto audit = awaitOk(m_store->audit({std::nullopt, 0, 1000}));
    const auto rotations = std::count_if(audit.cbegin(), audit.cend(), [](const AuditEntry& entry) {
        return entry.action == QLatin1String("token.rotate");
    });
    EXPECT_EQ(rotations, 1);
}

TEST_F(MultiServerIdempotencyTest, TheSameKeySentToBothAtOnceMakesOneToken)
{
    int conflicts = 0;
    const qint64 rollbacksBefore = rollbacks();
    for (int round = 0; round < kRaceRounds; ++round) {
        const QByteArray key = "race-" + QByteArray::number(round);
        std::array<RawReply, 2> replies;
        std::array<std::unique_ptr<QThread>, 2> threads;
        for (int side = 0; side < 2; ++side) {
            threads[side].reset(QThread::create([&, side] { replies[side] = create(side, key, key); }));
            threads[side]->start();
        }
        for (auto& thread : threads)
            thread->wait();
        qint64 id = 0;
        QString secret;
        for (const RawReply& reply : replies) {
            ASSERT_TRUE(reply.status == 201 || reply.status == 409)
                << "round " << round << ": HTTP " << reply.status << " " << reply.body.toStdString();
            if (reply.status == 409) {
                ++conflicts;
                continue;
            }
            const QJsonObject json = reply.json();
            if (id == 0) {
                id = json.value(QStringLiteral("id")).toInteger();
                secret = json.value(QStringLiteral("token")).toString();
            } else {
                EXPECT_EQ(json.value(QStringLiteral("id")).toInteger(), id)
                    << "round " << round << ": two tokens";
                EXPECT_EQ(json.value(QStringLiteral("token")).toString(), secret);
            }
        }
        EXPECT_NE(id, 0) << "round " << round << ": nobody created the token";
        EXPECT_EQ(tokenCount(), 2 + round) << "round " << round;
    }
    QThread::msleep(1200); // the statistics of other sessions are published within a second
    std::cout << "[ counts   ] " << kRaceRounds << " racing rounds, " << conflicts << " answered 409, "
              << rollbacks() - rollbacksBefore << " transactions rolled back (lost races and their retries)"
              << std::endl;
}

} // namespace
} // namespace tokendesk::test
