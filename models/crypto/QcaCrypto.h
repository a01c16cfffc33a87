// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/crypto/Crypto.h"

namespace tokendesk {

// QCA (qca-qt6). QCA itself only routes calls to plugins; SHA-256, HMAC-SHA256 and a secure
// random source all come from a provider such as qca-ossl. Deliberately free of QCA headers so
// that code using this class needs neither QCA's include paths nor its types.
class QcaCrypto final : public Crypto
{
public:
    QcaCrypto();

    // True when a plugin provides sha256, hmac(sha256) and a random source other than QCA's
    // built-in one (which is std::rand()). Without that this class must not be used.
    static bool isUsable();

    QString name() const override;
    QByteArray randomBytes(qsizetype count) const override;
    QByteArray sha256(QByteArrayView data) const override;
    QByteArray hmacSha256(QByteArrayView key, QByteArrayView data) const override;
    std::unique_ptr<KeyedHmac> keyedHmacSha256(QByteArrayView key) const override;
    bool constantTimeEquals(QByteArrayView a, QByteArrayView b) const override;
    // hkdfSha256, aes256GcmSeal and aes256GcmOpen are Crypto's defaults, i.e. libcrypto: QCA's
    // "hkdf(sha256)" and GCM mode depend on the provider plugin and its version, and a wrong
    // guess at their behaviour could not be tested on a machine without QCA.
};

} // namespace tokendesk
