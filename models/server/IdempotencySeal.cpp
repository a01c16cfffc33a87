// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/server/IdempotencySeal.h"

#include "models/crypto/Crypto.h"

#include <QtEndian>

namespace tokendesk {

namespace {

constexpr qsizetype kNonceBytes = 12;
constexpr qsizetype kKeyBytes = 32;

// Labels keep the hashes and keys of this feature apart from every other use of SHA-256 and
// HKDF, and name a version so a later format can live next to this one.
constexpr char kLookupLabel[] = "tokendesk idempotency lookup v1";
constexpr char kKeyLabel[] = "tokendesk idempotency reply key v1";
constexpr char kAadLabel[] = "tokendesk idempotency reply v1";

// Length-prefixed, so ("ab", "c") and ("a", "bc") never hash alike.
void appendField(QByteArray& out, QByteArrayView field)
{
    char length[4];
    qToBigEndian(quint32(field.size()), length);
    out.append(length, 4);
    out.append(field);
}

// Header lines, an empty line, the body: the headers never hold a line break.
QByteArray serialiseReply(const HttpResponse& response)
{
    QByteArray out;
    for (const auto& [name, value] : response.headers)
        out += name + ": " + value + '\n';
    out += '\n';
    out += response.body;
    return out;
}

std::optional<HttpResponse> parseReply(int status, const QByteArray& plain)
{
    HttpResponse response{status, {}, {}};
    qsizetype at = 0;
    for (;;) {
        const qsizetype end = plain.indexOf('\n', at);
        if (end < 0)
            return std::nullopt;
        if (end == at)
            break;
        const QByteArrayView line = QByteArrayView(plain).sliced(at, end - at);
        const qsizetype colon = line.indexOf(": ");
        if (colon <= 0)
            return std::nullopt;
        response.headers.emplaceBack(line.first(colon).toByteArray(), line.sliced(colon + 2).toByteArray());
        at = end + 1;
    }
    response.body = plain.mid(at + 1);
    return response;
}

} // namespace

IdempotencySeal::IdempotencySeal(const Crypto& crypto, QByteArrayView scope, QByteArrayView key)
    : m_crypto(crypto)
{
    QByteArray lookupInput(kLookupLabel);
    appendField(lookupInput, scope);
    appendField(lookupInput, key);
    m_lookup = crypto.sha256(lookupInput);
    secureWipe(lookupInput);
    // The scope is the salt: the same key of two callers gives two unrelated AES keys.
    QByteArray salt(kKeyLabel);
    appendField(salt, scope);
    QByteArray derived = crypto.hkdfSha256(key, salt, kKeyLabel, kKeyBytes);
    m_key = Secret(derived);
    secureWipe(derived);
}

QByteArray IdempotencySeal::associatedData(int status, QByteArrayView fingerprint) const
{
    QByteArray aad(kAadLabel);
    appendField(aad, m_lookup);
    appendField(aad, fingerprint);
    appendField(aad, QByteArray::number(status));
    return aad;
}

QByteArray IdempotencySeal::seal(const HttpResponse& response, QByteArrayView fingerprint) const
{
    QByteArray plain = serialiseReply(response);
    const QByteArray nonce = m_crypto.randomBytes(kNonceBytes);
    QByteArray sealed = nonce + m_crypto.aes256GcmSeal(m_key.view(), nonce, plain,
                                                       associatedData(response.status, fingerprint));
    secureWipe(plain);
    return sealed;
}

std::optional<HttpResponse> IdempotencySeal::open(int status, QByteArrayView fingerprint,
                                                  QByteArrayView sealed) const
{
    if (sealed.size() < kNonceBytes)
        return std::nullopt;
    std::optional<QByteArray> plain =
        m_crypto.aes256GcmOpen(m_key.view(), sealed.first(kNonceBytes), sealed.sliced(kNonceBytes),
                               associatedData(status, fingerprint));
    if (!plain)
        return std::nullopt;
    std::optional<HttpResponse> response = parseReply(status, *plain);
    secureWipe(*plain);
    return response;
}

} // namespace tokendesk
