// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/api/HttpExchange.h"
#include "models/core/Result.h"
#include "models/core/Secret.h"
#include "models/server/AuthThrottle.h"
#include "models/server/HttpService.h"
#include "models/server/IdempotencyStore.h"
#include "models/server/Router.h"
#include "models/server/ServerMetrics.h"

#include <QCoreApplication>

#include <memory>
#include <variant>

namespace tokendesk {

class SqlBackend;

struct ApiServiceOptions
{
    // Failed management authentications one address may make in a minute before it gets 429.
    int authFailuresPerMinute = 20;
    AuthThrottle::Clock throttleClock; // default: the steady clock (tests move time)
};

// The REST API (v1) over a store: turns one HttpRequest into one HttpResponse.
//
// Thread-safe and synchronous: every HTTP worker thread calls handle() directly. Verify runs on
// the calling thread (SqlBackend::verifyNow: one HMAC and one indexed read, no queue); management
// calls go to the store's writer and the calling thread waits for them, which keeps the handler
// code linear and lets the store serialise writes as it does for the console.
//
// Management requests are authenticated by an Admin-role token and act as that token's creator,
// so the store's policies (admin, API access, token limit) apply exactly as they do locally; the
// audit log names both ("alice (token #12)"). The creator must be the account that made the
// token, not a later user of the same name: a token whose creator was removed manages nothing.
class ApiService final : public HttpService
{
    Q_DECLARE_TR_FUNCTIONS(ApiService)

public:
    // Who a management request acts as.
    struct Principal
    {
        QString user;       // the store user whose policies apply
        QString auditName;  // how the audit log names the actor
        qint64 tokenId = 0; // the credential, when it is a token
    };
    // Decides who a bearer credential stands for. The default accepts Admin-role tokens of this
    // store (acting as their creator); the contract tests inject one that names users directly,
    // so the whole suite runs over HTTP without each user's admin token taking one of their slots.
    using Authenticator = std::function<Result<Principal>(const Secret& bearer)>;

    using Options = ApiServiceOptions;

    explicit ApiService(std::shared_ptr<SqlBackend> store, Authenticator authenticate = {},
                        Options options = Options());
    ~ApiService() override;

    HttpResponse handle(const HttpRequest& request) override;
    bool answersAtOnce(const HttpRequest& request) const override;

    // Every endpoint the service answers, for the test that holds them against openapi.json.
    static QList<RouteEndpoint> endpoints();

    // Deletes idempotent replays past their 10 minutes from the store; call it from a timer.
    QFuture<Result<qint64>> sweepIdempotency() { return m_idempotency.sweep(); }

    // The counters behind GET /v1/metrics; the transport sets its open-connection count here
    // before it starts serving.
    ServerMetrics& metrics() { return m_metrics; }

private:
    struct Caller;
    struct Call;
    using Handler = HttpResponse (*)(ApiService& service, const Call& call);
    static const Router<Handler>& router();
    HttpResponse dispatch(const HttpRequest& request);
    HttpResponse verify(const HttpRequest& request);
    HttpResponse health(const HttpRequest& request);
    // Who a management request's credential stands for, or the response that refuses it (401,
    // 403, or 429 while its address is locked out); failures count towards the lockout.
    std::variant<Principal, HttpResponse> authenticateManagement(const HttpRequest& request);
    void reportLockout(const QHostAddress& address);
    HttpResponse session(const Caller& caller);
    HttpResponse listTokens(const Caller& caller, const HttpRequest& request);
    HttpResponse exportTokens(const Caller& caller, const HttpRequest& request);
    HttpResponse inactiveTokens(const Caller& caller, const HttpRequest& request);
    HttpResponse tokenIds(const Caller& caller, const HttpRequest& request);
    HttpResponse batchTokens(const Caller& caller, const HttpRequest& request);
    HttpResponse createToken(const Caller& caller, const HttpRequest& request);
    HttpResponse getToken(const Caller& caller, qint64 id);
    HttpResponse updateToken(const Caller& caller, const HttpRequest& request, qint64 id);
    HttpResponse rotateToken(const Caller& caller, const HttpRequest& request, qint64 id);
    HttpResponse revokeToken(const Caller& caller, const HttpRequest& request, qint64 id);
    HttpResponse audit(const Caller& caller, const HttpRequest& request);
    HttpResponse verifyAudit(const Caller& caller);
    HttpResponse users(const Caller& caller);
    HttpResponse addUser(const Caller& caller, const HttpRequest& request);
    HttpResponse removeUser(const Caller& caller, const QString& name);
    HttpResponse setUserEmail(const Caller& caller, const QString& name, const HttpRequest& request);
    HttpResponse notices(const Caller& caller);
    HttpResponse settings(const Caller& caller);
    HttpResponse updateSettings(const Caller& caller, const HttpRequest& request);
    HttpResponse idempotent(const Caller& caller, const HttpRequest& request,
                            const IdempotencyStore::Execute& execute);

    Result<Principal> authenticateToken(const Secret& bearer);

    std::shared_ptr<SqlBackend> m_store;
    Authenticator m_authenticate;
    IdempotencyStore m_idempotency;
    AuthThrottle m_throttle;
    ServerMetrics m_metrics;
    Secret m_probe; // a well-formed key no store holds: health's look-up that must find nothing
    QByteArray m_openApi;
};

} // namespace tokendesk
