// SPDX-License-Identifier: GPL-3.0-or-later
// VerifierRegistry: every verifying thread gets a reader of its own, made once, and gives it back
// when the thread ends, so a server whose worker threads come and go does not pile up
// connections until its store closes.
#include "models/backend/sql/VerifierRegistry.h"

#include <gtest/gtest.h>

#include <atomic>
#include <latch>
#include <thread>

namespace tokendesk::test {
namespace {

// Stands in for a connection: counts how many exist.
struct CountedReader
{
    explicit CountedReader(std::atomic<int>& alive) : alive(alive) { ++alive; }
    ~CountedReader() { --alive; }
    CountedReader(const CountedReader&) = delete;
    CountedReader& operator=(const CountedReader&) = delete;
    std::atomic<int>& alive;
    std::thread::id madeOn = std::this_thread::get_id();
};

class VerifierRegistryTest : public ::testing::Test
{
protected:
    using Registry = VerifierRegistry<CountedReader>;

    std::unique_ptr<Registry> makeRegistry()
    {
        return std::make_unique<Registry>([this](quint64) -> Result<std::unique_ptr<CountedReader>> {
            ++m_made;
            if (m_failNext.exchange(false))
                return makeError(ErrorCode::StoreUnavailable, QStringLiteral("cannot connect"));
            return std::make_unique<CountedReader>(m_alive);
        });
    }

    std::atomic<int> m_alive{0};
    std::atomic<int> m_made{0};
    std::atomic<bool> m_failNext{false};
};

TEST_F(VerifierRegistryTest, EachThreadGetsItsOwnReaderMadeOnce)
{
    auto registry = makeRegistry();
    CountedReader* mine = registry->forThisThread().value();
    EXPECT_EQ(registry->forThisThread().value(), mine);
    EXPECT_EQ(mine->madeOn, std::this_thread::get_id());

    CountedReader* theirs = nullptr;
    std::thread([&] {
        theirs = registry->forThisThread().value();
        EXPECT_EQ(registry->forThisThread().value(), theirs);
        EXPECT_EQ(theirs->madeOn, std::this_thread::get_id());
    }).join();
    EXPECT_NE(theirs, mine);
    EXPECT_EQ(m_made.load(), 2);
}

TEST_F(VerifierRegistryTest, AThreadsReaderIsReleasedWhenTheThreadEnds)
{
    auto registry = makeRegistry();
    registry->forThisThread();
    for (int i = 0; i < 3; ++i)
        std::thread([&] { ASSERT_TRUE(registry->forThisThread().ok()); }).join();
    EXPECT_EQ(m_made.load(), 4);
    EXPECT_EQ(m_alive.load(), 1) << "only this (still running) thread's reader is left";
    EXPECT_EQ(registry->readerCount(), 1);
}

TEST_F(VerifierRegistryTest, AThreadCanReleaseItsReadersBeforeItEnds)
{
    // What a QThread does as its last act: QThread::wait() returns before thread_local destructors
    // run, and the waiting side may then close the store or end the process.
    auto registry = makeRegistry();
    auto other = makeRegistry();
    std::thread([&] {
        registry->forThisThread();
        other->forThisThread();
        EXPECT_EQ(m_alive.load(), 2);
        releaseVerifierThreadState();
        EXPECT_EQ(m_alive.load(), 0);
        ASSERT_TRUE(registry->forThisThread().ok()) << "a later verify on the thread makes a new one";
        EXPECT_EQ(m_alive.load(), 1);
    }).join();
    EXPECT_EQ(m_alive.load(), 0);
    EXPECT_EQ(m_made.load(), 3);
}

TEST_F(VerifierRegistryTest, ReadersOfRunningThreadsGoWithTheRegistry)
{
    auto registry = makeRegistry();
    std::latch made(1);
    std::latch registryGone(1);
    std::thread worker([&] {
        registry->forThisThread();
        made.count_down();
        registryGone.wait(); // the thread outlives the registry, then ends
    });
    made.wait();
    registry->forThisThread();
    EXPECT_EQ(m_alive.load(), 2);
    registry.reset();
    EXPECT_EQ(m_alive.load(), 0);
    registryGone.count_down();
    worker.join(); // its end finds nothing left to release
    EXPECT_EQ(m_alive.load(), 0);
}

TEST_F(VerifierRegistryTest, ANewRegistryOnTheSameThreadMakesANewReader)
{
    // A store closed and opened again on the same thread: the thread's cached reader of the old
    // registry must not be handed out by the new one.
    auto first = makeRegistry();
    first->forThisThread();
    first.reset();
    auto second = makeRegistry();
    ASSERT_TRUE(second->forThisThread().ok());
    EXPECT_EQ(m_made.load(), 2);
    EXPECT_EQ(m_alive.load(), 1);
    EXPECT_EQ(second->readerCount(), 1);
}

TEST_F(VerifierRegistryTest, ADroppedReaderIsMadeAgainOnNextUse)
{
    auto registry = makeRegistry();
    registry->forThisThread();
    registry->dropForThisThread();
    EXPECT_EQ(m_alive.load(), 0);
    ASSERT_TRUE(registry->forThisThread().ok());
    EXPECT_EQ(m_made.load(), 2);
    EXPECT_EQ(m_alive.load(), 1);
}

TEST_F(VerifierRegistryTest, AFailureToMakeAReaderIsReportedAndRetried)
{
    auto registry = makeRegistry();
    m_failNext = true;
    const auto failed = registry->forThisThread();
    ASSERT_FALSE(failed.ok());
    EXPECT_EQ(failed.code(), ErrorCode::StoreUnavailable);
    EXPECT_EQ(registry->readerCount(), 0);
    ASSERT_TRUE(registry->forThisThread().ok()) << "the next verify tries again";
    EXPECT_EQ(m_alive.load(), 1);
}

} // namespace
} // namespace tokendesk::test
