// SPDX-License-Identifier: GPL-3.0-or-later
// TokenFormat on arbitrary bytes: parse() must refuse anything that is not prefix + 30 base62 +
// the checksum of those 30, never read out of bounds, and agree with masked() and the checksum.
#include "models/core/TokenFormat.h"
#include "tests/fuzz/FuzzSupport.h"

using namespace tokendesk;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArray input = fuzz::bytes(data, size);
    const Result<Unit> parsed = TokenFormat::parse(input);
    const QString masked = TokenFormat::masked(input);
    (void)TokenFormat::maskedFromLast4(QString::fromUtf8(input));
    const QString checksum = TokenFormat::base62Checksum(input);
    fuzz::require(checksum.size() == TokenFormat::kChecksumLength, "checksum of the wrong length");
    if (parsed) {
        // Accepted: then it is exactly the documented shape, its checksum matches, and the
        // masked form shows nothing but the prefix and the last four characters.
        fuzz::require(input.size() == TokenFormat::kTotalLength, "accepted a token of the wrong length");
        fuzz::require(
            input.startsWith(QByteArrayView(TokenFormat::kPrefix.data(), TokenFormat::kPrefix.size())),
            "accepted a token without the prefix");
        const QByteArray random = input.mid(TokenFormat::kPrefix.size(), TokenFormat::kRandomLength);
        fuzz::require(TokenFormat::base62Checksum(random).toLatin1() ==
                          input.right(TokenFormat::kChecksumLength),
                      "accepted a token whose checksum does not match");
        fuzz::require(masked.endsWith(QString::fromLatin1(input.right(TokenFormat::kMaskedSuffixLength))),
                      "masked form does not end in the last four characters");
        fuzz::require(!masked.contains(QString::fromLatin1(random)), "masked form shows the secret");
    } else {
        fuzz::require(parsed.code() == ErrorCode::ApiKeyInvalid, "refused with the wrong error code");
        fuzz::require(!parsed.error().message.isEmpty(), "refused without a message");
    }
    return 0;
}
