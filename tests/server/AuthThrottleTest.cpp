// SPDX-License-Identifier: GPL-3.0-or-later
// The per-address lockout of failed management authentication, on a clock the test moves.
#include "models/server/AuthThrottle.h"

#include <gtest/gtest.h>

using namespace std::chrono_literals;

namespace tokendesk::test {
namespace {

class AuthThrottleTest : public ::testing::Test
{
protected:
    std::chrono::milliseconds m_now{1'000'000};
    AuthThrottle m_throttle{3, 60s, [this] {
                                return m_now;
                            }};
    const QHostAddress m_attacker{QStringLiteral("192.0.2.7")};
    const QHostAddress m_colleague{QStringLiteral("192.0.2.8")};
};

TEST_F(AuthThrottleTest, LocksAnAddressOutAfterTheLimitAndReportsItOnce)
{
    EXPECT_FALSE(m_throttle.recordFailure(m_attacker));
    EXPECT_FALSE(m_throttle.recordFailure(m_attacker));
    EXPECT_FALSE(m_throttle.retryAfter(m_attacker)) << "two failures of three are still allowed";
    EXPECT_TRUE(m_throttle.recordFailure(m_attacker)) << "the third failure locks out";
    ASSERT_TRUE(m_throttle.retryAfter(m_attacker));
    EXPECT_EQ(*m_throttle.retryAfter(m_attacker), 60s);
    // Further failures while locked out are not a new lockout: no second audit entry or notice.
    EXPECT_FALSE(m_throttle.recordFailure(m_attacker));
    EXPECT_FALSE(m_throttle.recordFailure(m_attacker));
}

TEST_F(AuthThrottleTest, OtherAddressesAreNotAffected)
{
    for (int n = 0; n < 3; ++n)
        m_throttle.recordFailure(m_attacker);
    EXPECT_TRUE(m_throttle.retryAfter(m_attacker));
    EXPECT_FALSE(m_throttle.retryAfter(m_colleague));
    EXPECT_FALSE(m_throttle.recordFailure(m_colleague));
}

TEST_F(AuthThrottleTest, RetryAfterCountsDownAndTheLockoutEndsWithTheWindow)
{
    for (int n = 0; n < 3; ++n)
        m_throttle.recordFailure(m_attacker);
    m_now += 20'500ms;
    ASSERT_TRUE(m_throttle.retryAfter(m_attacker));
    EXPECT_EQ(*m_throttle.retryAfter(m_attacker), 40s) << "39.5 s left, rounded up";
    m_now += 39'500ms;
    EXPECT_FALSE(m_throttle.retryAfter(m_attacker));
    // A new window: the count starts again, and a new lockout is reported again.
    EXPECT_FALSE(m_throttle.recordFailure(m_attacker));
    EXPECT_FALSE(m_throttle.recordFailure(m_attacker));
    EXPECT_TRUE(m_throttle.recordFailure(m_attacker));
}

TEST_F(AuthThrottleTest, FailuresSpreadOverWindowsNeverLockOut)
{
    for (int n = 0; n < 10; ++n) {
        EXPECT_FALSE(m_throttle.recordFailure(m_attacker));
        EXPECT_FALSE(m_throttle.recordFailure(m_attacker));
        m_now += 61s;
    }
    EXPECT_FALSE(m_throttle.retryAfter(m_attacker));
}

TEST_F(AuthThrottleTest, ManyAddressesDoNotGrowTheTableWithoutBound)
{
    for (quint32 n = 0; n < 12'000; ++n)
        m_throttle.recordFailure(QHostAddress(0x0a000000u + n));
    m_now += 61s;
    for (quint32 n = 0; n < 10; ++n)
        m_throttle.recordFailure(QHostAddress(0x0b000000u + n));
    EXPECT_LE(m_throttle.trackedAddresses(), 10'001);
}

} // namespace
} // namespace tokendesk::test
