// SPDX-License-Identifier: GPL-3.0-or-later
// verifyNow() on threads that come and go, as the server's request threads do, on SQLite and,
// where a cluster can run, PostgreSQL: each thread verifies on a connection of its own, which
// closes when the thread ends rather than piling up until the store closes.
#include "tests/contract/EngineStoreTest.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace tokendesk::test {
namespace {

class VerifierThreadsTest : public EngineStoreTest
{
protected:
    // The verifier's connections. SQLite's are QSQLITE connections it names so; PostgreSQL's are
    // libpq connections of its own, counted as the database's sessions other than the probes
    // (the writer's is among them and stays open throughout). Any thread.
    int verifyConnections() const
    {
        if (!m_store->isPostgres()) {
            int count = 0;
            for (const QString& name : QSqlDatabase::connectionNames())
                count += name.startsWith(QLatin1String("tokendesk-verify-"));
            return count;
        }
        static std::atomic<int> probes{0};
        const QString name = QStringLiteral("verifier-threads-probe-%1").arg(++probes);
        int count = -1;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
            m_store->location().configure(db);
            db.setConnectOptions(db.connectOptions() + QStringLiteral(";application_name=probe"));
            QSqlQuery query(db);
            if (db.open() &&
                query.exec(QStringLiteral("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = "
                                          "current_database() AND application_name <> 'probe'")) &&
                query.next())
                count = query.value(0).toInt();
            else
                ADD_FAILURE() << qPrintable(db.lastError().text()) << qPrintable(query.lastError().text());
        }
        QSqlDatabase::removeDatabase(name);
        return count;
    }

    // A closed PostgreSQL connection's server process leaves a moment after the client hung up.
    int verifyConnectionsOnceSettled(int expected) const
    {
        int count = verifyConnections();
        for (int wait = 0; wait < 100 && count != expected; ++wait) {
            QThread::msleep(50);
            count = verifyConnections();
        }
        return count;
    }
};

TEST_P(VerifierThreadsTest, AThreadsConnectionClosesWhenTheThreadEnds)
{
    const GeneratedToken made = awaitOk(m_backend->generate({QStringLiteral("ci"), Role::Developer, {}}));
    const int before = verifyConnections();
    for (int round = 0; round < 3; ++round) {
        int during = 0;
        std::thread([&] {
            const Result<VerifiedToken> verified = m_backend->verifyNow(made.secret);
            ASSERT_TRUE(verified.ok()) << qPrintable(verified.error().toString());
            EXPECT_EQ(verified->id, made.token.id);
            during = verifyConnections();
        }).join();
        EXPECT_EQ(during, before + 1) << "the thread verified on a connection of its own";
        EXPECT_EQ(verifyConnectionsOnceSettled(before), before) << "and it closed when the thread ended";
    }
}

TEST_P(VerifierThreadsTest, ConcurrentThreadsSeeARevokeAtOnce)
{
    const GeneratedToken made = awaitOk(m_backend->generate({QStringLiteral("ci"), Role::Developer, {}}));
    std::vector<std::thread> threads;
    threads.reserve(4);
    std::atomic<int> accepted{0};
    for (int i = 0; i < 4; ++i)
        threads.emplace_back([&] { accepted += m_backend->verifyNow(made.secret).ok(); });
    for (std::thread& thread : threads)
        thread.join();
    EXPECT_EQ(accepted.load(), 4);
    awaitOk(m_backend->revoke(made.token.id, made.token.version));
    std::thread([&] {
        EXPECT_EQ(m_backend->verifyNow(made.secret).code(), ErrorCode::ApiKeyInvalid);
    }).join();
    EXPECT_EQ(m_backend->verifyNow(made.secret).code(), ErrorCode::ApiKeyInvalid);
}

INSTANTIATE_TEST_SUITE_P(Engines, VerifierThreadsTest, kEngines, engineName);

} // namespace
} // namespace tokendesk::test
