// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/crypto/Crypto.h"

namespace tokendesk {

// OpenSSL 3 libcrypto. Always compiled: it is the fallback when QCA is absent or has no provider
// for what we need. Stateless, so one instance may be shared by every thread.
class OpenSslCrypto final : public Crypto
{
public:
    // Initialises libcrypto (configuration, algorithms) on the constructing thread. Left to the
    // first digest, that would happen on whichever worker thread hashes first, whose per-thread
    // error state OpenSSL 3 then never frees (LeakSanitizer reports it at exit).
    OpenSslCrypto();
    QString name() const override;
    QByteArray randomBytes(qsizetype count) const override;
    QByteArray sha256(QByteArrayView data) const override;
    QByteArray hmacSha256(QByteArrayView key, QByteArrayView data) const override;
    std::unique_ptr<KeyedHmac> keyedHmacSha256(QByteArrayView key) const override;
    bool constantTimeEquals(QByteArrayView a, QByteArrayView b) const override;
    QByteArray hkdfSha256(QByteArrayView ikm, QByteArrayView salt, QByteArrayView info,
                          qsizetype length) const override;
    QByteArray aes256GcmSeal(QByteArrayView key, QByteArrayView nonce, QByteArrayView plaintext,
                             QByteArrayView aad) const override;
    std::optional<QByteArray> aes256GcmOpen(QByteArrayView key, QByteArrayView nonce, QByteArrayView sealed,
                                            QByteArrayView aad) const override;
};

} // namespace tokendesk
