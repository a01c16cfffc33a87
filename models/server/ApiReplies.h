// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/api/HttpExchange.h"
#include "models/core/Result.h"
#include "models/core/Secret.h"
#include "models/core/Types.h"

#include <QJsonObject>

#include <optional>

// The pieces every handler of ApiService answers with, and the headers it reads: JSON replies,
// errors with their statuses, ETags, the bearer credential and If-Match.
namespace tokendesk::ApiReplies {

HttpResponse json(int status, const QJsonObject& object, HttpHeaders headers = {});
HttpResponse failure(const Error& error);
HttpResponse failure(int status, ErrorCode code, const QString& message);
HttpResponse noContent();
QByteArray etag(qint64 version);
HttpResponse tokenResponse(int status, const Token& token);
HttpResponse generatedResponse(const GeneratedToken& generated);

// The bearer credential of a request, or nullopt when there is none.
std::optional<Secret> bearer(const HttpRequest& request);
// If-Match: "3", 3 or W/"3". nullopt when absent; an error when present but not a version.
Result<std::optional<qint64>> ifMatch(const HttpRequest& request);
Result<qint64> requiredIfMatch(const HttpRequest& request);
// A missing If-Match is 428 Precondition Required; one that is not a version is 400.
HttpResponse ifMatchFailure(const HttpRequest& request, const Error& error);

} // namespace tokendesk::ApiReplies
