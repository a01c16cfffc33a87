// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/crypto/QcaCrypto.h"

#include <QtCrypto>
#include <QtGlobal>

#include <algorithm>
#include <climits>
#include <cstring>

namespace tokendesk {

namespace {

// QCA must stay initialised for as long as any QCA object exists. A function-local static is
// created on first use and, being constructed before any QcaCrypto finishes construction, is
// destroyed after every static that holds one (such as defaultCrypto()'s instance).
void ensureInitialised()
{
    static QCA::Initializer initializer;
    Q_UNUSED(initializer);
}

// QCA's built-in "default" provider answers random requests with std::rand(). Its name is the
// only way to tell it apart from a real source, so every draw checks which provider it got.
bool isSecureRandomProvider(const QCA::Random& random)
{
    return random.provider() != nullptr && random.provider()->name() != QLatin1String("default");
}

// Copies into QCA's secure (locked, wiped-on-free) memory, so a key does not linger in the heap.
QCA::SecureArray toSecureArray(QByteArrayView bytes)
{
    QCA::SecureArray array(static_cast<int>(bytes.size()));
    if (!bytes.isEmpty())
        std::memcpy(array.data(), bytes.data(), static_cast<size_t>(bytes.size()));
    return array;
}

// QCA's buffers are sized by int; feeding large inputs in slices keeps every call in range.
template <typename Computation> void updateInSlices(Computation& computation, QByteArrayView bytes)
{
    constexpr qsizetype kSlice = qsizetype(1) << 30;
    for (qsizetype offset = 0; offset < bytes.size(); offset += kSlice)
        computation.update(
            QCA::MemoryRegion(bytes.sliced(offset, std::min(kSlice, bytes.size() - offset)).toByteArray()));
}

// Providers such as qca-ossl ignore errors from the library underneath and hand back the
// zero-filled output buffer. A genuine 256-bit digest is all zeros with probability 2^-256, so
// all zeros means the computation failed and must not be passed off as a result.
bool isAllZero(const QByteArray& bytes)
{
    return std::all_of(bytes.cbegin(), bytes.cend(), [](char b) { return b == 0; });
}

} // namespace

QcaCrypto::QcaCrypto()
{
    ensureInitialised();
}

bool QcaCrypto::isUsable()
{
    ensureInitialised();
    // Plugin discovery is slow and its answer does not change during a run.
    static const bool usable = [] {
        QCA::Random random;
        return QCA::isSupported("sha256") && QCA::isSupported("hmac(sha256)") &&
               isSecureRandomProvider(random);
    }();
    return usable;
}

QString QcaCrypto::name() const
{
    return QStringLiteral("qca");
}

QByteArray QcaCrypto::randomBytes(qsizetype count) const
{
    // A private Random object rather than QCA::Random::randomArray(): the global one could be
    // switched to another provider between a check and a draw, and it serialises every thread.
    QCA::Random random;
    if (!isSecureRandomProvider(random))
        qFatal("QCA has no secure random provider (is the qca-ossl plugin installed?)");
    QByteArray bytes;
    bytes.reserve(std::max<qsizetype>(count, 0));
    // QCA sizes are int, so very large requests are filled in chunks.
    while (bytes.size() < count) {
        const int chunk = static_cast<int>(std::min<qsizetype>(count - bytes.size(), INT_MAX));
        const QCA::SecureArray drawn = random.nextBytes(chunk);
        if (drawn.size() != chunk)
            qFatal("QCA random provider returned %d bytes instead of %d", drawn.size(), chunk);
        bytes.append(drawn.constData(), drawn.size());
    }
    return bytes;
}

QByteArray QcaCrypto::sha256(QByteArrayView data) const
{
    if (!QCA::isSupported("sha256"))
        qFatal("QCA has no sha256 provider (is the qca-ossl plugin installed?)");
    QCA::Hash hash(QStringLiteral("sha256"));
    updateInSlices(hash, data);
    const QByteArray digest = hash.final().toByteArray();
    if (digest.size() != 32 || isAllZero(digest))
        qFatal("QCA sha256 failed");
    return digest;
}

namespace {

// HMAC pads the key with zero bytes to the hash's block size, so an empty key and a single zero
// byte are the same key. qca-ossl passes an empty key to OpenSSL as a null pointer, which
// OpenSSL 3 rejects (and qca-ossl then returns zeros); one zero byte avoids that path. Keys
// longer than the 64-byte block are replaced by their hash (RFC 2104, section 2); doing that
// here keeps key sizes within QCA's int range.
QCA::SymmetricKey effectiveHmacKey(const QcaCrypto& crypto, QByteArrayView key)
{
    static constexpr char kZeroByte = 0;
    constexpr qsizetype kBlockSize = 64;
    if (key.isEmpty())
        return QCA::SymmetricKey(toSecureArray(QByteArrayView(&kZeroByte, 1)));
    if (key.size() > kBlockSize)
        return QCA::SymmetricKey(toSecureArray(crypto.sha256(key)));
    return QCA::SymmetricKey(toSecureArray(key));
}

bool hmacSupported()
{
    // Provider discovery takes a global lock and walks every plugin; its answer does not change.
    static const bool supported = QCA::isSupported("hmac(sha256)");
    return supported;
}

QByteArray finishHmac(QCA::MessageAuthenticationCode& mac, QByteArrayView data)
{
    updateInSlices(mac, data);
    const QByteArray result = mac.final().toByteArray();
    if (result.size() != 32 || isAllZero(result))
        qFatal("QCA hmac(sha256) failed");
    return result;
}

// One provider context kept for one key: clear() sets the key up again inside the provider
// (qca-ossl resets its context after every final), but skips the provider lookup and the
// context allocation that dominate a fresh MessageAuthenticationCode.
class QcaKeyedHmac final : public KeyedHmac
{
public:
    explicit QcaKeyedHmac(QCA::SymmetricKey key) : m_mac(QStringLiteral("hmac(sha256)"), key) {}
    QByteArray compute(QByteArrayView data) override
    {
        if (m_used)
            m_mac.clear();
        m_used = true;
        return finishHmac(m_mac, data);
    }

private:
    QCA::MessageAuthenticationCode m_mac;
    bool m_used = false;
};

} // namespace

QByteArray QcaCrypto::hmacSha256(QByteArrayView key, QByteArrayView data) const
{
    if (!hmacSupported())
        qFatal("QCA has no hmac(sha256) provider (is the qca-ossl plugin installed?)");
    QCA::MessageAuthenticationCode mac(QStringLiteral("hmac(sha256)"), effectiveHmacKey(*this, key));
    return finishHmac(mac, data);
}

std::unique_ptr<KeyedHmac> QcaCrypto::keyedHmacSha256(QByteArrayView key) const
{
    if (!hmacSupported())
        qFatal("QCA has no hmac(sha256) provider (is the qca-ossl plugin installed?)");
    return std::make_unique<QcaKeyedHmac>(effectiveHmacKey(*this, key));
}

bool QcaCrypto::constantTimeEquals(QByteArrayView a, QByteArrayView b) const
{
    // QCA offers no constant-time comparison (SecureArray::operator== is a memcmp that stops at
    // the first difference, which leaks how many leading bytes of a guessed MAC were right). So:
    // OR together the XOR of every byte pair and look only at the total. Lengths are public.
    if (a.size() != b.size())
        return false;
    // volatile keeps the compiler from turning the loop into an early-exit comparison.
    volatile unsigned char difference = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        difference = difference | static_cast<unsigned char>(a[i] ^ b[i]);
    return difference == 0;
}

} // namespace tokendesk
