// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/server/ApiReplies.h"

#include "models/api/ApiJson.h"
#include "models/api/ApiQuery.h"

#include <QCoreApplication>
#include <QJsonDocument>

namespace tokendesk::ApiReplies {

HttpResponse json(int status, const QJsonObject& object, HttpHeaders headers)
{
    headers.emplaceBack("Content-Type", "application/json");
    return {status, std::move(headers), QJsonDocument(object).toJson(QJsonDocument::Compact)};
}

HttpResponse failure(const Error& error)
{
    HttpHeaders headers;
    const int status = ApiJson::httpStatus(error.code);
    if (status == 401)
        headers.emplaceBack("WWW-Authenticate", "Bearer realm=\"tokendesk\"");
    return json(status, ApiJson::toJson(error), std::move(headers));
}

HttpResponse failure(int status, ErrorCode code, const QString& message)
{
    HttpResponse response = failure(Error{code, message});
    response.status = status;
    return response;
}

HttpResponse noContent()
{
    return {204, {}, {}};
}

QByteArray etag(qint64 version)
{
    return '"' + QByteArray::number(version) + '"';
}

HttpResponse tokenResponse(int status, const Token& token)
{
    return json(status, ApiJson::toJson(token), {{"ETag", etag(token.version)}});
}

HttpResponse generatedResponse(const GeneratedToken& generated)
{
    QByteArray body = ApiJson::generatedJson(generated);
    if (body.isEmpty()) // not a token this server made: never sent half-encoded
        return failure(500, ErrorCode::Internal,
                       QCoreApplication::translate("ApiReplies", "The new token could not be encoded."));
    HttpResponse response{201,
                          {{"ETag", etag(generated.token.version)},
                           {"Location", "/v1/tokens/" + QByteArray::number(generated.token.id)},
                           {"Cache-Control", "no-store"},
                           {"Content-Type", "application/json"}},
                          std::move(body)};
    response.sensitive = true;
    return response;
}

// The bearer credential of a request, or nullopt when there is none.
std::optional<Secret> bearer(const HttpRequest& request)
{
    // Two Authorization headers are no credential: a proxy may have checked the other one.
    const auto authorizations =
        std::count_if(request.headers.cbegin(), request.headers.cend(), [](const auto& h) {
            return h.first.compare("Authorization", Qt::CaseInsensitive) == 0;
        });
    if (authorizations > 1)
        return std::nullopt;
    const QByteArray header = request.header("Authorization").trimmed();
    const qsizetype space = header.indexOf(' ');
    if (space <= 0 || header.left(space).compare("Bearer", Qt::CaseInsensitive) != 0)
        return std::nullopt;
    return Secret::transient(QByteArrayView(header).sliced(space + 1).trimmed());
}

// If-Match: "3", 3 or W/"3". nullopt when absent; an error when present but not a version.
Result<std::optional<qint64>> ifMatch(const HttpRequest& request)
{
    QByteArray value = request.header("If-Match").trimmed();
    if (value.isEmpty())
        return std::optional<qint64>();
    if (value.startsWith("W/"))
        value = value.mid(2);
    if (value.size() >= 2 && value.startsWith('"') && value.endsWith('"'))
        value = value.mid(1, value.size() - 2);
    const std::optional<qint64> version = ApiJson::plainNumber(QString::fromLatin1(value));
    if (!version || *version < 1)
        return makeError(ErrorCode::InvalidInput,
                         QCoreApplication::translate(
                             "ApiService", "Header 'If-Match' must be a token version such as \"3\"."));
    return version;
}

Result<qint64> requiredIfMatch(const HttpRequest& request)
{
    auto version = ifMatch(request);
    if (!version.ok())
        return version.error();
    if (!version.value())
        return makeError(
            ErrorCode::InvalidInput,
            QCoreApplication::translate(
                "ApiService",
                "Header 'If-Match' with the token's version is required (get it from the ETag)."));
    return *version.value();
}

// A missing If-Match is 428 Precondition Required; one that is not a version is 400.
HttpResponse ifMatchFailure(const HttpRequest& request, const Error& error)
{
    return request.header("If-Match").isEmpty() ? failure(428, error.code, error.message) : failure(error);
}

} // namespace tokendesk::ApiReplies
