// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/api/HttpExchange.h"
#include "models/core/Secret.h"

#include <QByteArray>

#include <optional>

namespace tokendesk {

class Crypto;

// What the store keeps of a keyed request, and how it is locked: the Idempotency-Key itself never
// leaves this class. `lookup` finds the row (SHA-256 over a label, the caller's scope and the
// key); the reply is sealed with AES-256-GCM under a key that HKDF-SHA256 derives from the
// Idempotency-Key and the scope, with a fresh 96-bit nonce and the lookup, fingerprint and status
// as associated data. A database reader or another admin sees neither the key nor the secret and
// cannot open the reply; the client that retries with the same key can.
class IdempotencySeal
{
public:
    IdempotencySeal(const Crypto& crypto, QByteArrayView scope, QByteArrayView key);

    const QByteArray& lookup() const { return m_lookup; }
    // nonce || ciphertext || tag of the reply's headers and body.
    QByteArray seal(const HttpResponse& response, QByteArrayView fingerprint) const;
    // The reply again, or nullopt when the bytes were damaged or changed (or belong to another
    // status, fingerprint or row).
    std::optional<HttpResponse> open(int status, QByteArrayView fingerprint, QByteArrayView sealed) const;

private:
    QByteArray associatedData(int status, QByteArrayView fingerprint) const;

    const Crypto& m_crypto;
    QByteArray m_lookup;
    Secret m_key; // the derived AES key; wiped with this object
};

} // namespace tokendesk
