// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <memory>
#include <optional>
#include <vector>

namespace tokendesk {

// HMAC-SHA256 under one key that is set up once. The verify hot path hashes every presented
// token under the same store pepper; setting the key up again for each call costs more than the
// hash itself. Not thread-safe: each thread makes its own.
class KeyedHmac
{
public:
    virtual ~KeyedHmac() = default;
    virtual QByteArray compute(QByteArrayView data) = 0;
};

// The crypto seam. Everything that needs randomness or hashing goes through this, so the
// implementation (QCA where available, OpenSSL libcrypto otherwise) is chosen in one place.
// Implementations are thread-safe: one instance may be shared by worker threads.
class Crypto
{
public:
    virtual ~Crypto() = default;

    virtual QString name() const = 0; // "openssl" | "qca"
    // Bytes from the operating system's CSPRNG. Never returns fewer than asked for.
    virtual QByteArray randomBytes(qsizetype count) const = 0;
    virtual QByteArray sha256(QByteArrayView data) const = 0;
    virtual QByteArray hmacSha256(QByteArrayView key, QByteArrayView data) const = 0;
    // The same values as hmacSha256(key, ·), faster for many messages under one key. The
    // default keeps a copy of the key and calls hmacSha256.
    virtual std::unique_ptr<KeyedHmac> keyedHmacSha256(QByteArrayView key) const;
    // Time depends only on the lengths, never on where the inputs differ.
    virtual bool constantTimeEquals(QByteArrayView a, QByteArrayView b) const = 0;

    // HKDF-SHA256 (RFC 5869): `length` (1 to 8160) bytes of key material from `ikm`. The
    // defaults of these three use libcrypto (OpenSslCrypto), so an implementation that lacks
    // them still gives the same bytes.
    virtual QByteArray hkdfSha256(QByteArrayView ikm, QByteArrayView salt, QByteArrayView info,
                                  qsizetype length) const;
    // AES-256-GCM with a 96-bit nonce and a 128-bit tag: ciphertext || tag. `key` is 32 bytes and
    // `nonce` 12; a nonce must never be used twice under one key (draw it from randomBytes).
    virtual QByteArray aes256GcmSeal(QByteArrayView key, QByteArrayView nonce, QByteArrayView plaintext,
                                     QByteArrayView aad) const;
    // The plaintext, or nullopt when the key, nonce, AAD, ciphertext or tag do not belong together
    // (nothing of a forged message is returned).
    virtual std::optional<QByteArray> aes256GcmOpen(QByteArrayView key, QByteArrayView nonce,
                                                    QByteArrayView sealed, QByteArrayView aad) const;
};

// The implementation selected at build time (-DTOKENDESK_CRYPTO).
std::shared_ptr<const Crypto> defaultCrypto();

// Frees what the crypto libraries keep per thread (OpenSSL's error state and DRBGs). A worker
// thread calls it as its last act: OpenSSL would free them in a thread-exit handler, which may
// still be running when the process ends (and LeakSanitizer then reports them).
void releaseCryptoThreadState();
// Every implementation compiled into this build; the crypto tests run on each one.
std::vector<std::shared_ptr<const Crypto>> availableCryptos();

} // namespace tokendesk
