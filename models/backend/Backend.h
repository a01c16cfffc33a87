// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/BulkAction.h"
#include "models/core/LifetimePolicy.h"
#include "models/core/Result.h"
#include "models/core/Types.h"

#include <QFuture>

#include <chrono>

namespace tokendesk {

// The one seam between the console (or CLI, or server) and where tokens live.
//
// Every call returns at once with a QFuture; the work happens on the backend's own thread or
// over the network, so the GUI thread never waits on disk or network. Failures arrive as an
// Error inside the Result, never as an exception. Each mutating call is one transaction that
// also appends an audit entry; each takes the version the caller last saw and fails with
// CONFLICT when someone else changed the token in between.
//
// A Backend acts as one user (the actor); policies are checked against that user.
class Backend
{
public:
    virtual ~Backend() = default;

    // Human-readable name of what is open: a store's file name or a server's URL.
    virtual QString displayName() const = 0;
    virtual QString actor() const = 0;

    virtual QFuture<Result<SessionInfo>> session() = 0;

    virtual QFuture<Result<QList<Token>>> list(const TokenQuery& query) = 0;
    // Ignores the query's offset and limit.
    virtual QFuture<Result<qint64>> count(const TokenQuery& query) = 0;
    virtual QFuture<Result<Token>> get(TokenId id) = 0;

    virtual QFuture<Result<GeneratedToken>> generate(const TokenSpec& spec) = 0;
    virtual QFuture<Result<Token>> rename(TokenId id, qint64 expectedVersion, const QString& label) = 0;
    virtual QFuture<Result<Token>> setEnabled(TokenId id, qint64 expectedVersion, bool enabled) = 0;
    // Replaces the token's description and tags (INVALID_INPUT for text or tags that break
    // Validation's rules); the secret, label and role stay.
    virtual QFuture<Result<Token>> setDetails(TokenId id, qint64 expectedVersion,
                                              const TokenDetails& details) = 0;
    // Moves the expiry (null: never) to a moment the lifetime policy allows for the token's
    // role; INVALID_INPUT naming the limit otherwise, and for a token that has already expired
    // or was rotated (its old secret ends with the grace period).
    virtual QFuture<Result<Token>> setExpiry(TokenId id, qint64 expectedVersion,
                                             const QDateTime& expiresAt) = 0;
    // New secret, same label and role. The old secret stops working at once (grace == 0) or
    // when the grace period ends; either way it is gone for good afterwards.
    virtual QFuture<Result<GeneratedToken>> rotate(TokenId id, qint64 expectedVersion,
                                                   std::chrono::seconds grace) = 0;
    // Permanent: the token is deleted; its audit entries keep the label and masked form.
    virtual QFuture<Result<Unit>> revoke(TokenId id, qint64 expectedVersion) = 0;

    // The ids of every token `query` matches, ascending (its offset, limit and order aside): what
    // a selection made by a filter resolves to before a bulk change.
    virtual QFuture<Result<QList<TokenId>>> matchingIds(const TokenQuery& query) = 0;
    // Applies one change to at most BulkOutcome::kMaxItems tokens in one transaction, each as the
    // single call would (same checks, one audit entry per token changed). A token that cannot
    // take it (gone, changed since its version, refused by the policy) is listed in the outcome's
    // failures while the others change; a bad action (INVALID_INPUT), a missing privilege
    // (PERMISSION_DENIED) or a storage failure fails the whole call and changes nothing. BulkRun
    // drives larger selections in such steps.
    virtual QFuture<Result<BulkOutcome>> bulk(const BulkAction& action, const QList<BulkItem>& items) = 0;
    // Needs no actor privileges: this is what an organisation's APIs call.
    virtual QFuture<Result<VerifiedToken>> verify(const Secret& token) = 0;

    // Revoked and rotated-out tokens, newest first (the Inactive view).
    virtual QFuture<Result<QList<EndedToken>>> inactive(const InactiveQuery& query) = 0;

    virtual QFuture<Result<QList<AuditEntry>>> audit(const AuditQuery& query) = 0;
    virtual QFuture<Result<ChainReport>> verifyAuditChain() = 0;

    virtual QFuture<Result<QList<User>>> users() = 0;
    virtual QFuture<Result<User>> addUser(const User& user) = 0;
    // Never revokes the tokens the user created: tokens belong to the organisation.
    virtual QFuture<Result<Unit>> removeUser(const QString& name) = 0;
    // Where the user's notices are mailed (Validation::mailAddress); empty clears it. Admins only.
    virtual QFuture<Result<User>> setUserEmail(const QString& name, const QString& email) = 0;

    virtual QFuture<Result<QList<Notice>>> notices() = 0;

    virtual QFuture<Result<int>> tokenLimit() = 0;
    virtual QFuture<Result<int>> setTokenLimit(int limit) = 0;
    // The store's lifetime policy (LifetimePolicy), readable by every member; set by an admin.
    // Setting it changes no token: those it now breaks are found with TokenQuery::breaksPolicy.
    virtual QFuture<Result<LifetimePolicy>> lifetimePolicy() = 0;
    virtual QFuture<Result<LifetimePolicy>> setLifetimePolicy(const LifetimePolicy& policy) = 0;
    // How many days the Inactive view keeps a revoked or rotated-out token (nullopt: for ever,
    // a store's default), readable by every member; set by an admin, which at once purges what
    // is older (the audit trail keeps its entries). INVALID_INPUT outside 1..3650 days.
    virtual QFuture<Result<std::optional<int>>> inactiveRetention() = 0;
    virtual QFuture<Result<std::optional<int>>> setInactiveRetention(std::optional<int> days) = 0;
    // The days before a token's expiry at which its expiry warnings go out, longest first
    // (ExpiryThresholds: 30, 7 and 1 until an admin sets others; empty: none), readable by every
    // member; set by an admin. INVALID_INPUT as ExpiryThresholds::normalised says.
    virtual QFuture<Result<QList<int>>> expiryWarningDays() = 0;
    virtual QFuture<Result<QList<int>>> setExpiryWarningDays(const QList<int>& days) = 0;
};

} // namespace tokendesk
