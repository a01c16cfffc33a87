// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/Types.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QMutex>
#include <QString>

#include <memory>
#include <optional>

namespace tokendesk {

class Crypto;

// Looks presented tokens up on the calling thread, beside the store's worker thread.
//
// Verify is what an organisation's APIs call on every request, so it must neither queue behind
// an admin's write on the worker nor serialise its callers. Each calling thread gets its own
// read-only connection (SQLite's WAL mode lets readers run beside the one writer) with the lookup
// prepared once, and its own keyed HMAC: a verify is one hash and one indexed point lookup, with
// no lock held across either. Rows come straight from the file, so a revoke is seen by the very
// next lookup.
class TokenVerifier
{
public:
    struct Candidate
    {
        TokenId id = 0;
        Role role = Role::Developer;
        QString label;
        bool enabled = true;
        QDateTime expiresAt;
        bool superseded = false;
        QString createdBy;
    };

    TokenVerifier(QString path, QByteArray pepper, std::shared_ptr<const Crypto> crypto);
    ~TokenVerifier();
    TokenVerifier(const TokenVerifier&) = delete;
    TokenVerifier& operator=(const TokenVerifier&) = delete;

    // Any thread. The row whose secret hash matches, or nullopt; STORE_UNAVAILABLE (or another
    // store error) when the file cannot be read.
    Result<std::optional<Candidate>> find(QByteArrayView token);

private:
    struct Reader;
    Result<Reader*> readerForThisThread();

    const QString m_path;
    const QByteArray m_pepper;
    const std::shared_ptr<const Crypto> m_crypto;
    const quint64 m_serial; // tells this verifier's thread-cached readers apart from a dead one's
    QMutex m_readersMutex;
    QHash<Qt::HANDLE, Reader*> m_readers; // owned; one per thread that verified
};

} // namespace tokendesk
