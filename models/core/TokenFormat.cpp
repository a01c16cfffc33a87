// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/core/TokenFormat.h"

#include "models/crypto/Crypto.h"

#include <QCoreApplication>

#include <algorithm>
#include <array>
#include <utility>
#include <zlib.h>

namespace tokendesk::TokenFormat {

namespace {

constexpr std::array<char, 62> kAlphabet = {
    '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K',
    'L', 'M', 'N', 'O', 'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W', 'X', 'Y', 'Z', 'a', 'b', 'c', 'd', 'e', 'f',
    'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z'};
constexpr int kBase = static_cast<int>(kAlphabet.size());
// 248 = 4 * 62 is the largest multiple of 62 that fits in a byte. Bytes at or above it are
// dropped, so every accepted byte maps onto the 62 characters with exactly equal probability.
constexpr int kRejectFrom = 256 / kBase * kBase;

bool isBase62(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

quint32 crc32Of(QByteArrayView bytes)
{
    return static_cast<quint32>(
        ::crc32(0L, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uInt>(bytes.size())));
}

QByteArray checksumBytes(QByteArrayView randomPart)
{
    // Big-endian, zero-padded: 62^6 > 2^32, so six digits hold any CRC32.
    quint64 value = crc32Of(randomPart);
    QByteArray digits(kChecksumLength, '0');
    for (int i = kChecksumLength - 1; i >= 0; --i) {
        digits[i] = kAlphabet[static_cast<std::size_t>(value % kBase)];
        value /= kBase;
    }
    return digits;
}

Error invalid(QString reason)
{
    return makeError(ErrorCode::ApiKeyInvalid, std::move(reason));
}

} // namespace

Secret generate(const Crypto& crypto)
{
    QByteArray token;
    token.reserve(kTotalLength);
    token.append(kPrefix.data(), kPrefix.size());
    // Each byte is kept with probability 248/256, so a batch of 40 nearly always yields 30
    // characters; the loop only draws again in the rare case it does not.
    while (token.size() < kPrefix.size() + kRandomLength) {
        QByteArray random = crypto.randomBytes(40);
        for (const char byte : std::as_const(random)) {
            const int value = static_cast<unsigned char>(byte);
            if (value >= kRejectFrom)
                continue;
            token.append(kAlphabet[static_cast<std::size_t>(value % kBase)]);
            if (token.size() == kPrefix.size() + kRandomLength)
                break;
        }
        secureWipe(random);
    }
    token.append(checksumBytes(QByteArrayView(token).sliced(kPrefix.size(), kRandomLength)));
    Secret secret(token);
    secureWipe(token);
    return secret;
}

Result<Unit> parse(QByteArrayView token)
{
    // The messages describe what is wrong, never the token itself: it may be a real secret with
    // a typo, and messages end up in logs and on screens.
    if (!token.startsWith(QByteArrayView(kPrefix.data(), kPrefix.size())))
        return invalid(
            QCoreApplication::translate("TokenFormat", "The API key does not start with the prefix \"%1\".")
                .arg(kPrefix));
    if (token.size() < kTotalLength)
        return invalid(QCoreApplication::translate("TokenFormat",
                                                   "The API key is too short: it must be %1 characters long.")
                           .arg(kTotalLength));
    if (token.size() > kTotalLength)
        return invalid(QCoreApplication::translate("TokenFormat",
                                                   "The API key is too long: it must be %1 characters long.")
                           .arg(kTotalLength));
    const QByteArrayView body = token.sliced(kPrefix.size());
    for (const char c : body) {
        if (!isBase62(c))
            return invalid(QCoreApplication::translate(
                "TokenFormat", "The API key contains a character other than the letters A-Z, a-z and the "
                               "digits 0-9."));
    }
    const QByteArrayView randomPart = body.first(kRandomLength);
    const QByteArrayView checksum = body.sliced(kRandomLength);
    // An ordinary comparison is fine here: the expected checksum is computed from the random part
    // the caller supplied, so its timing reveals nothing the caller does not already know.
    if (checksum != QByteArrayView(checksumBytes(randomPart)))
        return invalid(QCoreApplication::translate(
            "TokenFormat", "The API key's checksum does not match: a character has been mistyped."));
    return Unit{};
}

QString masked(QByteArrayView token)
{
    return maskedFromLast4(
        QString::fromLatin1(token.last(std::min<qsizetype>(kMaskedSuffixLength, token.size()))));
}

QString maskedFromLast4(const QString& last4)
{
    return QStringLiteral("tdk_\u2026") + last4;
}

QString base62Checksum(QByteArrayView randomPart)
{
    return QString::fromLatin1(checksumBytes(randomPart));
}

} // namespace tokendesk::TokenFormat
