// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/Result.h"
#include "models/core/Secret.h"

#include <QString>

namespace tokendesk {

class Crypto;

// tdk_<30 base62 random chars><6 base62 chars of CRC32(random part)>
// 30 base62 characters carry 30 * log2(62) = 178.6 bits of entropy. The readable prefix lets
// secret scanners recognise a leaked token; the checksum rejects typos without a store lookup.
namespace TokenFormat {

inline constexpr QLatin1StringView kPrefix{"tdk_"};
inline constexpr int kRandomLength = 30;
inline constexpr int kChecksumLength = 6;
inline constexpr int kTotalLength = 4 + kRandomLength + kChecksumLength;
inline constexpr int kMaskedSuffixLength = 4;

Secret generate(const Crypto& crypto);

// Checks prefix, length, alphabet and checksum; never touches a store.
// Fails with ApiKeyInvalid and a message that says which part is wrong.
Result<Unit> parse(QByteArrayView token);

// "tdk_…abcd": the prefix and the last four characters.
QString masked(QByteArrayView token);
QString maskedFromLast4(const QString& last4);

QString base62Checksum(QByteArrayView randomPart);

} // namespace TokenFormat
} // namespace tokendesk
