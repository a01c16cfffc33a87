// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/core/Validation.h"

#include <QDateTime>
#include <QString>
#include <QTimeZone>

#include <gtest/gtest.h>

using namespace tokendesk;
using namespace std::chrono_literals;

namespace {

template <typename T> void expectInvalid(const Result<T>& result, const QString& rule, const char* input)
{
    ASSERT_FALSE(result.ok()) << "accepted: " << input;
    EXPECT_EQ(result.code(), ErrorCode::InvalidInput) << input;
    EXPECT_TRUE(result.error().message.contains(rule, Qt::CaseInsensitive))
        << "input: " << input << "\nmessage: " << result.error().message.toStdString()
        << "\nexpected it to mention: " << rule.toStdString();
}

QString repeated(const QString& unit, int times)
{
    QString text;
    for (int i = 0; i < times; ++i)
        text += unit;
    return text;
}

// --- labels -------------------------------------------------------------------------------

TEST(ValidationLabel, AcceptsAndTrims)
{
    EXPECT_EQ(Validation::label(QStringLiteral("ci deploy")).value(), QStringLiteral("ci deploy"));
    EXPECT_EQ(Validation::label(QStringLiteral("  ci deploy \t ")).value(), QStringLiteral("ci deploy"));
    EXPECT_EQ(Validation::label(QStringLiteral("Zürich – prod 🚀")).value(),
              QStringLiteral("Zürich – prod 🚀"));
}

TEST(ValidationLabel, RejectsEmptyAndBlank)
{
    expectInvalid(Validation::label(QString()), QStringLiteral("empty"), "null");
    expectInvalid(Validation::label(QStringLiteral("")), QStringLiteral("empty"), "\"\"");
    expectInvalid(Validation::label(QStringLiteral(" \t\n ")), QStringLiteral("empty"), "blank");
}

TEST(ValidationLabel, AllowsSixtyFourCharactersButNotSixtyFive)
{
    EXPECT_TRUE(Validation::label(repeated(QStringLiteral("a"), 64)).ok());
    expectInvalid(Validation::label(repeated(QStringLiteral("a"), 65)), QStringLiteral("64"), "65 x a");
    // Surrounding blanks do not count.
    EXPECT_TRUE(
        Validation::label(QStringLiteral("  ") + repeated(QStringLiteral("a"), 64) + QStringLiteral("  "))
            .ok());
}

TEST(ValidationLabel, CountsCodePointsNotUtf16Units)
{
    // U+1F511 KEY is two UTF-16 units: 64 of them are 128 units but 64 characters.
    const QString key = QStringLiteral("\U0001F511");
    ASSERT_EQ(key.size(), 2);
    EXPECT_TRUE(Validation::label(repeated(key, 64)).ok());
    expectInvalid(Validation::label(repeated(key, 65)), QStringLiteral("64"), "65 emoji");
}

TEST(ValidationLabel, RejectsControlCharactersAndLineBreaks)
{
    expectInvalid(Validation::label(QStringLiteral("a\nb")), QStringLiteral("line break"), "newline");
    expectInvalid(Validation::label(QStringLiteral("a\rb")), QStringLiteral("control"), "CR");
    expectInvalid(Validation::label(QStringLiteral("a\tb")), QStringLiteral("control"), "tab");
    expectInvalid(Validation::label(QStringLiteral("bell\a")), QStringLiteral("control"), "BEL");
    expectInvalid(Validation::label(QStringLiteral("esc\x1b[31m")), QStringLiteral("control"), "ESC");
    expectInvalid(Validation::label(QStringLiteral("del\x7f")), QStringLiteral("control"), "DEL");
    expectInvalid(Validation::label(QStringLiteral("c1\u0085x")), QStringLiteral("control"), "NEL");
    expectInvalid(Validation::label(QStringLiteral("a\u2028b")), QStringLiteral("line break"), "U+2028");
    expectInvalid(Validation::label(QStringLiteral("a\u2029b")), QStringLiteral("line break"), "U+2029");
}

TEST(ValidationLabel, RejectsBidiControls)
{
    // "invoice\u202Efdp.exe" displays as "invoiceexe.pdf".
    for (const char16_t c : {u'\u202A', u'\u202B', u'\u202C', u'\u202D', u'\u202E', u'\u2066', u'\u2067',
                             u'\u2068', u'\u2069', u'\u200E', u'\u200F', u'\u061C'}) {
        const QString text = QStringLiteral("invoice") + QChar(c) + QStringLiteral("fdp.exe");
        expectInvalid(Validation::label(text), QStringLiteral("direction"),
                      QString::number(c, 16).toLatin1().constData());
    }
}

TEST(ValidationLabel, RejectsNoncharactersAndTheReplacementCharacter)
{
    // U+FFFD is what a lenient decoder leaves of bytes that were not UTF-8; the others are
    // reserved by Unicode as never being characters.
    for (const char32_t c :
         {U'\uFFFD', U'\uFFFE', U'\uFFFF', U'\uFDD0', U'\uFDEF', U'\U0001FFFF', U'\U0010FFFE'}) {
        const QString text = QStringLiteral("deploy ") + QString::fromUcs4(&c, 1);
        expectInvalid(Validation::label(text), QStringLiteral("not text"),
                      QString::number(quint32(c), 16).toLatin1().constData());
    }
    // Their neighbours are ordinary characters.
    for (const char32_t c : {U'\uFFFC', U'\uFDCF', U'\uFDF0', U'\U0001FFFD'})
        EXPECT_TRUE(Validation::label(QStringLiteral("a") + QString::fromUcs4(&c, 1)).ok());
}

TEST(ValidationLabel, RejectsUnpairedSurrogates)
{
    const QString lone = QStringLiteral("a") + QChar(0xD83D) + QStringLiteral("b");
    expectInvalid(Validation::label(lone), QStringLiteral("Unicode"), "lone high surrogate");
    const QString reversed = QStringLiteral("a") + QChar(0xDD11) + QChar(0xD83D);
    expectInvalid(Validation::label(reversed), QStringLiteral("Unicode"), "reversed pair");
}

// --- user names ---------------------------------------------------------------------------

TEST(ValidationUserName, AcceptsTypicalNames)
{
    for (const QString& name :
         {QStringLiteral("alice"), QStringLiteral("bob.smith@example.com"), QStringLiteral("j_doe-2"),
          QStringLiteral("42"), QStringLiteral("Zoë"), QStringLiteral("Ärger")})
        EXPECT_TRUE(Validation::userName(name).ok()) << name.toStdString();
    EXPECT_EQ(Validation::userName(QStringLiteral(" alice ")).value(), QStringLiteral("alice"));
    EXPECT_TRUE(Validation::userName(repeated(QStringLiteral("u"), 64)).ok());
}

TEST(ValidationUserName, RejectsBadNames)
{
    expectInvalid(Validation::userName(QString()), QStringLiteral("empty"), "empty");
    expectInvalid(Validation::userName(QStringLiteral("   ")), QStringLiteral("empty"), "blank");
    expectInvalid(Validation::userName(repeated(QStringLiteral("u"), 65)), QStringLiteral("64"), "65 chars");
    expectInvalid(Validation::userName(QStringLiteral(".alice")), QStringLiteral("start"), ".alice");
    expectInvalid(Validation::userName(QStringLiteral("-alice")), QStringLiteral("start"), "-alice");
    expectInvalid(Validation::userName(QStringLiteral("@alice")), QStringLiteral("start"), "@alice");
    for (const QString& name : {QStringLiteral("a b"), QStringLiteral("a/b"), QStringLiteral("a\nb"),
                                QStringLiteral("a;b"), QStringLiteral("a\u202Eb"), QStringLiteral("a🚀")})
        expectInvalid(Validation::userName(name), QStringLiteral("only"), name.toUtf8().constData());
}

// --- durations ----------------------------------------------------------------------------

TEST(ValidationDuration, ParsesEachUnit)
{
    EXPECT_EQ(Validation::duration(QStringLiteral("90s")).value(), 90s);
    EXPECT_EQ(Validation::duration(QStringLiteral("15m")).value(), 15min);
    EXPECT_EQ(Validation::duration(QStringLiteral("12h")).value(), 12h);
    EXPECT_EQ(Validation::duration(QStringLiteral("30d")).value(), std::chrono::days(30));
    EXPECT_EQ(Validation::duration(QStringLiteral("2w")).value(), std::chrono::weeks(2));
    EXPECT_EQ(Validation::duration(QStringLiteral(" 1s ")).value(), 1s);
    EXPECT_EQ(Validation::duration(QStringLiteral("007d")).value(), std::chrono::days(7));
}

TEST(ValidationDuration, AllowsUpToTenYears)
{
    EXPECT_EQ(Validation::duration(QStringLiteral("3650d")).value(), std::chrono::days(3650));
    EXPECT_EQ(Validation::duration(QStringLiteral("87600h")).value(), std::chrono::days(3650));
    EXPECT_EQ(Validation::duration(QStringLiteral("315360000s")).value(), std::chrono::days(3650));
    EXPECT_EQ(Validation::duration(QStringLiteral("521w")).value(), std::chrono::weeks(521));
    expectInvalid(Validation::duration(QStringLiteral("3651d")), QStringLiteral("10 years"), "3651d");
    expectInvalid(Validation::duration(QStringLiteral("315360001s")), QStringLiteral("10 years"),
                  "315360001s");
    expectInvalid(Validation::duration(QStringLiteral("522w")), QStringLiteral("10 years"), "522w");
}

TEST(ValidationDuration, RejectsOverflow)
{
    for (const char* text : {"9223372036854775807s", "9223372036854775808s", "99999999999999999999999999d",
                             "30500000000000000w"})
        expectInvalid(Validation::duration(QString::fromLatin1(text)), QStringLiteral("10 years"), text);
}

TEST(ValidationDuration, RejectsZero)
{
    expectInvalid(Validation::duration(QStringLiteral("0s")), QStringLiteral("greater than zero"), "0s");
    expectInvalid(Validation::duration(QStringLiteral("000w")), QStringLiteral("greater than zero"), "000w");
}

TEST(ValidationDuration, RejectsGarbage)
{
    for (const char* text : {"", " ", "s", "5", "d5", "5x", "5D", "5M", "-5d", "+5d", "5 d", "1h30m", "1.5h",
                             "0x10s", "5dd", "five d", "1e3s", "5s\n"}) {
        // "5s\n" is trimmed to "5s", so it is the one valid input in this list.
        if (QByteArrayView(text) == QByteArrayView("5s\n")) {
            EXPECT_TRUE(Validation::duration(QString::fromLatin1(text)).ok());
            continue;
        }
        expectInvalid(Validation::duration(QString::fromLatin1(text)), QStringLiteral("for example"), text);
    }
    // Digits from other scripts are digits to Unicode but not to this parser.
    expectInvalid(Validation::duration(QStringLiteral("\u0665d")), QStringLiteral("for example"),
                  "Arabic-Indic five");
    expectInvalid(Validation::duration(QStringLiteral("\uFF15d")), QStringLiteral("for example"),
                  "fullwidth five");
}

// --- expiry -------------------------------------------------------------------------------

class ValidationExpiry : public ::testing::Test
{
protected:
    const QDateTime now{QDate(2026, 3, 14), QTime(15, 9, 26), QTimeZone::utc()};
};

TEST_F(ValidationExpiry, AcceptsFutureWithinTenYears)
{
    EXPECT_EQ(Validation::expiry(now.addSecs(1), now).value(), now.addSecs(1));
    EXPECT_EQ(Validation::expiry(now.addDays(30), now).value(), now.addDays(30));
    EXPECT_EQ(Validation::expiry(now.addYears(10), now).value(), now.addYears(10));
}

TEST_F(ValidationExpiry, RejectsNowAndPast)
{
    expectInvalid(Validation::expiry(now, now), QStringLiteral("future"), "now");
    expectInvalid(Validation::expiry(now.addMSecs(-1), now), QStringLiteral("future"), "1 ms ago");
    expectInvalid(Validation::expiry(now.addYears(-1), now), QStringLiteral("future"), "a year ago");
}

TEST_F(ValidationExpiry, RejectsMoreThanTenYearsAhead)
{
    expectInvalid(Validation::expiry(now.addYears(10).addSecs(1), now), QStringLiteral("10 years"), "10y+1s");
    expectInvalid(Validation::expiry(now.addYears(50), now), QStringLiteral("10 years"), "50y");
}

TEST_F(ValidationExpiry, ComparesInstantsAcrossTimeZones)
{
    // 16:09:27 at UTC+1 is one second after now.
    const QDateTime inBerlin(QDate(2026, 3, 14), QTime(16, 9, 27), QTimeZone(3600));
    EXPECT_TRUE(Validation::expiry(inBerlin, now).ok());
    const QDateTime sameInstant(QDate(2026, 3, 14), QTime(16, 9, 26), QTimeZone(3600));
    expectInvalid(Validation::expiry(sameInstant, now), QStringLiteral("future"), "same instant");
}

TEST_F(ValidationExpiry, NullMeansNeverAndIsAccepted)
{
    const Result<QDateTime> result = Validation::expiry(QDateTime(), now);
    ASSERT_TRUE(result.ok());
    EXPECT_TRUE(result.value().isNull());
}

TEST_F(ValidationExpiry, RejectsAnInvalidDate)
{
    const QDateTime invalid(QDate(2026, 2, 30), QTime(12, 0), QTimeZone::utc());
    ASSERT_FALSE(invalid.isValid());
    if (invalid.isNull())
        GTEST_SKIP() << "an invalid date yields a null QDateTime on this Qt version";
    expectInvalid(Validation::expiry(invalid, now), QStringLiteral("valid"), "30 February");
}

} // namespace
