// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/Result.h"
#include "models/core/Types.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QMutex>
#include <QString>

#include <memory>
#include <optional>

namespace tokendesk {

class Crypto;
class Secret;
class SqlStore;
class StoreLocation;

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
        // Admin tokens only (always false for Developer ones, whose lookup skips the check): the
        // user the token's creator_uid names is gone, even if someone of the same name was added
        // since. Such a token still verifies; it manages nothing (ApiService).
        bool creatorRemoved = false;
    };

    // The lookup, the same in both engines (one parameter: the secret's hash). Its columns: id,
    // role, label, enabled, expires_at, superseded_by, created_by, creator removed (0 or 1).
    static const char* lookupSql();

    // The verifier for the store's engine (SQLite: sqlite3 C API on read-only connections;
    // PostgreSQL: one libpq connection per calling thread, binary parameter and row).
    static std::unique_ptr<TokenVerifier> make(const StoreLocation& location, QByteArray pepper,
                                               std::shared_ptr<const Crypto> crypto);
    virtual ~TokenVerifier() = default;

    // Any thread. The row whose secret hash matches, or nullopt; STORE_UNAVAILABLE (or another
    // store error) when the store cannot be read.
    virtual Result<std::optional<Candidate>> find(QByteArrayView token) = 0;
};

// The answer to one presented key, on the calling thread (any thread, once the store is open):
// its format first (no lookup for a typo), then the row, its expiry and its enabled flag. An
// accepted key's use is recorded for its last-used time.
Result<VerifiedToken> verifyPresentedKey(SqlStore& store, const Secret& token);

// Sets SQLite up for many reading threads; has an effect only before the process opens its first
// SQLite database, so SqlStore calls it before every open (the later calls do nothing).
void configureSqliteForReaders();

} // namespace tokendesk
