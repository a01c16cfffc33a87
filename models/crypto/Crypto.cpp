// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/crypto/Crypto.h"

#include "models/crypto/OpenSslCrypto.h"

#include <openssl/crypto.h>

#ifdef TOKENDESK_HAVE_QCA
#include "models/crypto/QcaCrypto.h"
#endif

#include <QLoggingCategory>

namespace tokendesk {

namespace {
#ifdef TOKENDESK_HAVE_QCA
Q_LOGGING_CATEGORY(lcCrypto, "tokendesk.crypto", QtWarningMsg)
#endif

class GenericKeyedHmac final : public KeyedHmac
{
public:
    GenericKeyedHmac(const Crypto& crypto, QByteArrayView key) : m_crypto(crypto), m_key(key.toByteArray()) {}
    ~GenericKeyedHmac() override { m_key.fill(0); }
    QByteArray compute(QByteArrayView data) override { return m_crypto.hmacSha256(m_key, data); }

private:
    const Crypto& m_crypto;
    QByteArray m_key;
};

std::shared_ptr<const Crypto> makeDefaultCrypto()
{
#ifdef TOKENDESK_HAVE_QCA
    // A QCA build whose plugins are missing at run time must not stop the program, nor fall back
    // to QCA's std::rand()-based random source: use libcrypto, which computes the same values.
    if (QcaCrypto::isUsable())
        return std::make_shared<const QcaCrypto>();
    qCWarning(lcCrypto) << "QCA has no provider for sha256, hmac(sha256) and secure random;"
                        << "using OpenSSL libcrypto instead";
#endif
    return std::make_shared<const OpenSslCrypto>();
}
} // namespace

std::unique_ptr<KeyedHmac> Crypto::keyedHmacSha256(QByteArrayView key) const
{
    return std::make_unique<GenericKeyedHmac>(*this, key);
}

// QCA 2.3 offers HKDF and GCM only through some providers and versions; the seam's defaults
// use libcrypto, which every build links, so each implementation answers the same.
const Crypto& aeadFallback()
{
    static const OpenSslCrypto openssl;
    return openssl;
}

QByteArray Crypto::hkdfSha256(QByteArrayView ikm, QByteArrayView salt, QByteArrayView info,
                              qsizetype length) const
{
    return aeadFallback().hkdfSha256(ikm, salt, info, length);
}

QByteArray Crypto::aes256GcmSeal(QByteArrayView key, QByteArrayView nonce, QByteArrayView plaintext,
                                 QByteArrayView aad) const
{
    return aeadFallback().aes256GcmSeal(key, nonce, plaintext, aad);
}

std::optional<QByteArray> Crypto::aes256GcmOpen(QByteArrayView key, QByteArrayView nonce,
                                                QByteArrayView sealed, QByteArrayView aad) const
{
    return aeadFallback().aes256GcmOpen(key, nonce, sealed, aad);
}

std::shared_ptr<const Crypto> defaultCrypto()
{
    // Thread-safe one-time initialisation; the implementations are stateless and shareable.
    static const std::shared_ptr<const Crypto> instance = makeDefaultCrypto();
    return instance;
}

void releaseCryptoThreadState()
{
    OPENSSL_thread_stop();
}

std::vector<std::shared_ptr<const Crypto>> availableCryptos()
{
    std::vector<std::shared_ptr<const Crypto>> cryptos;
#ifdef TOKENDESK_HAVE_QCA
    cryptos.push_back(std::make_shared<const QcaCrypto>());
#endif
    cryptos.push_back(std::make_shared<const OpenSslCrypto>());
    return cryptos;
}

} // namespace tokendesk
