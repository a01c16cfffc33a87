// SPDX-License-Identifier: GPL-3.0-or-later
// The exported audit head (issue 14): its text form, and whether a log still holds it.
#include "models/core/AuditHead.h"

#include <gtest/gtest.h>

namespace tokendesk::test {
namespace {

AuditHead headAt(qint64 sequence, char fill)
{
    return AuditHead{sequence, QByteArray(32, fill)};
}

TEST(AuditHeadTest, TextAndParseRoundTrip)
{
    const AuditHead head = headAt(52, '\xab');
    EXPECT_EQ(head.text(),
              QStringLiteral("52:abababababababababababababababababababababababababababababababab"));
    EXPECT_EQ(AuditHead::parse(head.text()), head);
    EXPECT_EQ(AuditHead::parse(QStringLiteral("  ") + head.text().toUpper() + QStringLiteral("\n")), head);
}

TEST(AuditHeadTest, MalformedTextIsRefused)
{
    const QString hex(64, u'a');
    for (const QString& bad :
         {QString(), QStringLiteral("3"), QStringLiteral("0:") + hex, QStringLiteral("-3:") + hex,
          QStringLiteral("03:") + hex, QStringLiteral("3:") + hex.left(63), QStringLiteral("3:") + hex + u'a',
          QStringLiteral("3:") + hex.left(63) + u'g', QStringLiteral("x:y"), QStringLiteral("3 :") + hex,
          QStringLiteral("1234567890123456789:") + hex})
        EXPECT_FALSE(AuditHead::parse(bad).has_value()) << qPrintable(bad);
    EXPECT_TRUE(AuditHead::parse(QStringLiteral("123456789012345678:") + hex).has_value());
}

TEST(AuditHeadTest, TheEntryToReadIsCountedFromTheNewest)
{
    EXPECT_EQ(AuditHeadCheck::newestFirstOffset(52, headAt(52, 'a')), 0);
    EXPECT_EQ(AuditHeadCheck::newestFirstOffset(52, headAt(40, 'a')), 12);
    EXPECT_EQ(AuditHeadCheck::newestFirstOffset(40, headAt(52, 'a')), std::nullopt);
    EXPECT_EQ(AuditHeadCheck::newestFirstOffset(0, headAt(1, 'a')), std::nullopt);
}

TEST(AuditHeadTest, AGrowingLogHoldsTheHead)
{
    const AuditHeadCheck same = AuditHeadCheck::of(52, headAt(52, 'a'), headAt(52, 'a'));
    EXPECT_TRUE(same.holds());
    EXPECT_TRUE(same.describe().isEmpty());
    EXPECT_TRUE(AuditHeadCheck::of(60, headAt(52, 'a'), headAt(52, 'a')).holds());
}

TEST(AuditHeadTest, ACutOffLogNamesTheMissingEntries)
{
    const AuditHeadCheck check = AuditHeadCheck::of(40, headAt(52, 'a'), std::nullopt);
    EXPECT_EQ(check.outcome(), AuditHeadCheck::Outcome::CutOff);
    EXPECT_EQ(check.firstMissing(), 41);
    EXPECT_EQ(check.expected().sequence, 52);
    EXPECT_EQ(
        check.describe(),
        QStringLiteral("the audit log ends at entry 40, but entry 52 was exported earlier: entries 41 to "
                       "52 are missing (cut off the end)"));
    // An emptied log is cut off from its first entry.
    EXPECT_EQ(AuditHeadCheck::of(0, headAt(3, 'a'), std::nullopt).firstMissing(), 1);
}

TEST(AuditHeadTest, ARewrittenEntryIsNamed)
{
    const AuditHeadCheck other = AuditHeadCheck::of(60, headAt(52, 'a'), headAt(52, 'b'));
    EXPECT_EQ(other.outcome(), AuditHeadCheck::Outcome::Rewritten);
    EXPECT_TRUE(other.describe().startsWith(QStringLiteral(
        "entry 52 is not the one exported earlier: the audit log was rewritten from there on")));
    EXPECT_TRUE(other.describe().contains(headAt(52, 'b').text()));
    // A gap in the numbering puts another sequence at the expected offset.
    EXPECT_EQ(AuditHeadCheck::of(60, headAt(52, 'a'), headAt(51, 'a')).outcome(),
              AuditHeadCheck::Outcome::Rewritten);
    const AuditHeadCheck gone = AuditHeadCheck::of(60, headAt(52, 'a'), std::nullopt);
    EXPECT_EQ(gone.outcome(), AuditHeadCheck::Outcome::Rewritten);
    EXPECT_TRUE(gone.describe().endsWith(QStringLiteral("(now missing)")));
}

} // namespace
} // namespace tokendesk::test
