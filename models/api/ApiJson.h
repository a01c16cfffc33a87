// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/Result.h"
#include "models/core/Types.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QSet>
#include <QUrlQuery>

namespace tokendesk::ApiJson {

// The wire format of the REST API (v1), shared by tokendesk-server and RemoteBackend so the two
// ends cannot drift apart. resources/openapi.json documents the same shapes.

inline constexpr qsizetype kMaxBodyBytes = 64 * 1024;
inline constexpr int kMaxPageSize = TokenQuery::kMaxPageSize;
inline constexpr int kMaxAuditPage = 5000;
inline constexpr int kMaxGraceSeconds = 30 * 24 * 3600;

// RFC 3339 UTC with milliseconds ("2026-12-02T10:00:00.000Z"); null for an invalid QDateTime.
QJsonValue time(const QDateTime& at);
// Accepts any RFC 3339 / ISO 8601 time with an offset or Z; null gives an invalid QDateTime.
std::optional<QDateTime> parseTime(const QJsonValue& value);

QJsonObject toJson(const Token& token);
QJsonObject toJson(const GeneratedToken& generated); // the token plus "token": the only time it is sent
QJsonObject toJson(const User& user);
QJsonObject toJson(const AuditEntry& entry);
QJsonObject toJson(const Notice& notice);
QJsonObject toJson(const SessionInfo& session);
QJsonObject toJson(const ChainReport& report);
QJsonObject toJson(const Error& error); // {"error":{"code","message"}}

Result<Token> tokenFromJson(const QJsonObject& object);
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

// Opaque cursors: base64url of the page anchor, so a client resumes exactly after a row.
QByteArray encodeCursor(const PageAnchor& anchor);
Result<PageAnchor> decodeCursor(const QByteArray& cursor);

// TokenQuery <-> the query string of GET /v1/tokens.
QUrlQuery toUrlQuery(const TokenQuery& query);
Result<TokenQuery> tokenQueryFromUrl(const QUrlQuery& url);
Result<AuditQuery> auditQueryFromUrl(const QUrlQuery& url);

// A request body read strictly: a JSON object no larger than kMaxBodyBytes, holding only the
// fields the endpoint knows, each of the right type. Every failure is an INVALID_INPUT that names
// the offending field, so a client's mistake is never a 500 and never silently ignored.
class RequestBody
{
public:
    // `emptyIsObject`: an empty body counts as {} (endpoints whose fields are all optional).
    static Result<RequestBody> parse(const QByteArray& body, const QSet<QString>& knownFields,
                                     bool emptyIsObject = false);

    bool has(const QString& field) const { return m_object.contains(field); }
    Result<QString> string(const QString& field) const;
    Result<bool> boolean(const QString& field) const;
    Result<qint64> integer(const QString& field, qint64 min, qint64 max) const;
    // A time, or an invalid QDateTime for JSON null.
    Result<QDateTime> timeOrNull(const QString& field) const;

private:
    explicit RequestBody(QJsonObject object) : m_object(std::move(object)) {}
    QJsonObject m_object;
};

} // namespace tokendesk::ApiJson
