// SPDX-License-Identifier: GPL-3.0-or-later
// Issue 18, "writes under many admins": eight stores opened on one PostgreSQL database (eight
// writer connections, as eight servers would have) create tokens at once. Whatever the engine
// does to let them run side by side, the unfiltered count stays exact (it is kept by triggers,
// not counted) and no user ever holds more tokens than the limit. The run's generates per second
// are printed, for the before/after figures; they are not asserted.
#include "models/backend/sql/SqlBackend.h"
#include "tests/support/PgCluster.h"
#include "tests/support/TestSupport.h"

#include <QElapsedTimer>
#include <QThread>

#include <gtest/gtest.h>

#include <atomic>
#include <iostream>

namespace tokendesk::test {
namespace {

constexpr int kWriters = 8;
constexpr int kLimit = 40;

TEST(PostgresWritersTest, EightConcurrentCreatorsKeepTheExactCountAndTheLimit)
{
    if (const QString why = PgCluster::unavailableReason(); !why.isEmpty())
        GTEST_SKIP() << why.toStdString();
    const QString url = freshPostgresDatabase();
    ASSERT_FALSE(url.isEmpty());
    auto first = awaitOk(SqlBackend::create(url, StoreCreateOptions{QStringLiteral("alice"), kLimit}));
    // Four users, two writers each: each user's limit is contended by two connections.
    const QStringList users{QStringLiteral("alice"), QStringLiteral("bob"), QStringLiteral("carol"),
                            QStringLiteral("dave")};
    for (const QString& user : users.mid(1))
        awaitOk(first->addUser({user, true, true}));

    std::vector<std::shared_ptr<SqlBackend>> writers;
    writers.reserve(kWriters);
    for (int n = 0; n < kWriters; ++n)
        writers.push_back(awaitOk(SqlBackend::open(url, users.at(n % users.size()))));

    std::atomic<int> generated{0};
    std::atomic<int> refusedAtLimit{0};
    std::atomic<int> otherErrors{0};
    std::atomic<int> conflicts{0};
    QElapsedTimer clock;
    clock.start();
    std::vector<std::unique_ptr<QThread>> threads;
    for (int n = 0; n < kWriters; ++n) {
        threads.emplace_back(QThread::create([&, n] {
            // Each writer tries for more than its share of its user's limit, so the limit is hit.
            // A CONFLICT (the store's own retries of a lost race ran out) is asked again, as a
            // client would: it changed nothing.
            for (int i = 0; i < kLimit; ++i) {
                for (;;) {
                    auto made = await(writers.at(n)->generate(
                        {QStringLiteral("w%1-%2").arg(n).arg(i), Role::Developer, {}}));
                    if (made.code() == ErrorCode::Conflict) {
                        ++conflicts;
                        continue;
                    }
                    if (made.ok())
                        ++generated;
                    else if (made.code() == ErrorCode::TokenLimitReached)
                        ++refusedAtLimit;
                    else
                        ++otherErrors;
                    break;
                }
            }
        }));
        threads.back()->start();
    }
    for (auto& thread : threads)
        thread->wait();
    const qint64 elapsedMs = std::max<qint64>(clock.elapsed(), 1);
    std::cout << "[ writers  ] " << kWriters << " writers: " << generated << " generated in " << elapsedMs
              << " ms (" << qint64(generated) * 1000 / elapsedMs << " generates/s), " << refusedAtLimit
              << " refused at the limit, " << conflicts << " conflicts asked again, " << otherErrors
              << " other errors" << std::endl;

    EXPECT_EQ(otherErrors.load(), 0);
    EXPECT_EQ(generated.load(), int(users.size()) * kLimit) << "every user reached the limit exactly";
    // The unfiltered count (trigger-kept) against the rows themselves, counted by a filter.
    const qint64 counted = awaitOk(first->count(TokenQuery{}));
    TokenQuery developers;
    developers.role = Role::Developer;
    EXPECT_EQ(counted, awaitOk(first->count(developers)));
    EXPECT_EQ(counted, generated.load());
    for (const QString& user : users) {
        TokenQuery mine;
        mine.filter = user;
        EXPECT_LE(awaitOk(first->withActor(user)->count(mine)), kLimit) << qPrintable(user);
    }
}

} // namespace
} // namespace tokendesk::test
