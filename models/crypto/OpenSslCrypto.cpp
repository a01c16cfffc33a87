// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/crypto/OpenSslCrypto.h"

#include <QtGlobal>

#include <algorithm>
#include <climits>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/rand.h>

namespace tokendesk {

namespace {

constexpr int kSha256Length = 32;
constexpr qsizetype kAesKeyLength = 32;
constexpr qsizetype kGcmNonceLength = 12;
constexpr qsizetype kGcmTagLength = 16;

// Crypto failures here mean a broken libcrypto (no provider, no entropy source). Returning
// anything would hand callers weak or empty bytes that look valid, so the process stops instead.
[[noreturn]] void fail(const char* what)
{
    const unsigned long code = ERR_get_error();
    char reason[256] = {};
    ERR_error_string_n(code, reason, sizeof reason);
    qFatal("OpenSSL %s failed: %s", what, reason);
}

// OpenSSL treats a null pointer with length 0 differently from an empty buffer in some entry
// points (notably an empty HMAC key); an empty QByteArrayView may carry a null data pointer.
const unsigned char* bytesOf(QByteArrayView view)
{
    static const unsigned char empty = 0;
    return view.isEmpty() ? &empty : reinterpret_cast<const unsigned char*>(view.data());
}

// The keyed state lives in an EVP_MAC_CTX: EVP_MAC_init with a null key starts a new message
// under the key already set, without deriving the inner and outer pads again.
class OpenSslKeyedHmac final : public KeyedHmac
{
public:
    explicit OpenSslKeyedHmac(QByteArrayView key)
    {
        EVP_MAC* mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
        if (mac == nullptr)
            fail("EVP_MAC_fetch(HMAC)");
        m_context = EVP_MAC_CTX_new(mac);
        EVP_MAC_free(mac); // the context holds its own reference
        if (m_context == nullptr)
            fail("EVP_MAC_CTX_new");
        char digest[] = "SHA256";
        const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                                     OSSL_PARAM_construct_end()};
        // A null key means "keep the previous one" to EVP_MAC_init, so the empty key is passed as
        // one zero byte: HMAC pads keys with zeros, which makes the two the same key.
        static const unsigned char zeroByte = 0;
        const unsigned char* keyBytes =
            key.isEmpty() ? &zeroByte : reinterpret_cast<const unsigned char*>(key.data());
        const size_t keyLength = key.isEmpty() ? 1 : static_cast<size_t>(key.size());
        if (EVP_MAC_init(m_context, keyBytes, keyLength, params) != 1)
            fail("EVP_MAC_init");
    }
    ~OpenSslKeyedHmac() override { EVP_MAC_CTX_free(m_context); }
    OpenSslKeyedHmac(const OpenSslKeyedHmac&) = delete;
    OpenSslKeyedHmac& operator=(const OpenSslKeyedHmac&) = delete;

    QByteArray compute(QByteArrayView data) override
    {
        QByteArray mac(kSha256Length, Qt::Uninitialized);
        size_t length = 0;
        if (m_used && EVP_MAC_init(m_context, nullptr, 0, nullptr) != 1)
            fail("EVP_MAC_init");
        m_used = true;
        if (EVP_MAC_update(m_context, bytesOf(data), static_cast<size_t>(data.size())) != 1 ||
            EVP_MAC_final(m_context, reinterpret_cast<unsigned char*>(mac.data()), &length,
                          static_cast<size_t>(mac.size())) != 1 ||
            length != kSha256Length)
            fail("HMAC-SHA256");
        return mac;
    }

private:
    EVP_MAC_CTX* m_context = nullptr;
    bool m_used = false;
};

// One AES-256-GCM operation; the context is freed however the operation ends.
class GcmContext
{
public:
    GcmContext() : m_context(EVP_CIPHER_CTX_new())
    {
        if (m_context == nullptr)
            fail("EVP_CIPHER_CTX_new");
    }
    ~GcmContext() { EVP_CIPHER_CTX_free(m_context); }
    GcmContext(const GcmContext&) = delete;
    GcmContext& operator=(const GcmContext&) = delete;
    EVP_CIPHER_CTX* get() const { return m_context; }

    // Sets cipher, key and nonce; then feeds the AAD. False only on an OpenSSL failure.
    bool start(bool encrypt, QByteArrayView key, QByteArrayView nonce, QByteArrayView aad)
    {
        int length = 0;
        auto init = encrypt ? EVP_EncryptInit_ex : EVP_DecryptInit_ex;
        auto update = encrypt ? EVP_EncryptUpdate : EVP_DecryptUpdate;
        return init(m_context, EVP_aes_256_gcm(), nullptr, nullptr, nullptr) == 1 &&
               EVP_CIPHER_CTX_ctrl(m_context, EVP_CTRL_GCM_SET_IVLEN, int(kGcmNonceLength), nullptr) == 1 &&
               init(m_context, nullptr, nullptr, bytesOf(key), bytesOf(nonce)) == 1 &&
               (aad.isEmpty() || update(m_context, nullptr, &length, bytesOf(aad), int(aad.size())) == 1);
    }

private:
    EVP_CIPHER_CTX* m_context;
};

} // namespace

OpenSslCrypto::OpenSslCrypto()
{
    OPENSSL_init_crypto(OPENSSL_INIT_LOAD_CONFIG | OPENSSL_INIT_ADD_ALL_DIGESTS, nullptr);
}

QString OpenSslCrypto::name() const
{
    return QStringLiteral("openssl");
}

QByteArray OpenSslCrypto::randomBytes(qsizetype count) const
{
    QByteArray bytes(std::max<qsizetype>(count, 0), Qt::Uninitialized);
    // RAND_bytes takes an int, so very large requests are filled in chunks.
    qsizetype filled = 0;
    while (filled < bytes.size()) {
        const int chunk = static_cast<int>(std::min<qsizetype>(bytes.size() - filled, INT_MAX));
        if (RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data() + filled), chunk) != 1)
            fail("RAND_bytes");
        filled += chunk;
    }
    return bytes;
}

QByteArray OpenSslCrypto::sha256(QByteArrayView data) const
{
    QByteArray digest(kSha256Length, Qt::Uninitialized);
    unsigned int length = 0;
    if (EVP_Digest(bytesOf(data), static_cast<size_t>(data.size()),
                   reinterpret_cast<unsigned char*>(digest.data()), &length, EVP_sha256(), nullptr) != 1 ||
        length != kSha256Length)
        fail("SHA-256");
    return digest;
}

QByteArray OpenSslCrypto::hmacSha256(QByteArrayView key, QByteArrayView data) const
{
    QByteArray mac(kSha256Length, Qt::Uninitialized);
    size_t length = 0;
    // EVP_Q_mac rather than HMAC(): it takes the key length as size_t, so no narrowing.
    if (EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, bytesOf(key), static_cast<size_t>(key.size()),
                  bytesOf(data), static_cast<size_t>(data.size()),
                  reinterpret_cast<unsigned char*>(mac.data()), static_cast<size_t>(mac.size()),
                  &length) == nullptr ||
        length != kSha256Length)
        fail("HMAC-SHA256");
    return mac;
}

std::unique_ptr<KeyedHmac> OpenSslCrypto::keyedHmacSha256(QByteArrayView key) const
{
    return std::make_unique<OpenSslKeyedHmac>(key);
}

QByteArray OpenSslCrypto::hkdfSha256(QByteArrayView ikm, QByteArrayView salt, QByteArrayView info,
                                     qsizetype length) const
{
    if (length < 1 || length > qsizetype{255} * kSha256Length)
        qFatal("HKDF-SHA256: %lld bytes asked for; RFC 5869 allows 1 to 8160",
               static_cast<long long>(length));
    EVP_KDF* kdf = EVP_KDF_fetch(nullptr, "HKDF", nullptr);
    if (kdf == nullptr)
        fail("EVP_KDF_fetch(HKDF)");
    EVP_KDF_CTX* context = EVP_KDF_CTX_new(kdf);
    EVP_KDF_free(kdf);
    if (context == nullptr)
        fail("EVP_KDF_CTX_new");
    char digest[] = "SHA256";
    // OSSL_PARAM takes non-const buffers; HKDF only reads them.
    auto octets = [](const char* name, QByteArrayView bytes) {
        return OSSL_PARAM_construct_octet_string(name, const_cast<unsigned char*>(bytesOf(bytes)),
                                                 static_cast<size_t>(bytes.size()));
    };
    const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0),
                                 octets(OSSL_KDF_PARAM_KEY, ikm), octets(OSSL_KDF_PARAM_SALT, salt),
                                 octets(OSSL_KDF_PARAM_INFO, info), OSSL_PARAM_construct_end()};
    QByteArray out(length, Qt::Uninitialized);
    const int derived = EVP_KDF_derive(context, reinterpret_cast<unsigned char*>(out.data()),
                                       static_cast<size_t>(out.size()), params);
    EVP_KDF_CTX_free(context);
    if (derived != 1)
        fail("HKDF-SHA256");
    return out;
}

QByteArray OpenSslCrypto::aes256GcmSeal(QByteArrayView key, QByteArrayView nonce, QByteArrayView plaintext,
                                        QByteArrayView aad) const
{
    // Wrong sizes are a programming error, not input: refusing loudly beats sealing under a key
    // OpenSSL would silently read past or truncate.
    if (key.size() != kAesKeyLength || nonce.size() != kGcmNonceLength || plaintext.size() > INT_MAX / 2 ||
        aad.size() > INT_MAX / 2)
        qFatal("AES-256-GCM seal: the key must be 32 bytes and the nonce 12");
    GcmContext gcm;
    if (!gcm.start(true, key, nonce, aad))
        fail("AES-256-GCM init");
    QByteArray sealed(plaintext.size() + kGcmTagLength, Qt::Uninitialized);
    auto* out = reinterpret_cast<unsigned char*>(sealed.data());
    int written = 0;
    int finished = 0;
    if ((!plaintext.isEmpty() &&
         EVP_EncryptUpdate(gcm.get(), out, &written, bytesOf(plaintext), int(plaintext.size())) != 1) ||
        EVP_EncryptFinal_ex(gcm.get(), out + written, &finished) != 1 ||
        written + finished != plaintext.size() ||
        EVP_CIPHER_CTX_ctrl(gcm.get(), EVP_CTRL_GCM_GET_TAG, int(kGcmTagLength), out + plaintext.size()) != 1)
        fail("AES-256-GCM seal");
    return sealed;
}

std::optional<QByteArray> OpenSslCrypto::aes256GcmOpen(QByteArrayView key, QByteArrayView nonce,
                                                       QByteArrayView sealed, QByteArrayView aad) const
{
    if (key.size() != kAesKeyLength || nonce.size() != kGcmNonceLength || sealed.size() < kGcmTagLength ||
        sealed.size() > INT_MAX / 2 || aad.size() > INT_MAX / 2)
        return std::nullopt;
    const QByteArrayView ciphertext = sealed.first(sealed.size() - kGcmTagLength);
    QByteArray tag = sealed.last(kGcmTagLength).toByteArray(); // the ctrl below takes a mutable buffer
    GcmContext gcm;
    if (!gcm.start(false, key, nonce, aad))
        fail("AES-256-GCM init");
    QByteArray plaintext(ciphertext.size(), Qt::Uninitialized);
    auto* out = reinterpret_cast<unsigned char*>(plaintext.data());
    int written = 0;
    int finished = 0;
    if ((!ciphertext.isEmpty() &&
         EVP_DecryptUpdate(gcm.get(), out, &written, bytesOf(ciphertext), int(ciphertext.size())) != 1) ||
        EVP_CIPHER_CTX_ctrl(gcm.get(), EVP_CTRL_GCM_SET_TAG, int(kGcmTagLength), tag.data()) != 1 ||
        EVP_DecryptFinal_ex(gcm.get(), out + written, &finished) != 1) {
        // A forged or damaged message: what was decrypted of it is wiped, not handed out.
        plaintext.fill(0);
        ERR_clear_error();
        return std::nullopt;
    }
    return plaintext;
}

bool OpenSslCrypto::constantTimeEquals(QByteArrayView a, QByteArrayView b) const
{
    // Lengths are not secret (every token and digest has a fixed size), so an early exit on them
    // leaks nothing; the contents are compared in time that does not depend on where they differ.
    if (a.size() != b.size())
        return false;
    if (a.isEmpty())
        return true;
    return CRYPTO_memcmp(a.data(), b.data(), static_cast<size_t>(a.size())) == 0;
}

} // namespace tokendesk
