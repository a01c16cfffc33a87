// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/core/TokenFormat.h"

#include "models/crypto/Crypto.h"

#include <QByteArray>
#include <QSet>
#include <QString>

#include <gtest/gtest.h>

#include <array>
#include <string>

using namespace tokendesk;

namespace {

constexpr QLatin1StringView kAlphabet{"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"};

// Hands out a scripted byte stream, so the mapping from random bytes to characters is testable.
class ScriptedCrypto final : public Crypto
{
public:
    explicit ScriptedCrypto(QByteArray stream) : m_stream(std::move(stream)) {}

    QString name() const override { return QStringLiteral("scripted"); }
    QByteArray randomBytes(qsizetype count) const override
    {
        QByteArray out;
        for (qsizetype i = 0; i < count; ++i)
            out.append(m_stream.at((m_position++) % m_stream.size()));
        return out;
    }
    QByteArray sha256(QByteArrayView) const override { return {}; }
    QByteArray hmacSha256(QByteArrayView, QByteArrayView) const override { return {}; }
    bool constantTimeEquals(QByteArrayView, QByteArrayView) const override { return false; }

    qsizetype consumed() const { return m_position; }

private:
    QByteArray m_stream;
    mutable qsizetype m_position = 0;
};

QByteArray generated()
{
    return TokenFormat::generate(*defaultCrypto()).view().toByteArray();
}

// A valid token built from a chosen random part, with its checksum.
QByteArray tokenWithRandomPart(const QByteArray& randomPart)
{
    return "tdk_" + randomPart + TokenFormat::base62Checksum(randomPart).toLatin1();
}

void expectInvalid(const QByteArray& token, const QString& expectedWording)
{
    const Result<Unit> result = TokenFormat::parse(token);
    ASSERT_FALSE(result.ok()) << token.toStdString();
    EXPECT_EQ(result.code(), ErrorCode::ApiKeyInvalid);
    EXPECT_TRUE(result.error().message.contains(expectedWording, Qt::CaseInsensitive))
        << "message: " << result.error().message.toStdString()
        << "\nexpected it to mention: " << expectedWording.toStdString();
    // The message may reach a log or a screen: it must not quote the (possibly real) secret.
    if (token.size() > 8) {
        const QString body = QString::fromLatin1(token.mid(4, 8));
        EXPECT_FALSE(result.error().message.contains(body)) << result.error().message.toStdString();
    }
}

TEST(TokenFormat, GeneratedTokenHasPrefixLengthAndAlphabet)
{
    const QByteArray token = generated();
    EXPECT_EQ(token.size(), TokenFormat::kTotalLength);
    EXPECT_EQ(token.size(), 40);
    EXPECT_TRUE(token.startsWith("tdk_"));
    for (const char c : token.mid(4))
        EXPECT_TRUE(kAlphabet.contains(QLatin1Char(c))) << "unexpected character " << c;
}

TEST(TokenFormat, GeneratedTokenCarriesChecksumOfItsRandomPart)
{
    const QByteArray token = generated();
    const QByteArray randomPart = token.mid(4, TokenFormat::kRandomLength);
    EXPECT_EQ(token.mid(4 + TokenFormat::kRandomLength), TokenFormat::base62Checksum(randomPart).toLatin1());
    EXPECT_TRUE(TokenFormat::parse(token).ok());
}

TEST(TokenFormat, ChecksumIsZeroPaddedBigEndianBase62OfCrc32)
{
    // CRC32("123456789") = 0xCBF43926, the standard check value; CRC32("") = 0.
    EXPECT_EQ(TokenFormat::base62Checksum("123456789"), QStringLiteral("3jZRME"));
    EXPECT_EQ(TokenFormat::base62Checksum(""), QStringLiteral("000000"));
    EXPECT_EQ(TokenFormat::base62Checksum("0123456789ABCDEFGHIJKLMNOPQRST"), QStringLiteral("4PMbyp"));
}

TEST(TokenFormat, MapsAcceptedBytesModulo62)
{
    QByteArray stream;
    for (int i = 0; i < 40; ++i)
        stream.append(static_cast<char>(62 + i)); // 62 maps to 0 = '0', 63 to 1 = '1', ...
    ScriptedCrypto crypto(stream);
    EXPECT_EQ(TokenFormat::generate(crypto).view(),
              QByteArrayView("tdk_0123456789ABCDEFGHIJKLMNOPQRST4PMbyp"));
}

TEST(TokenFormat, RejectsBytesFrom248UpSoEveryCharacterIsEquallyLikely)
{
    // 248..255 would make '0'..'7' more likely than the rest if they were reduced modulo 62.
    QByteArray stream;
    for (int b = 248; b <= 255; ++b)
        stream.append(static_cast<char>(b));
    stream.append(static_cast<char>(247)); // 247 % 62 = 61 → 'z', the last accepted value
    for (int i = 0; i < 29; ++i)
        stream.append(static_cast<char>(i));
    stream.append(QByteArray(40, '\xff'));
    ScriptedCrypto crypto(stream);
    const QByteArray token = TokenFormat::generate(crypto).view().toByteArray();
    EXPECT_EQ(token.mid(4, 30), QByteArray("z0123456789ABCDEFGHIJKLMNOPQRS"));
    EXPECT_TRUE(TokenFormat::parse(token).ok());
}

TEST(TokenFormat, DrawsAgainWhenABatchIsAllRejected)
{
    QByteArray stream(100, '\xfe');
    for (int i = 0; i < 30; ++i)
        stream.append(static_cast<char>(i + 124)); // 124..153 → 0..29
    ScriptedCrypto crypto(stream);
    const QByteArray token = TokenFormat::generate(crypto).view().toByteArray();
    EXPECT_EQ(token, QByteArray("tdk_0123456789ABCDEFGHIJKLMNOPQRST4PMbyp"));
    EXPECT_GE(crypto.consumed(), 130);
}

TEST(TokenFormat, ParseAcceptsAValidToken)
{
    EXPECT_TRUE(TokenFormat::parse("tdk_0123456789ABCDEFGHIJKLMNOPQRST4PMbyp").ok());
}

TEST(TokenFormat, ParseRejectsWrongPrefix)
{
    const QByteArray token = generated();
    expectInvalid("tdx_" + token.mid(4), QStringLiteral("prefix"));
    expectInvalid("TDK_" + token.mid(4), QStringLiteral("prefix"));
    expectInvalid("xtdk_" + token.mid(4), QStringLiteral("prefix"));
    expectInvalid(token.mid(4), QStringLiteral("prefix"));
    expectInvalid("", QStringLiteral("prefix"));
    expectInvalid("tdk", QStringLiteral("prefix"));
}

TEST(TokenFormat, ParseRejectsWrongLength)
{
    const QByteArray token = generated();
    expectInvalid(token.chopped(1), QStringLiteral("too short"));
    expectInvalid("tdk_", QStringLiteral("too short"));
    expectInvalid(token + "a", QStringLiteral("too long"));
    expectInvalid(token + token, QStringLiteral("too long"));
}

TEST(TokenFormat, ParseRejectsCharactersOutsideBase62)
{
    const QByteArray token = generated();
    for (const char bad : {'-', '_', ' ', '+', '/', '=', '\0', '\n', '\x80', '\xc3'}) {
        for (const int position : {4, 20, 33, 39}) {
            QByteArray altered = token;
            altered[position] = bad;
            expectInvalid(altered, QStringLiteral("character"));
        }
    }
}

TEST(TokenFormat, ParseRejectsAnyAlteredRandomCharacter)
{
    // CRC32 catches every burst error up to 32 bits, so any single substituted character fails.
    const QByteArray token = generated();
    for (int position = 4; position < 4 + TokenFormat::kRandomLength; ++position) {
        QByteArray altered = token;
        altered[position] = altered[position] == 'a' ? 'b' : 'a';
        expectInvalid(altered, QStringLiteral("checksum"));
    }
}

TEST(TokenFormat, ParseRejectsAnyAlteredChecksumCharacter)
{
    const QByteArray token = generated();
    for (int position = 4 + TokenFormat::kRandomLength; position < TokenFormat::kTotalLength; ++position) {
        QByteArray altered = token;
        altered[position] = altered[position] == 'Z' ? 'Y' : 'Z';
        expectInvalid(altered, QStringLiteral("checksum"));
    }
}

TEST(TokenFormat, ParseRejectsSwappedNeighbours)
{
    // A transposition is the other common typo.
    const QByteArray token = tokenWithRandomPart("0123456789ABCDEFGHIJKLMNOPQRST");
    ASSERT_TRUE(TokenFormat::parse(token).ok());
    QByteArray swapped = token;
    std::swap(swapped[10], swapped[11]);
    expectInvalid(swapped, QStringLiteral("checksum"));
}

TEST(TokenFormat, MaskedShowsPrefixEllipsisAndLastFour)
{
    const QByteArray token = tokenWithRandomPart("0123456789ABCDEFGHIJKLMNOPQRST");
    EXPECT_EQ(TokenFormat::masked(token), QStringLiteral("tdk_\u2026Mbyp"));
    EXPECT_EQ(TokenFormat::masked(token).size(), 9);
    EXPECT_EQ(TokenFormat::maskedFromLast4(QStringLiteral("Mbyp")), TokenFormat::masked(token));
    EXPECT_EQ(TokenFormat::masked(token).toUtf8(), QByteArray("tdk_\xe2\x80\xa6Mbyp"));
}

TEST(TokenFormat, ThousandGeneratedTokensAreDistinctAndValid)
{
    QSet<QByteArray> seen;
    for (int i = 0; i < 1000; ++i) {
        const QByteArray token = generated();
        ASSERT_TRUE(TokenFormat::parse(token).ok()) << "generated token " << i << " does not parse";
        seen.insert(token);
    }
    EXPECT_EQ(seen.size(), 1000);
}

TEST(TokenFormat, CharacterDistributionIsRoughlyUniform)
{
    // 300,000 characters, about 4,839 per symbol. For 61 degrees of freedom the chi-square
    // statistic exceeds 200 with probability below 1e-15, so this does not flake; plain
    // "byte % 62" without rejection scores about 2,000 here and is caught.
    std::array<int, 62> counts{};
    constexpr int kTokens = 10000;
    for (int i = 0; i < kTokens; ++i) {
        const QByteArray token = generated();
        for (const char c : token.mid(4, TokenFormat::kRandomLength)) {
            const qsizetype index = kAlphabet.indexOf(QLatin1Char(c));
            ASSERT_GE(index, 0);
            ++counts[static_cast<std::size_t>(index)];
        }
    }
    const double expected = double(kTokens) * TokenFormat::kRandomLength / 62.0;
    double chiSquare = 0;
    for (const int count : counts)
        chiSquare += (count - expected) * (count - expected) / expected;
    EXPECT_LT(chiSquare, 200.0);
    for (std::size_t i = 0; i < counts.size(); ++i)
        EXPECT_GT(counts[i], 0) << "character " << kAlphabet.at(static_cast<qsizetype>(i)).toLatin1()
                                << " never generated";
}

} // namespace
