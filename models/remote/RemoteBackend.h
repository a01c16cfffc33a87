// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/backend/Backend.h"
#include "models/remote/HttpClient.h"

#include <QUrl>

#include <memory>

namespace tokendesk {

// What a TLS server presents: its certificate, and whether a CA the client trusts vouches for it.
struct ServerCertificate
{
    QSslCertificate certificate; // null for http://
    bool trustedByCa = false;
};

struct RemoteOptions
{
    QUrl server;  // https://host:port (http:// only for loopback), no path
    Secret token; // an Admin-role token; the console acts as its creator
    HttpClientOptions http;
};

// Backend over a tokendesk-server's REST API (see resources/openapi.json).
//
// Every call is one HTTP request on the shared network thread; failures arrive as the server's
// own error codes, and a server that cannot be reached (refused, timed out, TLS failure) as
// STORE_UNAVAILABLE with a message that says which. Writes carry the version the caller saw as
// If-Match; generate and rotate carry an Idempotency-Key and are retried with it when the
// connection drops, so a lost response never creates a second token.
class RemoteBackend final : public Backend
{
public:
    // Checks the URL, reaches the server and reads the session (which also proves the token is an
    // Admin token); the backend is returned only when all of that worked.
    static QFuture<Result<std::shared_ptr<RemoteBackend>>> connect(const RemoteOptions& options);
    // Validates a server URL typed by a user: https (the default without a scheme) or http to a
    // loopback host, a host, no path/query/credentials.
    static Result<QUrl> parseServerUrl(const QString& text);
    // INVALID_INPUT unless `server` is https, or http to 127.0.0.0/8, ::1 or localhost: the admin
    // token never crosses a network in clear. Every request checks it before any connection.
    static std::optional<Error> checkTransport(const QUrl& server);
    // Reaches an https server without credentials and reports the certificate it presents.
    static QFuture<Result<ServerCertificate>> serverCertificate(const QUrl& server,
                                                                HttpClientOptions http = {});
    // Reaches an https server without credentials and reports its certificate when no CA the
    // system trusts vouches for it (a self-signed server the user has to confirm), nullopt when
    // it is trusted (or not TLS). STORE_UNAVAILABLE when the server cannot be reached at all.
    static QFuture<Result<std::optional<QSslCertificate>>> untrustedCertificate(const QUrl& server,
                                                                                HttpClientOptions http = {});

    explicit RemoteBackend(RemoteOptions options, QString actor = {});
    ~RemoteBackend() override;

    QUrl server() const { return m_options.server; }
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
    QFuture<Result<QList<TokenId>>> matchingIds(const TokenQuery& query) override;
    QFuture<Result<BulkOutcome>> bulk(const BulkAction& action, const QList<BulkItem>& items) override;
    QFuture<Result<VerifiedToken>> verify(const Secret& token) override;
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
    struct Request;
    template <typename T>
    QFuture<Result<T>> call(Request request, std::function<Result<T>(const QJsonObject&)> parse);

    RemoteOptions m_options;
    QString m_actor;
    std::shared_ptr<HttpClient> m_client;
};

} // namespace tokendesk
