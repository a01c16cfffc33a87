// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/backend/sql/TokenVerifier.h"

#include "models/backend/sql/SqlBackend.h"
#include "models/backend/sql/SqlStore.h"
#include "models/backend/sql/StoreLocation.h"
#include "models/core/TokenFormat.h"

namespace tokendesk {

// SqliteTokenVerifier.cpp, PostgresTokenVerifier.cpp
std::unique_ptr<TokenVerifier> makeSqliteTokenVerifier(const QString& path, QByteArray pepper,
                                                       std::shared_ptr<const Crypto> crypto);
std::unique_ptr<TokenVerifier> makePostgresTokenVerifier(const StoreLocation& location, QByteArray pepper,
                                                         std::shared_ptr<const Crypto> crypto);

std::unique_ptr<TokenVerifier> TokenVerifier::make(const StoreLocation& location, QByteArray pepper,
                                                   std::shared_ptr<const Crypto> crypto)
{
    if (location.isPostgres())
        return makePostgresTokenVerifier(location, std::move(pepper), std::move(crypto));
    return makeSqliteTokenVerifier(location.text(), std::move(pepper), std::move(crypto));
}

const char* TokenVerifier::lookupSql()
{
    // The creator check costs a second indexed read, paid for Admin tokens only: they are the few
    // a management call presents, while a gateway's verify traffic is Developer tokens.
    return "SELECT id, role, label, enabled, expires_at, superseded_by, created_by,"
           " CASE WHEN role <> 'admin' THEN 0"
           " WHEN EXISTS (SELECT 1 FROM users WHERE users.uid = tokens.creator_uid) THEN 0 ELSE 1 END"
           " FROM tokens WHERE secret_hash = ?";
}

// The messages keep SqlBackend as their translation context, where verify answers them.
Result<VerifiedToken> verifyPresentedKey(SqlStore& store, const Secret& token)
{
    // The format check needs no store: a typo or a foreign string is rejected right here.
    if (auto parsed = TokenFormat::parse(token.view()); !parsed.ok())
        return parsed.error();
    auto found = store.verifier().find(token.view());
    if (!found.ok())
        return found.error();
    // Built only when needed: translating a message costs more than the lookup itself.
    auto invalid = [] {
        return makeError(ErrorCode::ApiKeyInvalid,
                         SqlBackend::tr("This API key is not valid (unknown or revoked)."));
    };
    if (!found.value())
        return invalid();
    const TokenVerifier::Candidate& row = *found.value();
    const QDateTime now = store.now();
    const bool expired = row.expiresAt.isValid() && row.expiresAt <= now;
    if (expired && row.superseded)
        return invalid(); // its grace period after rotation is over: revoked
    if (expired)
        return makeError(
            ErrorCode::ApiKeyExpired,
            SqlBackend::tr("This API key expired on %1.").arg(row.expiresAt.toUTC().toString(Qt::ISODate)));
    if (!row.enabled)
        return makeError(ErrorCode::ApiKeyDisabled, SqlBackend::tr("This API key is disabled."));
    if (store.recordUse(row.id, now))
        store.flushSoon();
    return VerifiedToken{row.id, row.role, row.label, row.createdBy, row.creatorRemoved};
}

} // namespace tokendesk
