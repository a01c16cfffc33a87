// SPDX-License-Identifier: GPL-3.0-or-later
// The in-memory idempotency cache: replays for 10 minutes, a size cap with the oldest out first,
// a sweep that forgets expired replays without waiting for the next keyed request.
#include "models/server/IdempotencyCache.h"

#include <gtest/gtest.h>

namespace tokendesk::test {
namespace {

class IdempotencyCacheTest : public ::testing::Test
{
protected:
    // Runs a "create" under `key`: a fresh answer (with a new number) unless the cache replays.
    HttpResponse create(IdempotencyCache& cache, const QByteArray& key, const QByteArray& body = "{}")
    {
        return cache.run("alice (token #1)", key, body, [this] {
            ++m_executed;
            return HttpResponse{201, {}, "{\"token\":\"tdk_" + QByteArray::number(m_executed) + "\"}"};
        });
    }

    QDateTime m_now = QDateTime(QDate(2026, 12, 2), QTime(13, 0), Qt::UTC);
    IdempotencyCache::Clock m_clock = [this] {
        return m_now;
    };
    int m_executed = 0;
};

TEST_F(IdempotencyCacheTest, ARetryWithinTenMinutesGetsTheSameAnswer)
{
    IdempotencyCache cache(std::chrono::minutes(10), m_clock);
    const HttpResponse first = create(cache, "k1");
    m_now = m_now.addSecs(9 * 60 + 59);
    const HttpResponse retry = create(cache, "k1");
    EXPECT_EQ(m_executed, 1);
    EXPECT_EQ(retry.status, 201);
    EXPECT_EQ(retry.body, first.body);
    HttpRequest replayed;
    replayed.headers = retry.headers;
    EXPECT_EQ(replayed.header("Idempotent-Replayed"), "true");
    EXPECT_EQ(create(cache, "k1", "{\"label\":\"other\"}").status, 400) << "same key, another body";
}

TEST_F(IdempotencyCacheTest, AfterTenMinutesTheKeyIsForgotten)
{
    IdempotencyCache cache(std::chrono::minutes(10), m_clock);
    create(cache, "k1");
    m_now = m_now.addSecs(10LL * 60);
    const HttpResponse again = create(cache, "k1");
    EXPECT_EQ(m_executed, 2);
    EXPECT_EQ(again.body, "{\"token\":\"tdk_2\"}");
}

TEST_F(IdempotencyCacheTest, TheSweepDropsExpiredEntriesWithoutAnotherRequest)
{
    IdempotencyCache cache(std::chrono::minutes(10), m_clock);
    create(cache, "k1");
    m_now = m_now.addSecs(5LL * 60);
    create(cache, "k2");
    ASSERT_EQ(cache.size(), 2);
    m_now = m_now.addSecs(5LL * 60);
    cache.sweep();
    EXPECT_EQ(cache.size(), 1) << "k1 is 10 minutes old, k2 only 5";
    m_now = m_now.addSecs(5LL * 60);
    cache.sweep();
    EXPECT_EQ(cache.size(), 0);
}

TEST_F(IdempotencyCacheTest, TheCapPushesTheOldestEntryOut)
{
    IdempotencyCache cache(std::chrono::minutes(10), m_clock, 100);
    for (int n = 0; n < 101; ++n)
        create(cache, "key-" + QByteArray::number(n));
    EXPECT_EQ(cache.size(), 100);
    EXPECT_EQ(m_executed, 101);
    create(cache, "key-100");
    EXPECT_EQ(m_executed, 101) << "the newest is still replayed";
    create(cache, "key-0");
    EXPECT_EQ(m_executed, 102) << "the oldest was pushed out and runs again";
    EXPECT_EQ(cache.size(), 100);
}

TEST_F(IdempotencyCacheTest, ServerErrorsAreNotRemembered)
{
    IdempotencyCache cache(std::chrono::minutes(10), m_clock);
    cache.run("s", "k", "{}", [] { return HttpResponse{503, {}, "{}"}; });
    EXPECT_EQ(cache.size(), 0);
}

} // namespace
} // namespace tokendesk::test
