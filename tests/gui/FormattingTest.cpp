// SPDX-License-Identifier: GPL-3.0-or-later
// Runs in gui_tests because the English catalogue with the plural forms is compiled into
// tokendesk_ui and installed by its main(): these are the strings as the console shows them.
#include "models/core/Formatting.h"

#include <QDateTime>

#include <gtest/gtest.h>

namespace tokendesk::test {

TEST(Formatting, RelativeTimesReadLikeAPerson)
{
    const QDateTime now = QDateTime::fromString(QStringLiteral("2024-05-10T12:00:00Z"), Qt::ISODate);
    EXPECT_EQ(Formatting::relativeTime({}, now), QStringLiteral("Never"));
    EXPECT_EQ(Formatting::relativeTime(now.addSecs(-20), now), QStringLiteral("just now"));
    EXPECT_EQ(Formatting::relativeTime(now.addSecs(-5LL * 60), now), QStringLiteral("5 minutes ago"));
    EXPECT_EQ(Formatting::relativeTime(now.addSecs(-60), now), QStringLiteral("1 minute ago"));
    EXPECT_EQ(Formatting::relativeTime(now.addSecs(-3600), now), QStringLiteral("1 hour ago"));
    EXPECT_EQ(Formatting::relativeTime(now.addSecs(-2LL * 3600), now), QStringLiteral("2 hours ago"));
    EXPECT_EQ(Formatting::relativeTime(now.addDays(-1), now), QStringLiteral("1 day ago"));
    EXPECT_EQ(Formatting::relativeTime(now.addDays(-3), now), QStringLiteral("3 days ago"));
    EXPECT_EQ(Formatting::relativeTime(now.addDays(-45), now), QStringLiteral("1 month ago"));
    EXPECT_EQ(Formatting::relativeTime(now.addDays(-100), now), QStringLiteral("3 months ago"));
    EXPECT_EQ(Formatting::relativeTime(now.addDays(-362), now), QStringLiteral("12 months ago"));
    EXPECT_EQ(Formatting::relativeTime(now.addDays(-365), now), QStringLiteral("1 year ago"));
    EXPECT_EQ(Formatting::relativeTime(now.addDays(-400), now), QStringLiteral("1 year ago"));
    EXPECT_EQ(Formatting::relativeTime(now.addDays(-800), now), QStringLiteral("2 years ago"));
}

TEST(Formatting, AClockAheadOfOursNeverReadsAsTheFuture)
{
    const QDateTime now = QDateTime::fromString(QStringLiteral("2024-05-10T12:00:00Z"), Qt::ISODate);
    EXPECT_EQ(Formatting::relativeTime(now.addSecs(90), now), QStringLiteral("just now"));
}

TEST(Formatting, RolesAndStatusesHaveTheirNames)
{
    EXPECT_EQ(Formatting::roleText(Role::Developer), QStringLiteral("Developer"));
    EXPECT_EQ(Formatting::roleText(Role::Admin), QStringLiteral("Admin"));
    EXPECT_EQ(Formatting::statusText(TokenStatus::Active), QStringLiteral("Active"));
    EXPECT_EQ(Formatting::statusText(TokenStatus::Disabled), QStringLiteral("Disabled"));
    EXPECT_EQ(Formatting::statusText(TokenStatus::Expired), QStringLiteral("Expired"));
}

} // namespace tokendesk::test
