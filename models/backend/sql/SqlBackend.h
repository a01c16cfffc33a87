// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/backend/Backend.h"
#include "models/backend/sql/StoreSeeder.h"

#include <QCoreApplication>

#include <memory>

namespace tokendesk {

class Crypto;
class SqlStore;
class TokenWriteHook;

struct StoreCreateOptions
{
    QString firstAdmin;
    int tokenLimit = 3;
};

// Backend over a SQL store (SQLite file today). All SQL runs on one worker thread that owns
// the connection; see SqlStore. Several SqlBackend objects with different actors may share
// one open store (withActor), which is how the server acts for each request's caller.
class SqlBackend final : public Backend
{
    Q_DECLARE_TR_FUNCTIONS(SqlBackend)

public:
    // Opens an existing store file and upgrades its schema if it is older. Fails with
    // STORE_UNAVAILABLE (missing, locked, unreadable), STORE_CORRUPT or STORE_TOO_NEW.
    static QFuture<Result<std::shared_ptr<SqlBackend>>> open(const QString& path, const QString& actor,
                                                             std::shared_ptr<const Crypto> crypto = {});
    // Creates a new store file (mode 0600) with its first admin, who is also the actor.
    // Fails with ALREADY_EXISTS if the file exists.
    static QFuture<Result<std::shared_ptr<SqlBackend>>>
    create(const QString& path, const StoreCreateOptions& options, std::shared_ptr<const Crypto> crypto = {});

    // `auditActor` is how the audit log names who acted (default: the actor's name); the server
    // passes "alice (token #12)" so an entry records which token was used as well as whose it is.
    SqlBackend(std::shared_ptr<SqlStore> store, QString actor, QString auditActor = {});
    ~SqlBackend() override;

    std::shared_ptr<SqlBackend> withActor(const QString& actor, const QString& auditActor = {}) const;
    std::shared_ptr<SqlStore> store() const { return m_store; }
    // Writes coalesced last-used times now (they are also written before every other write,
    // when the store closes, and by flushPendingPeriodically()).
    QFuture<Result<Unit>> flushLastUsed();
    // Records something the server saw that admins must know about (e.g. "auth.lockout": an
    // address locked out after failed sign-ins): one audit entry by `actor` and one notice per
    // admin, in one transaction. No policy check: the server itself is the one reporting.
    QFuture<Result<Unit>> recordSecurityEvent(const QString& action, const QString& subject,
                                              const QString& detail);
    // Bulk-fills the store with realistic tokens (admins only); see StoreSeeder.
    QFuture<Result<SeedReport>> seed(qint64 count);

    QString displayName() const override;
    QString actor() const override { return m_actor; }
    QFuture<Result<SessionInfo>> session() override;
    QFuture<Result<QList<Token>>> list(const TokenQuery& query) override;
    QFuture<Result<qint64>> count(const TokenQuery& query) override;
    QFuture<Result<Token>> get(TokenId id) override;
    QFuture<Result<GeneratedToken>> generate(const TokenSpec& spec) override;
    QFuture<Result<Token>> rename(TokenId id, qint64 expectedVersion, const QString& label) override;
    QFuture<Result<Token>> setEnabled(TokenId id, qint64 expectedVersion, bool enabled) override;
    QFuture<Result<Token>> setDetails(TokenId id, qint64 expectedVersion,
                                      const TokenDetails& details) override;
    QFuture<Result<Token>> setExpiry(TokenId id, qint64 expectedVersion, const QDateTime& expiresAt) override;
    QFuture<Result<GeneratedToken>> rotate(TokenId id, qint64 expectedVersion,
                                           std::chrono::seconds grace) override;
    QFuture<Result<Unit>> revoke(TokenId id, qint64 expectedVersion) override;
    // generate() and rotate() with `hook` run inside their write transaction (see
    // TokenWriteHook); null: as without. The server stores idempotent replays this way.
    QFuture<Result<GeneratedToken>> generate(const TokenSpec& spec, std::shared_ptr<TokenWriteHook> hook);
    QFuture<Result<GeneratedToken>> rotate(TokenId id, qint64 expectedVersion, std::chrono::seconds grace,
                                           std::shared_ptr<TokenWriteHook> hook);
    QFuture<Result<QList<TokenId>>> matchingIds(const TokenQuery& query) override;
    QFuture<Result<BulkOutcome>> bulk(const BulkAction& action, const QList<BulkItem>& items) override;
    QFuture<Result<VerifiedToken>> verify(const Secret& token) override;
    // verify() on the calling thread, for callers that are themselves worker threads (the
    // server's request handlers, the benchmark): one HMAC and one indexed read on the thread's
    // own read connection, concurrently with other callers and the store's writer. Thread-safe;
    // the store must be open (it is once open()/create() succeeded).
    Result<VerifiedToken> verifyNow(const Secret& token);
    QFuture<Result<QList<EndedToken>>> inactive(const InactiveQuery& query) override;
    QFuture<Result<QList<AuditEntry>>> audit(const AuditQuery& query) override;
    QFuture<Result<ChainReport>> verifyAuditChain() override;
    QFuture<Result<QList<User>>> users() override;
    QFuture<Result<User>> addUser(const User& user) override;
    QFuture<Result<Unit>> removeUser(const QString& name) override;
    QFuture<Result<User>> setUserEmail(const QString& name, const QString& email) override;
    QFuture<Result<QList<Notice>>> notices() override;
    QFuture<Result<int>> tokenLimit() override;
    QFuture<Result<int>> setTokenLimit(int limit) override;
    QFuture<Result<LifetimePolicy>> lifetimePolicy() override;
    QFuture<Result<LifetimePolicy>> setLifetimePolicy(const LifetimePolicy& policy) override;
    QFuture<Result<std::optional<int>>> inactiveRetention() override;
    QFuture<Result<std::optional<int>>> setInactiveRetention(std::optional<int> days) override;
    QFuture<Result<QList<int>>> expiryWarningDays() override;
    QFuture<Result<QList<int>>> setExpiryWarningDays(const QList<int>& days) override;

private:
    std::shared_ptr<SqlStore> m_store;
    QString m_actor;
    QString m_auditActor;
};

} // namespace tokendesk
