// SPDX-License-Identifier: GPL-3.0-or-later
// Runs in gui_tests because the English catalogue with the plural forms is compiled into
// tokendesk_ui and installed by its main(): these are the strings as the console shows them.
#include "models/core/Formatting.h"

#include <QDateTime>

#include <gtest/gtest.h>

namespace tokendesk::test {

// The one escaping the CLI's output and every echo of client input in an error share.
TEST(Formatting, EscapeForDisplayShowsWhatWouldActInsteadOfBeingShown)
{
    using Formatting::escapeForDisplay;
    EXPECT_EQ(escapeForDisplay(QStringLiteral("plain text")), QStringLiteral("plain text"));
    EXPECT_EQ(escapeForDisplay(QStringLiteral("a\x1b]0;x\x07")), QStringLiteral("a\\u{001B}]0;x\\u{0007}"));
    EXPECT_EQ(escapeForDisplay(QStringLiteral("one\ntwo")), QStringLiteral("one\\u{000A}two"));
    EXPECT_EQ(escapeForDisplay(QStringLiteral("one\ntwo"), true), QStringLiteral("one\ntwo"));
    EXPECT_EQ(escapeForDisplay(QStringLiteral("one\rtwo"), true), QStringLiteral("one\\u{000D}two"));
    EXPECT_EQ(escapeForDisplay(QString(QChar(0x202E)) + QStringLiteral("gnp.exe")),
              QStringLiteral("\\u{202E}gnp.exe"));
    EXPECT_EQ(escapeForDisplay(QString(QChar(0x2028))), QStringLiteral("\\u{2028}"));
    EXPECT_EQ(escapeForDisplay(QString(QChar(0xFFFF))), QStringLiteral("\\u{FFFF}"));
    EXPECT_EQ(escapeForDisplay(QString(QChar(0xD800))), QStringLiteral("\\u{D800}")); // unpaired
    const QString emoji = QString::fromUtf8("\xF0\x9F\x94\x91 k\xC3\xA9y"); // 🔑 kéy: shown as it is
    EXPECT_EQ(escapeForDisplay(emoji), emoji);
    // The cut counts characters, not UTF-16 units: the emoji is one.
    EXPECT_EQ(escapeForDisplay(emoji, false, 2), QString::fromUtf8("\xF0\x9F\x94\x91 \xE2\x80\xA6"));
    EXPECT_EQ(Formatting::quotedInput(QString(100, u'x')), QString(80, u'x') + QChar(0x2026));
}

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
