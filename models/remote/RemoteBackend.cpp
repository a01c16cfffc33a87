// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/remote/RemoteBackend.h"

#include "models/api/ApiJson.h"
#include "models/api/ApiQuery.h"
#include "models/api/BulkJson.h"
#include "models/api/LifetimePolicyJson.h"
#include "models/core/UrlHost.h"
#include "models/remote/SettingsReply.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPromise>
#include <QTimer>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace tokendesk {

namespace {

QString userPath(const QString& name)
{
    return u"/v1/users/"_s + QString::fromLatin1(QUrl::toPercentEncoding(name));
}

// Generate and rotate may be retried this often, with the same idempotency key, when the
// connection fails before a response arrived.
constexpr int kCreateAttempts = 3;
constexpr std::chrono::milliseconds kRetryDelays[] = {std::chrono::milliseconds(250),
                                                      std::chrono::milliseconds(1000)};

bool isLoopbackHost(const QString& host)
{
    if (host.compare(u"localhost"_s, Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback(); // 127.0.0.0/8 and ::1
}

QString fingerprint(const QSslCertificate& certificate)
{
    return QString::fromLatin1(certificate.digest(QCryptographicHash::Sha256).toHex(':').toUpper());
}

// Turns what came back into the response body's object, or the Error it stands for.
Result<QJsonObject> interpret(const HttpResult& result, const QUrl& server)
{
    if (result.pinMismatch) {
        return makeError(ErrorCode::StoreUnavailable,
                         QCoreApplication::translate(
                             "RemoteBackend",
                             "The certificate of %1 is not the one you accepted earlier (it is now SHA-256 "
                             "%2). Nothing was sent. Confirm the new certificate only if its administrator "
                             "expected the change.")
                             .arg(server.host(), fingerprint(result.peerCertificate)));
    }
    if (result.untrustedCertificate) {
        return makeError(
            ErrorCode::StoreUnavailable,
            QCoreApplication::translate(
                "RemoteBackend",
                "The certificate of %1 is not trusted (SHA-256 %2). Compare this fingerprint with the "
                "server's before you accept it.")
                .arg(server.host(), fingerprint(result.peerCertificate)));
    }
    if (result.transportError != QNetworkReply::NoError) {
        const QString reason = result.transportError == QNetworkReply::OperationCanceledError ||
                                       result.transportError == QNetworkReply::TimeoutError
                                   ? QCoreApplication::translate("RemoteBackend", "no answer in time")
                                   : result.transportMessage;
        return makeError(
            ErrorCode::StoreUnavailable,
            QCoreApplication::translate("RemoteBackend", "Cannot reach the TokenDesk server at %1: %2")
                .arg(server.toDisplayString(), reason));
    }
    QJsonObject object;
    if (!result.body.isEmpty()) {
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(result.body, &error);
        if (error.error != QJsonParseError::NoError || !document.isObject()) {
            if (result.status >= 400)
                return makeError(ApiJson::codeForStatus(result.status),
                                 QCoreApplication::translate("RemoteBackend", "The server answered HTTP %1.")
                                     .arg(result.status));
            return makeError(
                ErrorCode::Internal,
                QCoreApplication::translate("RemoteBackend", "The server sent a response that is not JSON."));
        }
        object = document.object();
    }
    if (result.status >= 200 && result.status < 300)
        return object;
    if (auto error = ApiJson::errorFromJson(object))
        return *error;
    return makeError(
        ApiJson::codeForStatus(result.status),
        QCoreApplication::translate("RemoteBackend", "The server answered HTTP %1.").arg(result.status));
}

bool retryable(const HttpResult& result)
{
    switch (result.transportError) {
    case QNetworkReply::RemoteHostClosedError:
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::UnknownNetworkError:
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::OperationCanceledError: // the transfer timeout
    case QNetworkReply::TimeoutError:
        return true;
    default:
        return false;
    }
}

QByteArray ifMatch(qint64 version)
{
    return '"' + QByteArray::number(version) + '"';
}

template <typename T>
std::function<Result<QList<T>>(const QJsonObject&)> listOf(const QString& field,
                                                           Result<T> (*parse)(const QJsonObject&))
{
    return [field, parse](const QJsonObject& object) -> Result<QList<T>> {
        QList<T> items;
        const QJsonArray array = object.value(field).toArray();
        items.reserve(array.size());
        for (const auto& value : array) {
            auto item = parse(value.toObject());
            if (!item.ok())
                return item.error();
            items.append(std::move(item).value());
        }
        return items;
    };
}

Result<Unit> nothing(const QJsonObject&)
{
    return Unit{};
}

} // namespace

struct RemoteBackend::Request
{
    // QUrlQuery has no move constructor: it is copied.
    Request(QByteArray method, QString path, const QUrlQuery& query = {},
            std::optional<QJsonObject> body = {}, HttpHeaders headers = {})
        : method(std::move(method)), path(std::move(path)), query(query), body(std::move(body)),
          headers(std::move(headers))
    {}

    QByteArray method;
    QString path;
    QUrlQuery query;
    std::optional<QJsonObject> body;
    HttpHeaders headers;
    std::optional<Secret> bearer; // default: the backend's admin token
    bool idempotent = false;      // a create: send a key, retry with it
};

namespace {

// One logical request, possibly sent several times (see kCreateAttempts).
struct Exchange : std::enable_shared_from_this<Exchange>
{
    std::shared_ptr<HttpClient> client;
    QByteArray method;
    QUrl url;
    HttpHeaders headers;
    QByteArray body;
    int attempts = 1; // how often it may be sent
    int sent = 0;
    std::function<void(HttpResult)> done;

    void start()
    {
        ++sent;
        client->send(method, url, headers, body, [self = shared_from_this()](HttpResult result) {
            if (self->sent < self->attempts && retryable(result)) {
                const auto delay =
                    kRetryDelays[std::min<size_t>(self->sent - 1, std::size(kRetryDelays) - 1)];
                QTimer::singleShot(delay, self->client.get(), [self] { self->start(); });
                return;
            }
            self->done(std::move(result));
        });
    }
};

} // namespace

template <typename T>
QFuture<Result<T>> RemoteBackend::call(Request request, std::function<Result<T>(const QJsonObject&)> parse)
{
    if (auto refused = checkTransport(m_options.server))
        return QtFuture::makeReadyFuture(Result<T>(*refused));
    auto promise = std::make_shared<QPromise<Result<T>>>();
    QFuture<Result<T>> future = promise->future();
    promise->start();

    auto exchange = std::make_shared<Exchange>();
    exchange->client = m_client;
    exchange->method = request.method;
    QUrl url = m_options.server;
    url.setPath(request.path, QUrl::TolerantMode); // user names arrive percent-encoded
    if (!request.query.isEmpty())
        url.setQuery(request.query);
    exchange->url = url;
    const Secret& credential = request.bearer ? *request.bearer : m_options.token;
    exchange->headers = request.headers;
    exchange->headers.emplaceBack("Authorization", "Bearer " + credential.view().toByteArray());
    exchange->headers.emplaceBack("Accept", "application/json");
    if (request.idempotent) {
        exchange->headers.emplaceBack("Idempotency-Key",
                                      QUuid::createUuid().toByteArray(QUuid::WithoutBraces));
        exchange->attempts = kCreateAttempts;
    }
    if (request.body)
        exchange->body = QJsonDocument(*request.body).toJson(QJsonDocument::Compact);
    exchange->done = [promise, parse = std::move(parse), server = m_options.server](HttpResult result) {
        auto object = interpret(result, server);
        secureWipe(result.body); // a generate's response holds the new secret
        promise->addResult(object.ok() ? parse(object.value()) : Result<T>(object.error()));
        promise->finish();
    };
    exchange->start();
    return future;
}

std::optional<Error> RemoteBackend::checkTransport(const QUrl& server)
{
    const QString scheme = server.scheme();
    if (scheme == u"https"_s || (scheme == u"http"_s && isLoopbackHost(server.host())))
        return std::nullopt;
    if (scheme == u"http"_s)
        return makeError(ErrorCode::InvalidInput,
                         QCoreApplication::translate(
                             "RemoteBackend",
                             "http:// is only for a server on this computer (localhost, 127.0.0.1, ::1): to "
                             "%1 the admin token would cross the network in clear. Use https://%1.")
                             .arg(server.authority()));
    return makeError(
        ErrorCode::InvalidInput,
        QCoreApplication::translate("RemoteBackend", "A TokenDesk server is reached over https://."));
}

Result<QUrl> RemoteBackend::parseServerUrl(const QString& text)
{
    // No scheme means https: a bare "tokens.example.com:8443" must never fall back to clear text.
    QString typed = text.trimmed();
    if (!typed.isEmpty() && !typed.contains(u"://"_s))
        typed.prepend(u"https://"_s);
    const QUrl url(typed, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || url.host().isEmpty() || (scheme != u"http"_s && scheme != u"https"_s))
        return makeError(ErrorCode::InvalidInput,
                         QCoreApplication::translate("RemoteBackend",
                                                     "Enter the server's address as https://host:port "
                                                     "(http:// only for a server on this computer)."));
    if (!url.userInfo().isEmpty() || url.hasQuery() || url.hasFragment() ||
        (url.path() != u"/"_s && !url.path().isEmpty()))
        return makeError(ErrorCode::InvalidInput,
                         QCoreApplication::translate(
                             "RemoteBackend", "The server address takes no user name, path or query."));
    if (!UrlHost::readsAsTyped(typed, url))
        return makeError(ErrorCode::InvalidInput,
                         QCoreApplication::translate(
                             "RemoteBackend", "The server address names a host that is neither a host name "
                                              "nor an address."));
    // QUrl takes ":0" as a port; no server listens there.
    if (url.port() == 0)
        return makeError(ErrorCode::InvalidInput,
                         QCoreApplication::translate(
                             "RemoteBackend", "Port 0 is no port: give the server's port, from 1 to 65535 "
                                              "(none means 443)."));
    QUrl clean;
    clean.setScheme(scheme);
    clean.setHost(url.host());
    if (url.port() != -1)
        clean.setPort(url.port());
    if (auto refused = checkTransport(clean))
        return *refused;
    return clean;
}

QFuture<Result<ServerCertificate>> RemoteBackend::serverCertificate(const QUrl& server,
                                                                    HttpClientOptions http)
{
    if (auto refused = checkTransport(server))
        return QtFuture::makeReadyFuture(Result<ServerCertificate>(*refused));
    auto promise = std::make_shared<QPromise<Result<ServerCertificate>>>();
    QFuture<Result<ServerCertificate>> future = promise->future();
    promise->start();
    http.pinnedSha256.clear(); // the question is what the server presents, not whether it matches
    auto client = HttpClient::make(http);
    QUrl health = server;
    health.setPath(u"/v1/health"_s);
    client->send("GET", health, {}, {}, [promise, client, server](const HttpResult& result) {
        if (result.untrustedCertificate && !result.peerCertificate.isNull()) {
            promise->addResult(ServerCertificate{result.peerCertificate, false});
        } else if (result.transportError != QNetworkReply::NoError) {
            promise->addResult(Result<ServerCertificate>(interpret(result, server).error()));
        } else {
            promise->addResult(ServerCertificate{result.peerCertificate, true});
        }
        promise->finish();
    });
    return future;
}

QFuture<Result<std::optional<QSslCertificate>>> RemoteBackend::untrustedCertificate(const QUrl& server,
                                                                                    HttpClientOptions http)
{
    return serverCertificate(server, std::move(http))
        .then([](const Result<ServerCertificate>& probed) -> Result<std::optional<QSslCertificate>> {
            if (!probed.ok())
                return probed.error();
            if (probed->trustedByCa)
                return std::optional<QSslCertificate>();
            return std::optional<QSslCertificate>(probed->certificate);
        });
}

QFuture<Result<std::shared_ptr<RemoteBackend>>> RemoteBackend::connect(const RemoteOptions& options)
{
    auto probe = std::make_shared<RemoteBackend>(options);
    return probe->session().then(
        [options](const Result<SessionInfo>& session) -> Result<std::shared_ptr<RemoteBackend>> {
            if (!session.ok())
                return session.error();
            return std::make_shared<RemoteBackend>(options, session->user.name);
        });
}

RemoteBackend::RemoteBackend(RemoteOptions options, QString actor)
    : m_options(std::move(options)), m_actor(std::move(actor)), m_client(HttpClient::make(m_options.http))
{}

RemoteBackend::~RemoteBackend() = default;

QString RemoteBackend::displayName() const
{
    return m_options.server.toDisplayString(QUrl::RemoveScheme | QUrl::StripTrailingSlash).mid(2);
}

QFuture<Result<SessionInfo>> RemoteBackend::session()
{
    return call<SessionInfo>({"GET", u"/v1/session"_s}, &ApiJson::sessionFromJson);
}

QFuture<Result<QList<Token>>> RemoteBackend::list(const TokenQuery& query)
{
    // limit=0 asks the server for the count alone (see count()); a list always wants rows.
    if (query.limit < 1)
        return QtFuture::makeReadyFuture(Result<QList<Token>>(
            makeError(ErrorCode::InvalidInput,
                      QCoreApplication::translate("RemoteBackend", "A page holds 1 to %1 tokens.")
                          .arg(TokenQuery::kMaxPageSize))));
    return call<QList<Token>>({"GET", u"/v1/tokens"_s, ApiJson::toUrlQuery(query)},
                              listOf<Token>(u"tokens"_s, &ApiJson::tokenFromJson));
}

QFuture<Result<qint64>> RemoteBackend::count(const TokenQuery& query)
{
    TokenQuery countOnly = query;
    countOnly.limit = 0;
    countOnly.offset = 0;
    countOnly.after.reset();
    return call<qint64>({"GET", u"/v1/tokens"_s, ApiJson::toUrlQuery(countOnly)},
                        [](const QJsonObject& object) -> Result<qint64> {
                            const QJsonValue total = object.value(u"total"_s);
                            if (!total.isDouble())
                                return ApiJson::unexpected(u"total"_s);
                            return total.toInteger();
                        });
}

QFuture<Result<Token>> RemoteBackend::get(TokenId id)
{
    return call<Token>({"GET", u"/v1/tokens/%1"_s.arg(id)}, &ApiJson::tokenFromJson);
}

QFuture<Result<GeneratedToken>> RemoteBackend::generate(const TokenSpec& spec)
{
    QJsonObject body{{u"label"_s, spec.label}, {u"role"_s, roleName(spec.role)}};
    // Left out, the server applies its lifetime policy's default; null is "never expires".
    if (!spec.expiryFromPolicy)
        body.insert(u"expires_at"_s, ApiJson::time(spec.expiresAt));
    // Sent only when set, so a server from before descriptions and tags still generates.
    if (!spec.description.isEmpty())
        body.insert(u"description"_s, spec.description);
    if (!spec.tags.isEmpty())
        body.insert(u"tags"_s, QJsonArray::fromStringList(spec.tags));
    Request request{"POST", u"/v1/tokens"_s, {}, body};
    request.idempotent = true;
    return call<GeneratedToken>(std::move(request), &ApiJson::generatedFromJson);
}

QFuture<Result<Token>> RemoteBackend::rename(TokenId id, qint64 expectedVersion, const QString& label)
{
    return call<Token>({"PATCH",
                        u"/v1/tokens/%1"_s.arg(id),
                        {},
                        QJsonObject{{u"label"_s, label}},
                        {{"If-Match", ifMatch(expectedVersion)}}},
                       &ApiJson::tokenFromJson);
}

QFuture<Result<Token>> RemoteBackend::setEnabled(TokenId id, qint64 expectedVersion, bool enabled)
{
    return call<Token>({"PATCH",
                        u"/v1/tokens/%1"_s.arg(id),
                        {},
                        QJsonObject{{u"enabled"_s, enabled}},
                        {{"If-Match", ifMatch(expectedVersion)}}},
                       &ApiJson::tokenFromJson);
}

QFuture<Result<Token>> RemoteBackend::setDetails(TokenId id, qint64 expectedVersion,
                                                 const TokenDetails& details)
{
    return call<Token>({"PATCH",
                        u"/v1/tokens/%1"_s.arg(id),
                        {},
                        QJsonObject{{u"description"_s, details.description},
                                    {u"tags"_s, QJsonArray::fromStringList(details.tags)}},
                        {{"If-Match", ifMatch(expectedVersion)}}},
                       &ApiJson::tokenFromJson);
}

QFuture<Result<Token>> RemoteBackend::setExpiry(TokenId id, qint64 expectedVersion,
                                                const QDateTime& expiresAt)
{
    return call<Token>({"PATCH",
                        u"/v1/tokens/%1"_s.arg(id),
                        {},
                        QJsonObject{{u"expires_at"_s, ApiJson::time(expiresAt)}},
                        {{"If-Match", ifMatch(expectedVersion)}}},
                       &ApiJson::tokenFromJson);
}

QFuture<Result<GeneratedToken>> RemoteBackend::rotate(TokenId id, qint64 expectedVersion,
                                                      std::chrono::seconds grace)
{
    Request request{"POST",
                    u"/v1/tokens/%1/rotate"_s.arg(id),
                    {},
                    QJsonObject{{u"grace_seconds"_s, qint64(grace.count())}},
                    {{"If-Match", ifMatch(expectedVersion)}}};
    request.idempotent = true;
    return call<GeneratedToken>(std::move(request), &ApiJson::generatedFromJson);
}

QFuture<Result<Unit>> RemoteBackend::revoke(TokenId id, qint64 expectedVersion)
{
    return call<Unit>(
        {"DELETE", u"/v1/tokens/%1"_s.arg(id), {}, std::nullopt, {{"If-Match", ifMatch(expectedVersion)}}},
        &nothing);
}

QFuture<Result<QList<TokenId>>> RemoteBackend::matchingIds(const TokenQuery& query)
{
    return call<QList<TokenId>>({"GET", u"/v1/tokens/ids"_s, ApiJson::toUrlQuery(query)},
                                &ApiJson::tokenIdsFromJson);
}

QFuture<Result<BulkOutcome>> RemoteBackend::bulk(const BulkAction& action, const QList<BulkItem>& items)
{
    QJsonObject body = ApiJson::toJson(action);
    body.insert(u"items"_s, ApiJson::toJson(items));
    return call<BulkOutcome>({"POST", u"/v1/tokens/batch"_s, {}, body}, &ApiJson::bulkOutcomeFromJson);
}

QFuture<Result<VerifiedToken>> RemoteBackend::verify(const Secret& token)
{
    Request request{"POST", u"/v1/verify"_s};
    request.bearer = token;
    return call<VerifiedToken>(std::move(request), [](const QJsonObject& object) -> Result<VerifiedToken> {
        const auto role = roleFromName(object.value(u"role"_s).toString());
        if (!object.value(u"valid"_s).toBool() || !role || !object.value(u"id"_s).isDouble())
            return makeError(ErrorCode::Internal,
                             QCoreApplication::translate("RemoteBackend",
                                                         "The server sent an unexpected verify response."));
        return VerifiedToken{
            object.value(u"id"_s).toInteger(), *role, object.value(u"label"_s).toString(), {}, false};
    });
}

QFuture<Result<QList<EndedToken>>> RemoteBackend::inactive(const InactiveQuery& query)
{
    return call<QList<EndedToken>>({"GET", u"/v1/tokens/inactive"_s, ApiJson::toUrlQuery(query)},
                                   listOf<EndedToken>(u"tokens"_s, &ApiJson::endedTokenFromJson));
}

QFuture<Result<QList<AuditEntry>>> RemoteBackend::audit(const AuditQuery& query)
{
    QUrlQuery url;
    if (query.tokenId)
        url.addQueryItem(u"token_id"_s, QString::number(*query.tokenId));
    url.addQueryItem(u"offset"_s, QString::number(query.offset));
    url.addQueryItem(u"limit"_s, QString::number(std::clamp(query.limit, 1, ApiJson::kMaxAuditPage)));
    return call<QList<AuditEntry>>({"GET", u"/v1/audit"_s, url},
                                   listOf<AuditEntry>(u"entries"_s, &ApiJson::auditEntryFromJson));
}

QFuture<Result<ChainReport>> RemoteBackend::verifyAuditChain()
{
    return call<ChainReport>({"GET", u"/v1/audit/verify"_s}, &ApiJson::chainReportFromJson);
}

QFuture<Result<QList<User>>> RemoteBackend::users()
{
    return call<QList<User>>({"GET", u"/v1/users"_s}, listOf<User>(u"users"_s, &ApiJson::userFromJson));
}

QFuture<Result<User>> RemoteBackend::addUser(const User& user)
{
    return call<User>({"POST", u"/v1/users"_s, {}, ApiJson::toJson(user)}, &ApiJson::userFromJson);
}

QFuture<Result<Unit>> RemoteBackend::removeUser(const QString& name)
{
    return call<Unit>({"DELETE", userPath(name)}, &nothing);
}

QFuture<Result<User>> RemoteBackend::setUserEmail(const QString& name, const QString& email)
{
    return call<User>({"PATCH", userPath(name), {}, QJsonObject{{u"email"_s, email}}},
                      &ApiJson::userFromJson);
}

QFuture<Result<QList<Notice>>> RemoteBackend::notices()
{
    return call<QList<Notice>>({"GET", u"/v1/notices"_s},
                               listOf<Notice>(u"notices"_s, &ApiJson::noticeFromJson));
}

QFuture<Result<int>> RemoteBackend::tokenLimit()
{
    return call<int>({"GET", u"/v1/settings"_s}, &SettingsReply::tokenLimit);
}

QFuture<Result<LifetimePolicy>> RemoteBackend::lifetimePolicy()
{
    return call<LifetimePolicy>({"GET", u"/v1/settings"_s}, &SettingsReply::lifetimePolicy);
}

QFuture<Result<LifetimePolicy>> RemoteBackend::setLifetimePolicy(const LifetimePolicy& policy)
{
    return call<LifetimePolicy>(
        {"PUT", u"/v1/settings"_s, {}, QJsonObject{{u"lifetime_policy"_s, ApiJson::toJson(policy)}}},
        &SettingsReply::lifetimePolicy);
}

QFuture<Result<std::optional<int>>> RemoteBackend::inactiveRetention()
{
    return call<std::optional<int>>({"GET", u"/v1/settings"_s}, &SettingsReply::inactiveRetention);
}

QFuture<Result<std::optional<int>>> RemoteBackend::setInactiveRetention(std::optional<int> days)
{
    const QJsonValue value = days ? QJsonValue(*days) : QJsonValue(QJsonValue::Null);
    return call<std::optional<int>>(
        {"PUT", u"/v1/settings"_s, {}, QJsonObject{{u"inactive_retention_days"_s, value}}},
        &SettingsReply::inactiveRetention);
}

QFuture<Result<QList<int>>> RemoteBackend::expiryWarningDays()
{
    return call<QList<int>>({"GET", u"/v1/settings"_s}, &SettingsReply::expiryWarningDays);
}

QFuture<Result<QList<int>>> RemoteBackend::setExpiryWarningDays(const QList<int>& days)
{
    QJsonArray array;
    for (int value : days)
        array.append(value);
    return call<QList<int>>({"PUT", u"/v1/settings"_s, {}, QJsonObject{{u"expiry_warning_days"_s, array}}},
                            &SettingsReply::expiryWarningDays);
}

QFuture<Result<int>> RemoteBackend::setTokenLimit(int limit)
{
    return call<int>({"PUT", u"/v1/settings"_s, {}, QJsonObject{{u"token_limit"_s, limit}}},
                     &SettingsReply::tokenLimit);
}

} // namespace tokendesk
