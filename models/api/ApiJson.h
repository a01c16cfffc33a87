// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/Result.h"
#include "models/core/Types.h"

#include <QJsonObject>
#include <QJsonValue>

namespace tokendesk::ApiJson {

// The wire format of the REST API (v1), shared by tokendesk-server and RemoteBackend so the two
// ends cannot drift apart. resources/openapi.json documents the same shapes. This header holds the
// JSON of the values the API exchanges; the rest of the format lives beside it:
//   ApiCursor.h    the opaque paging cursors
//   ApiQuery.h     the query strings of the listing endpoints
//   RequestBody.h  the strict reader of request bodies

inline constexpr int kMaxGraceSeconds = 30 * 24 * 3600;

// RFC 3339 UTC with milliseconds ("2026-12-02T10:00:00.000Z"); null for an invalid QDateTime.
QJsonValue time(const QDateTime& at);
// Accepts any RFC 3339 / ISO 8601 time with an offset or Z; null gives an invalid QDateTime.
std::optional<QDateTime> parseTime(const QJsonValue& value);

QJsonObject toJson(const Token& token);
// The token plus "token", as compact JSON bytes: the only time the secret is sent. Built by hand
// around the secret, in one buffer of the exact size, since a QJsonObject would keep copies of it
// that no one could wipe; the caller wipes the result (HttpResponse::sensitive).
QByteArray generatedJson(const GeneratedToken& generated);
// Base62 and '_', the alphabet of generated tokens.
bool isPlainTokenText(QByteArrayView bytes);
// {"token":"SECRET",<fields>}<suffix> in one allocation; empty when the secret is not plain token
// text (Base62 and '_'), which alone may be spliced into JSON without escaping.
QByteArray jsonWithSecret(const QJsonObject& fields, QByteArrayView secret, QByteArrayView suffix = {});
QJsonObject toJson(const User& user);
QJsonObject toJson(const AuditEntry& entry);
QJsonObject toJson(const EndedToken& ended);
QJsonObject toJson(const Notice& notice);
QJsonObject toJson(const SessionInfo& session);
QJsonObject toJson(const ChainReport& report);
QJsonObject toJson(const Error& error); // {"error":{"code","message"}}

// INTERNAL: a response from the server without the documented shape, naming the field.
Error unexpected(const QString& field);

Result<Token> tokenFromJson(const QJsonObject& object);
Result<EndedToken> endedTokenFromJson(const QJsonObject& object);
Result<GeneratedToken> generatedFromJson(const QJsonObject& object);
Result<User> userFromJson(const QJsonObject& object);
Result<AuditEntry> auditEntryFromJson(const QJsonObject& object);
Result<Notice> noticeFromJson(const QJsonObject& object);
Result<SessionInfo> sessionFromJson(const QJsonObject& object);
Result<ChainReport> chainReportFromJson(const QJsonObject& object);
// The error a response body carries, or nullopt when it carries none.
std::optional<Error> errorFromJson(const QJsonObject& object);

// HTTP status for each stable error code (INVALID_INPUT 400, API_KEY_* 401, ...).
int httpStatus(ErrorCode code);
// The code a status stands for when a response carries no error object (a proxy's 502, say).
ErrorCode codeForStatus(int status);

} // namespace tokendesk::ApiJson
