// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/server/ApiService.h"

#include "models/api/ApiCursor.h"
#include "models/api/ApiJson.h"
#include "models/api/ApiQuery.h"
#include "models/api/RequestBody.h"
#include "models/backend/sql/SqlBackend.h"
#include "models/backend/sql/SqlDialect.h"
#include "models/backend/sql/SqlStore.h"
#include "models/core/Formatting.h"
#include "models/core/TokenFormat.h"
#include "models/core/Validation.h"
#include "models/crypto/Crypto.h"
#include "models/server/ApiReplies.h"
#include "models/server/ApiServiceCalls.h"
#include "models/server/VerifyReply.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>

#include <chrono>

using namespace Qt::StringLiterals;

namespace tokendesk {

using namespace ApiReplies;
using ApiServiceCalls::await;
using ApiServiceCalls::toArray;

Q_LOGGING_CATEGORY(lcApi, "tokendesk.server.api")

namespace {

// The {id} of /v1/tokens/{id}: a positive number, or the path is not a token's.
std::optional<qint64> tokenId(const QString& segment)
{
    const std::optional<qint64> id = ApiJson::plainNumber(segment);
    return id && *id > 0 ? id : std::nullopt;
}

QByteArray loadOpenApi()
{
    QFile file(QStringLiteral(":/api/openapi.json"));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

// One request on its way to a handler: what the router found in the path, and who is asking.
struct ApiService::Call
{
    const HttpRequest& request;
    const Caller* authenticated; // null on the endpoints anyone may call
    const QStringList& parameters;

    const Caller& caller() const
    {
        Q_ASSERT(authenticated);
        return *authenticated;
    }
    // The router lets only token ids through as {id}.
    qint64 tokenId() const { return parameters.first().toLongLong(); }
};

ApiService::ApiService(std::shared_ptr<SqlBackend> store, Authenticator authenticate, Options options)
    : m_store(std::move(store)), m_authenticate(std::move(authenticate)), m_idempotency(m_store->store()),
      m_throttle(options.authFailuresPerMinute, std::chrono::minutes(1), std::move(options.throttleClock)),
      m_probe(TokenFormat::generate(*defaultCrypto())), m_openApi(loadOpenApi())
{
    if (!m_authenticate)
        m_authenticate = [this](const Secret& bearer) {
            return authenticateToken(bearer);
        };
}

Result<ApiService::Principal> ApiService::authenticateToken(const Secret& bearer)
{
    auto verified = m_store->verifyNow(bearer);
    if (!verified.ok())
        return verified.error();
    if (verified->role != Role::Admin)
        return makeError(
            ErrorCode::PermissionDenied,
            tr("Token #%1 is a Developer token; managing tokens needs an Admin token.").arg(verified->id));
    // Tokens are tied to the identity that made them, not to a name: once that account is gone
    // its Admin tokens manage nothing, even after a new user of the same name was added.
    if (verified->creatorRemoved)
        return makeError(ErrorCode::PermissionDenied,
                         tr("Token #%1 can no longer manage this store: the account that created this token "
                            "was removed. It still verifies; ask an admin for a token of your own.")
                             .arg(verified->id));
    return Principal{verified->createdBy, tr("%1 (token #%2)").arg(verified->createdBy).arg(verified->id),
                     verified->id};
}

ApiService::~ApiService() = default;

HttpResponse ApiService::handle(const HttpRequest& request)
{
    HttpResponse response = dispatch(request);
    if (response.status >= 500)
        qCWarning(lcApi) << request.method << request.path << "->" << response.status;
    return response;
}

QList<RouteEndpoint> ApiService::endpoints()
{
    return router().endpoints();
}

const Router<ApiService::Handler>& ApiService::router()
{
    // No credential needed, and nothing written: answered on the connection's own thread.
    static constexpr RouteAccess anyone{false, RouteLane::AtOnce};
    // Health tells an Admin more; checking the credential may record a lockout, which writes.
    static constexpr RouteAccess anyoneOrAdmin{false, RouteLane::AtOnceWhenAnonymous};
    static constexpr RouteAccess admin{true,
                                       RouteLane::Management}; // an Admin-role token, acting as its creator
    static const Router<Handler> routes = [] {
        Router<Handler> r({{u"id"_s, [](const QString& segment) {
                                return tokenId(segment).has_value();
                            }}});
        // The hot path first: what an organisation's APIs call on every one of their requests.
        r.add("POST", u"/v1/verify"_s, anyone,
              [](ApiService& api, const Call& call) { return api.verify(call.request); });
        r.add("GET", u"/v1/health"_s, anyoneOrAdmin,
              [](ApiService& api, const Call& call) { return api.health(call.request); });
        r.add("GET", u"/v1/openapi.json"_s, anyone, [](ApiService& api, const Call&) -> HttpResponse {
            return {200, {{"Content-Type", "application/json"}}, api.m_openApi};
        });
        r.add("GET", u"/v1/metrics"_s, admin, [](ApiService& api, const Call&) -> HttpResponse {
            return {
                200,
                {{"Content-Type", "text/plain; version=0.0.4; charset=utf-8"}, {"Cache-Control", "no-store"}},
                api.m_metrics.exposition()};
        });
        r.add("GET", u"/v1/session"_s, admin,
              [](ApiService& api, const Call& call) { return api.session(call.caller()); });
        r.add("GET", u"/v1/tokens"_s, admin,
              [](ApiService& api, const Call& call) { return api.listTokens(call.caller(), call.request); });
        r.add("GET", u"/v1/tokens/inactive"_s, admin, [](ApiService& api, const Call& call) {
            return api.inactiveTokens(call.caller(), call.request);
        });
        r.add("GET", u"/v1/tokens/export"_s, admin, [](ApiService& api, const Call& call) {
            return api.exportTokens(call.caller(), call.request);
        });
        r.add("GET", u"/v1/tokens/ids"_s, admin,
              [](ApiService& api, const Call& call) { return api.tokenIds(call.caller(), call.request); });
        r.add("POST", u"/v1/tokens/batch"_s, admin,
              [](ApiService& api, const Call& call) { return api.batchTokens(call.caller(), call.request); });
        r.add("POST", u"/v1/tokens"_s, admin,
              [](ApiService& api, const Call& call) { return api.createToken(call.caller(), call.request); });
        r.add("GET", u"/v1/tokens/{id}"_s, admin,
              [](ApiService& api, const Call& call) { return api.getToken(call.caller(), call.tokenId()); });
        r.add("PATCH", u"/v1/tokens/{id}"_s, admin, [](ApiService& api, const Call& call) {
            return api.updateToken(call.caller(), call.request, call.tokenId());
        });
        r.add("DELETE", u"/v1/tokens/{id}"_s, admin, [](ApiService& api, const Call& call) {
            return api.revokeToken(call.caller(), call.request, call.tokenId());
        });
        r.add("POST", u"/v1/tokens/{id}/rotate"_s, admin, [](ApiService& api, const Call& call) {
            return api.rotateToken(call.caller(), call.request, call.tokenId());
        });
        r.add("GET", u"/v1/audit"_s, admin,
              [](ApiService& api, const Call& call) { return api.audit(call.caller(), call.request); });
        r.add("GET", u"/v1/audit/verify"_s, admin,
              [](ApiService& api, const Call& call) { return api.verifyAudit(call.caller()); });
        r.add("GET", u"/v1/users"_s, admin,
              [](ApiService& api, const Call& call) { return api.users(call.caller()); });
        r.add("POST", u"/v1/users"_s, admin,
              [](ApiService& api, const Call& call) { return api.addUser(call.caller(), call.request); });
        r.add("DELETE", u"/v1/users/{name}"_s, admin, [](ApiService& api, const Call& call) {
            return api.removeUser(call.caller(), call.parameters.first());
        });
        r.add("PATCH", u"/v1/users/{name}"_s, admin, [](ApiService& api, const Call& call) {
            return api.setUserEmail(call.caller(), call.parameters.first(), call.request);
        });
        r.add("GET", u"/v1/notices"_s, admin,
              [](ApiService& api, const Call& call) { return api.notices(call.caller()); });
        r.add("GET", u"/v1/settings"_s, admin,
              [](ApiService& api, const Call& call) { return api.settings(call.caller()); });
        r.add("PUT", u"/v1/settings"_s, admin, [](ApiService& api, const Call& call) {
            return api.updateSettings(call.caller(), call.request);
        });
        return r;
    }();
    return routes;
}

bool ApiService::answersAtOnce(const HttpRequest& request) const
{
    switch (router().match(request.method, request.path).lane) {
    case RouteLane::AtOnce:
        return true;
    case RouteLane::AtOnceWhenAnonymous:
        return request.header("Authorization").isEmpty();
    case RouteLane::Management:
        break;
    }
    return false;
}

HttpResponse ApiService::dispatch(const HttpRequest& request)
{
    const auto match = router().match(request.method, request.path);
    std::optional<Caller> caller;
    if (match.authenticated) {
        // Managing the store needs an Admin-role token, acting as its creator; under a management
        // resource even a wrong path or method is answered only once the token is good.
        auto principal = authenticateManagement(request);
        if (auto* refused = std::get_if<HttpResponse>(&principal))
            return std::move(*refused);
        const Principal& who = std::get<Principal>(principal);
        caller = Caller{m_store->withActor(who.user, who.auditName), who};
    }
    switch (match.outcome) {
    case RouteTable::Match::Outcome::Found:
        // A found route always has its handler; the test tells the static analyzer so.
        if (match.handler != nullptr)
            return (*match.handler)(*this, Call{request, caller ? &*caller : nullptr, match.parameters});
        break;
    case RouteTable::Match::Outcome::MethodNotAllowed:
        return failure(405, ErrorCode::InvalidInput,
                       tr("%1 is not allowed on %2.")
                           .arg(Formatting::quotedInput(QString::fromLatin1(request.method)),
                                Formatting::quotedInput(request.path)));
    case RouteTable::Match::Outcome::NotFound:
        break;
    }
    return failure(Error{ErrorCode::NotFound,
                         tr("There is no endpoint %1.").arg(Formatting::quotedInput(request.path))});
}

std::variant<ApiService::Principal, HttpResponse>
ApiService::authenticateManagement(const HttpRequest& request)
{
    if (const auto wait = m_throttle.retryAfter(request.peerAddress)) {
        m_metrics.recordThrottled();
        HttpResponse refused =
            failure(429, ErrorCode::RateLimited,
                    tr("Too many failed sign-ins from your address; try again in %n second(s).", nullptr,
                       int(wait->count())));
        refused.headers.emplaceBack("Retry-After", QByteArray::number(qint64(wait->count())));
        return refused;
    }
    const std::optional<Secret> credential = bearer(request);
    Result<Principal> principal =
        credential
            ? m_authenticate(*credential)
            : Result<Principal>(makeError(ErrorCode::ApiKeyInvalid,
                                          tr("This endpoint needs 'Authorization: Bearer <admin token>'.")));
    if (principal.ok())
        return principal.value();
    // A Developer token is a known credential that lacks the role, not a guess.
    if (principal.error().code != ErrorCode::PermissionDenied) {
        m_metrics.recordAuthFailure();
        if (m_throttle.recordFailure(request.peerAddress))
            reportLockout(request.peerAddress);
    }
    return failure(principal.error());
}

void ApiService::reportLockout(const QHostAddress& address)
{
    // The address only: the credential that was presented is a guess or someone's mistyped
    // secret, and never belongs in a log.
    const QString who = address.isNull() ? tr("an unknown address") : address.toString();
    qCWarning(lcApi).noquote() << "management authentication from" << who << "locked out for a minute after"
                               << m_throttle.limit() << "failures";
    auto recorded = await(m_store->recordSecurityEvent(
        u"auth.lockout"_s, who,
        tr("%n failed management sign-in(s) within a minute; further requests refused with 429 for the rest "
           "of it",
           nullptr, m_throttle.limit())));
    if (!recorded.ok())
        qCWarning(lcApi).noquote() << "cannot record the lockout of" << who << ":"
                                   << recorded.error().message;
}

HttpResponse ApiService::health(const HttpRequest& request)
{
    // The probe's look-up must come back "no such key"; anything else means the store is not
    // answering.
    const auto probed = m_store->verifyNow(m_probe);
    const bool up = !probed.ok() && probed.error().code == ErrorCode::ApiKeyInvalid;
    QJsonObject answer{{u"status"_s, up ? u"up"_s : u"down"_s}};
    // Strangers learn up or down; where the store lives and what runs it is for an Admin.
    if (!request.header("Authorization").isEmpty()) {
        if (auto principal = authenticateManagement(request); std::holds_alternative<Principal>(principal)) {
            const StoreLocation& location = m_store->store()->location();
            answer.insert(u"store"_s, m_store->displayName());
            answer.insert(u"engine"_s, location.dialect().name());
            answer.insert(u"location"_s, location.text());
            answer.insert(u"version"_s, QStringLiteral(TOKENDESK_VERSION));
            answer.insert(u"qt_version"_s, QString::fromLatin1(qVersion()));
            if (!up)
                answer.insert(u"error"_s, probed.error().message);
        }
    }
    return json(up ? 200 : 503, answer, {{"Cache-Control", "no-store"}});
}

HttpResponse ApiService::verify(const HttpRequest& request)
{
    const auto started = std::chrono::steady_clock::now();
    const std::optional<Secret> credential = bearer(request);
    if (!credential) {
        m_metrics.recordVerify(ErrorCode::ApiKeyInvalid, std::chrono::steady_clock::now() - started);
        return failure(
            Error{ErrorCode::ApiKeyInvalid, tr("Send the API key as 'Authorization: Bearer <key>'.")});
    }
    auto verified = m_store->verifyNow(*credential);
    m_metrics.recordVerify(verified.ok() ? std::nullopt : std::optional<ErrorCode>(verified.error().code),
                           std::chrono::steady_clock::now() - started);
    if (!verified.ok())
        return failure(verified.error());
    return {200, {{"Content-Type", "application/json"}}, VerifyReply::body(verified.value())};
}

HttpResponse ApiService::session(const Caller& caller)
{
    auto session = await(caller.backend->session());
    if (!session.ok())
        return failure(session.error());
    QJsonObject object = ApiJson::toJson(session.value());
    object.insert(u"via_token"_s, caller.principal.tokenId);
    return json(200, object);
}

HttpResponse ApiService::listTokens(const Caller& caller, const HttpRequest& request)
{
    auto query = ApiJson::tokenQueryFromUrl(request.query);
    if (!query.ok())
        return failure(query.error());
    auto counted = ApiServiceCalls::countedPage(*caller.backend, query.value());
    if (!counted.ok())
        return failure(counted.error());
    const QList<Token>& tokens = counted->tokens;
    QJsonValue next;
    if (!tokens.isEmpty() && tokens.size() == query->limit) {
        if (auto anchor = query->anchorAfter(tokens.last()))
            next = QString::fromLatin1(ApiJson::encodeCursor(*anchor));
    }
    return json(200,
                {{u"tokens"_s, toArray(tokens)}, {u"next_cursor"_s, next}, {u"total"_s, counted->total}});
}

HttpResponse ApiService::createToken(const Caller& caller, const HttpRequest& request)
{
    return idempotent(caller, request, [&](const std::shared_ptr<TokenWriteHook>& hook) -> HttpResponse {
        auto body = ApiJson::RequestBody::parse(
            request.body, {u"label"_s, u"role"_s, u"expires_at"_s, u"description"_s, u"tags"_s});
        if (!body.ok())
            return failure(body.error());
        TokenSpec spec;
        if (!body->has(u"label"_s))
            return failure(Error{ErrorCode::InvalidInput, tr("Field 'label' is required.")});
        auto label = body->string(u"label"_s);
        if (!label.ok())
            return failure(label.error());
        spec.label = label.value();
        if (body->has(u"role"_s)) {
            auto role = body->string(u"role"_s);
            const auto parsed = role.ok() ? roleFromName(role.value()) : std::nullopt;
            if (!parsed)
                return failure(
                    Error{ErrorCode::InvalidInput, tr("Field 'role' must be \"developer\" or \"admin\".")});
            spec.role = *parsed;
        }
        // Left out: the lifetime policy's default for the role; null: never expires.
        spec.expiryFromPolicy = !body->has(u"expires_at"_s);
        if (body->has(u"expires_at"_s)) {
            auto expires = body->timeOrNull(u"expires_at"_s);
            if (!expires.ok())
                return failure(expires.error());
            spec.expiresAt = expires.value();
        }
        if (auto details = ApiJson::detailsFromBody(body.value(), {}); !details.ok()) {
            return failure(details.error());
        } else {
            spec.description = details->description;
            spec.tags = details->tags;
        }
        auto generated = await(caller.backend->generate(spec, hook));
        return generated.ok() ? generatedResponse(generated.value()) : failure(generated.error());
    });
}

HttpResponse ApiService::getToken(const Caller& caller, qint64 id)
{
    auto token = await(caller.backend->get(id));
    return token.ok() ? tokenResponse(200, token.value()) : failure(token.error());
}

HttpResponse ApiService::updateToken(const Caller& caller, const HttpRequest& request, qint64 id)
{
    auto body = ApiJson::RequestBody::parse(
        request.body, {u"label"_s, u"enabled"_s, u"description"_s, u"tags"_s, u"expires_at"_s});
    if (!body.ok())
        return failure(body.error());
    const bool detailsSent = body->has(u"description"_s) || body->has(u"tags"_s);
    if (!body->has(u"label"_s) && !body->has(u"enabled"_s) && !detailsSent && !body->has(u"expires_at"_s))
        return failure(Error{ErrorCode::InvalidInput, tr("Send at least one of 'label', 'enabled', "
                                                         "'description', 'tags' and 'expires_at'.")});
    std::optional<QString> label;
    std::optional<bool> enabled;
    std::optional<QDateTime> expiresAt; // an invalid QDateTime: never
    if (body->has(u"expires_at"_s)) {
        auto value = body->timeOrNull(u"expires_at"_s);
        if (!value.ok())
            return failure(value.error());
        expiresAt = value.value();
    }
    if (body->has(u"label"_s)) {
        auto value = body->string(u"label"_s);
        if (!value.ok())
            return failure(value.error());
        label = value.value();
    }
    if (body->has(u"enabled"_s)) {
        auto value = body->boolean(u"enabled"_s);
        if (!value.ok())
            return failure(value.error());
        enabled = value.value();
    }
    auto version = requiredIfMatch(request);
    if (!version.ok())
        return ifMatchFailure(request, version.error());
    // Both changes are checked against the version the client saw: the second one expects the
    // version the first one produced.
    Result<Token> token = makeError(ErrorCode::Internal, QString());
    qint64 expected = version.value();
    if (label) {
        token = await(caller.backend->rename(id, expected, *label));
        if (!token.ok())
            return failure(token.error());
        expected = token->version;
    }
    if (enabled) {
        token = await(caller.backend->setEnabled(id, expected, *enabled));
        if (!token.ok())
            return failure(token.error());
        expected = token->version;
    }
    if (detailsSent) {
        // A field left out keeps its value: the token as the client saw it (at its If-Match
        // version, which the backend checks) supplies it.
        auto current = await(caller.backend->get(id));
        if (!current.ok())
            return failure(current.error());
        auto details = ApiJson::detailsFromBody(body.value(), {current->description, current->tags});
        if (!details.ok())
            return failure(details.error());
        token = await(caller.backend->setDetails(id, expected, details.value()));
        if (!token.ok())
            return failure(token.error());
        expected = token->version;
    }
    if (expiresAt) {
        token = await(caller.backend->setExpiry(id, expected, *expiresAt));
        if (!token.ok())
            return failure(token.error());
    }
    return tokenResponse(200, token.value());
}

HttpResponse ApiService::rotateToken(const Caller& caller, const HttpRequest& request, qint64 id)
{
    return idempotent(caller, request, [&](const std::shared_ptr<TokenWriteHook>& hook) -> HttpResponse {
        auto body = ApiJson::RequestBody::parse(request.body, {u"grace_seconds"_s}, true);
        if (!body.ok())
            return failure(body.error());
        qint64 grace = 0;
        if (body->has(u"grace_seconds"_s)) {
            auto value = body->integer(u"grace_seconds"_s, 0, ApiJson::kMaxGraceSeconds);
            if (!value.ok())
                return failure(value.error());
            grace = value.value();
        }
        auto version = requiredIfMatch(request);
        if (!version.ok())
            return ifMatchFailure(request, version.error());
        auto rotated = await(caller.backend->rotate(id, version.value(), std::chrono::seconds(grace), hook));
        return rotated.ok() ? generatedResponse(rotated.value()) : failure(rotated.error());
    });
}

HttpResponse ApiService::revokeToken(const Caller& caller, const HttpRequest& request, qint64 id)
{
    if (!request.body.isEmpty())
        return failure(Error{ErrorCode::InvalidInput, tr("DELETE takes no request body.")});
    auto version = ifMatch(request);
    if (!version.ok())
        return failure(version.error());
    qint64 expected = 0;
    if (version.value()) {
        expected = *version.value();
    } else {
        // Without If-Match the caller revokes whatever the token is now: an emergency revoke
        // must not need a read first.
        auto current = await(caller.backend->get(id));
        if (!current.ok())
            return failure(current.error());
        expected = current->version;
    }
    auto revoked = await(caller.backend->revoke(id, expected));
    return revoked.ok() ? noContent() : failure(revoked.error());
}

HttpResponse ApiService::audit(const Caller& caller, const HttpRequest& request)
{
    auto query = ApiJson::auditQueryFromUrl(request.query);
    if (!query.ok())
        return failure(query.error());
    auto entries = await(caller.backend->audit(query.value()));
    return entries.ok() ? json(200, {{u"entries"_s, toArray(entries.value())}}) : failure(entries.error());
}

HttpResponse ApiService::verifyAudit(const Caller& caller)
{
    auto report = await(caller.backend->verifyAuditChain());
    return report.ok() ? json(200, ApiJson::toJson(report.value())) : failure(report.error());
}

HttpResponse ApiService::idempotent(const Caller& caller, const HttpRequest& request,
                                    const IdempotencyStore::Execute& execute)
{
    const QByteArray key = request.header("Idempotency-Key");
    if (key.isEmpty())
        return execute(nullptr);
    const bool printable = std::all_of(key.begin(), key.end(), [](char c) { return c > 0x20 && c < 0x7f; });
    if (key.size() > 255 || !printable)
        return failure(Error{ErrorCode::InvalidInput,
                             tr("Header 'Idempotency-Key' must be 1 to 255 visible ASCII characters.")});
    // The same key means the same request only for the same caller, path, body and version.
    QCryptographicHash fingerprint(QCryptographicHash::Sha256);
    fingerprint.addData(request.method);
    fingerprint.addData(request.path.toUtf8());
    fingerprint.addData(request.header("If-Match"));
    fingerprint.addData(request.body);
    // Scoped to the credential, by values every server computes alike (not the translated
    // audit name): another caller's key is another key.
    const QByteArray scope =
        QByteArray::number(caller.principal.tokenId) + '\n' + caller.principal.user.toUtf8();
    return m_idempotency.run(scope, key, fingerprint.result(), execute);
}

} // namespace tokendesk
