// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/api/ApiJson.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace tokendesk::ApiJson {

Error unexpected(const QString& field)
{
    return makeError(
        ErrorCode::Internal,
        QCoreApplication::translate("ApiJson", "The server sent an unexpected response (field '%1').")
            .arg(field));
}

namespace {

// Reads a response object's fields; the first missing or mistyped one becomes the error.
class Reader
{
public:
    explicit Reader(const QJsonObject& object) : m_object(object) {}

    QString string(const QString& field)
    {
        const QJsonValue value = m_object.value(field);
        if (!value.isString())
            fail(field);
        return value.toString();
    }
    qint64 integer(const QString& field)
    {
        const QJsonValue value = m_object.value(field);
        if (!value.isDouble())
            fail(field);
        return value.toInteger();
    }
    // Null and absent read as 0 (audit entries that are not about a token).
    qint64 integerOrZero(const QString& field)
    {
        const QJsonValue value = m_object.value(field);
        return value.isNull() || value.isUndefined() ? 0 : integer(field);
    }
    // Absent reads as empty: a server from before the field was added.
    QString optionalString(const QString& field)
    {
        return m_object.contains(field) ? string(field) : QString();
    }
    QStringList optionalStrings(const QString& field)
    {
        const QJsonValue value = m_object.value(field);
        if (value.isUndefined())
            return {};
        QStringList items;
        if (!value.isArray())
            fail(field);
        const QJsonArray array = value.toArray();
        for (const auto& item : array) {
            if (!item.isString())
                fail(field);
            items.append(item.toString());
        }
        return items;
    }
    bool boolean(const QString& field)
    {
        const QJsonValue value = m_object.value(field);
        if (!value.isBool())
            fail(field);
        return value.toBool();
    }
    QDateTime time(const QString& field, bool nullable)
    {
        const QJsonValue value = m_object.value(field);
        if (value.isNull() && nullable)
            return {};
        auto parsed = parseTime(value);
        if (!parsed || (!nullable && !parsed->isValid()))
            fail(field);
        return parsed.value_or(QDateTime());
    }
    QByteArray hex(const QString& field) { return QByteArray::fromHex(string(field).toLatin1()); }
    template <typename T> T named(const QString& field, std::optional<T> (*fromName)(const QString&))
    {
        auto parsed = fromName(string(field));
        if (!parsed)
            fail(field);
        return parsed.value_or(T{});
    }

    template <typename T> Result<T> finish(T value) const
    {
        if (m_failed)
            return unexpected(*m_failed);
        return value;
    }

private:
    void fail(const QString& field)
    {
        if (!m_failed)
            m_failed = field;
    }
    const QJsonObject& m_object;
    std::optional<QString> m_failed;
};

QJsonValue nullIfZero(qint64 value)
{
    return value == 0 ? QJsonValue() : QJsonValue(value);
}

} // namespace

QJsonValue time(const QDateTime& at)
{
    if (!at.isValid())
        return QJsonValue();
    return at.toUTC().toString(Qt::ISODateWithMs);
}

std::optional<QDateTime> parseTime(const QJsonValue& value)
{
    if (value.isNull())
        return QDateTime();
    if (!value.isString())
        return std::nullopt;
    const QString text = value.toString();
    // An offset is required: a time without one would be read in the server's own zone.
    if (!(text.endsWith(u'Z') || text.endsWith(u'z') ||
          (text.size() > 6 && (text.at(text.size() - 6) == u'+' || text.at(text.size() - 6) == u'-'))))
        return std::nullopt;
    QDateTime parsed = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!parsed.isValid())
        parsed = QDateTime::fromString(text, Qt::ISODate);
    if (!parsed.isValid())
        return std::nullopt;
    return parsed.toUTC();
}

QJsonObject toJson(const Token& token)
{
    return QJsonObject{{u"id"_s, token.id},
                       {u"label"_s, token.label},
                       {u"masked"_s, token.masked},
                       {u"role"_s, roleName(token.role)},
                       {u"status"_s, statusName(token.status)},
                       {u"created_by"_s, token.createdBy},
                       {u"created_at"_s, time(token.createdAt)},
                       {u"expires_at"_s, time(token.expiresAt)},
                       {u"last_used_at"_s, time(token.lastUsedAt)},
                       {u"version"_s, token.version},
                       {u"description"_s, token.description},
                       {u"tags"_s, QJsonArray::fromStringList(token.tags)}};
}

bool isPlainTokenText(QByteArrayView bytes)
{
    const auto plain = [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    };
    return !bytes.isEmpty() && std::all_of(bytes.begin(), bytes.end(), plain);
}

QByteArray jsonWithSecret(const QJsonObject& fields, QByteArrayView secret, QByteArrayView suffix)
{
    if (!isPlainTokenText(secret))
        return {};
    const QByteArray rest = QJsonDocument(fields).toJson(QJsonDocument::Compact); // "{...}"
    static constexpr QByteArrayView opening = "{\"token\":\"";
    const QByteArrayView afterSecret = fields.isEmpty() ? QByteArrayView("\"") : QByteArrayView("\",");
    QByteArray json;
    // reserve() first: a buffer that grew while holding the secret would leave a copy behind.
    json.reserve(opening.size() + secret.size() + afterSecret.size() + rest.size() - 1 + suffix.size());
    json.append(opening)
        .append(secret)
        .append(afterSecret)
        .append(QByteArrayView(rest).sliced(1))
        .append(suffix);
    return json;
}

QByteArray generatedJson(const GeneratedToken& generated)
{
    return jsonWithSecret(toJson(generated.token), generated.secret.view());
}

QJsonObject toJson(const User& user)
{
    return QJsonObject{{u"name"_s, user.name},
                       {u"admin"_s, user.admin},
                       {u"api_access"_s, user.apiAccess},
                       {u"email"_s, user.email}};
}

QJsonObject toJson(const AuditEntry& entry)
{
    return QJsonObject{{u"sequence"_s, entry.sequence},
                       {u"at"_s, time(entry.at)},
                       {u"actor"_s, entry.actor},
                       {u"action"_s, entry.action},
                       {u"token_id"_s, nullIfZero(entry.tokenId)},
                       {u"label"_s, entry.label},
                       {u"masked"_s, entry.masked},
                       {u"detail"_s, entry.detail},
                       {u"previous_hash"_s, QString::fromLatin1(entry.previousHash.toHex())},
                       {u"hash"_s, QString::fromLatin1(entry.hash.toHex())}};
}

QJsonObject toJson(const EndedToken& ended)
{
    return QJsonObject{{u"id"_s, ended.id},
                       {u"label"_s, ended.label},
                       {u"masked"_s, ended.masked},
                       {u"role"_s, roleName(ended.role)},
                       {u"created_by"_s, ended.createdBy},
                       {u"created_at"_s, time(ended.createdAt)},
                       {u"ended_at"_s, time(ended.endedAt)},
                       {u"ended_by"_s, ended.endedBy},
                       {u"reason"_s, ended.reason}};
}

QJsonObject toJson(const Notice& notice)
{
    return QJsonObject{{u"id"_s, notice.id},
                       {u"recipient"_s, notice.recipient},
                       {u"kind"_s, notice.kind},
                       {u"token_id"_s, notice.tokenId},
                       {u"label"_s, notice.label},
                       {u"masked"_s, notice.masked},
                       {u"created_by"_s, notice.createdBy},
                       {u"created_at"_s, time(notice.createdAt)},
                       {u"delivered"_s, notice.delivered},
                       {u"attempts"_s, notice.attempts}};
}

QJsonObject toJson(const SessionInfo& session)
{
    return QJsonObject{{u"user"_s, toJson(session.user)},
                       {u"tokens_used"_s, session.tokensUsed},
                       {u"token_limit"_s, session.tokenLimit}};
}

QJsonObject toJson(const ChainReport& report)
{
    return QJsonObject{{u"entries_checked"_s, report.entriesChecked},
                       {u"intact"_s, report.intact()},
                       {u"first_broken_sequence"_s,
                        report.firstBrokenSequence ? QJsonValue(*report.firstBrokenSequence) : QJsonValue()},
                       {u"head_sequence"_s, report.headSequence},
                       {u"head_hash"_s, QString::fromLatin1(report.headHash.toHex())}};
}

QJsonObject toJson(const Error& error)
{
    return QJsonObject{
        {u"error"_s, QJsonObject{{u"code"_s, error.codeName()}, {u"message"_s, error.message}}}};
}

Result<Token> tokenFromJson(const QJsonObject& object)
{
    Reader read(object);
    Token token;
    token.id = read.integer(u"id"_s);
    token.label = read.string(u"label"_s);
    token.masked = read.string(u"masked"_s);
    token.role = read.named(u"role"_s, &roleFromName);
    token.status = read.named(u"status"_s, &statusFromName);
    token.createdBy = read.string(u"created_by"_s);
    token.createdAt = read.time(u"created_at"_s, false);
    token.expiresAt = read.time(u"expires_at"_s, true);
    token.lastUsedAt = read.time(u"last_used_at"_s, true);
    token.version = read.integer(u"version"_s);
    token.description = read.optionalString(u"description"_s);
    token.tags = read.optionalStrings(u"tags"_s);
    return read.finish(token);
}

Result<EndedToken> endedTokenFromJson(const QJsonObject& object)
{
    Reader read(object);
    EndedToken ended;
    ended.id = read.integer(u"id"_s);
    ended.label = read.string(u"label"_s);
    ended.masked = read.string(u"masked"_s);
    ended.role = read.named(u"role"_s, &roleFromName);
    ended.createdBy = read.string(u"created_by"_s);
    ended.createdAt = read.time(u"created_at"_s, false);
    ended.endedAt = read.time(u"ended_at"_s, false);
    ended.endedBy = read.string(u"ended_by"_s);
    ended.reason = read.string(u"reason"_s);
    return read.finish(ended);
}

Result<GeneratedToken> generatedFromJson(const QJsonObject& object)
{
    auto token = tokenFromJson(object);
    if (!token.ok())
        return token.error();
    const QJsonValue secret = object.value(u"token"_s);
    if (!secret.isString())
        return unexpected(u"token"_s);
    return GeneratedToken{token.value(), Secret::fromString(secret.toString())};
}

Result<User> userFromJson(const QJsonObject& object)
{
    Reader read(object);
    User user;
    user.name = read.string(u"name"_s);
    user.admin = read.boolean(u"admin"_s);
    user.apiAccess = read.boolean(u"api_access"_s);
    user.email = read.optionalString(u"email"_s); // absent from servers before issue 15
    return read.finish(user);
}

Result<AuditEntry> auditEntryFromJson(const QJsonObject& object)
{
    Reader read(object);
    AuditEntry entry;
    entry.sequence = read.integer(u"sequence"_s);
    entry.at = read.time(u"at"_s, false);
    entry.actor = read.string(u"actor"_s);
    entry.action = read.string(u"action"_s);
    entry.tokenId = read.integerOrZero(u"token_id"_s);
    entry.label = read.string(u"label"_s);
    entry.masked = read.string(u"masked"_s);
    entry.detail = read.string(u"detail"_s);
    entry.previousHash = read.hex(u"previous_hash"_s);
    entry.hash = read.hex(u"hash"_s);
    return read.finish(entry);
}

Result<Notice> noticeFromJson(const QJsonObject& object)
{
    Reader read(object);
    Notice notice;
    notice.id = read.integer(u"id"_s);
    notice.recipient = read.string(u"recipient"_s);
    notice.kind = read.string(u"kind"_s);
    notice.tokenId = read.integer(u"token_id"_s);
    notice.label = read.string(u"label"_s);
    notice.masked = read.string(u"masked"_s);
    notice.createdBy = read.string(u"created_by"_s);
    notice.createdAt = read.time(u"created_at"_s, false);
    notice.delivered = read.boolean(u"delivered"_s);
    notice.attempts = int(read.integer(u"attempts"_s));
    return read.finish(notice);
}

Result<SessionInfo> sessionFromJson(const QJsonObject& object)
{
    auto user = userFromJson(object.value(u"user"_s).toObject());
    if (!user.ok())
        return unexpected(u"user"_s);
    Reader read(object);
    SessionInfo session;
    session.user = user.value();
    session.tokensUsed = int(read.integer(u"tokens_used"_s));
    session.tokenLimit = int(read.integer(u"token_limit"_s));
    return read.finish(session);
}

Result<ChainReport> chainReportFromJson(const QJsonObject& object)
{
    Reader read(object);
    ChainReport report;
    report.entriesChecked = read.integer(u"entries_checked"_s);
    if (!read.boolean(u"intact"_s))
        report.firstBrokenSequence = read.integer(u"first_broken_sequence"_s);
    // Absent from servers before the head was exported: read as no head.
    report.headSequence = read.integerOrZero(u"head_sequence"_s);
    if (object.contains(u"head_hash"_s))
        report.headHash = read.hex(u"head_hash"_s);
    return read.finish(report);
}

std::optional<Error> errorFromJson(const QJsonObject& object)
{
    const QJsonObject error = object.value(u"error"_s).toObject();
    const QString code = error.value(u"code"_s).toString();
    if (code.isEmpty())
        return std::nullopt;
    for (int c = 0; c <= int(ErrorCode::Internal); ++c) {
        if (errorCodeName(ErrorCode(c)) == code)
            return Error{ErrorCode(c), error.value(u"message"_s).toString()};
    }
    // A code from a newer server: keep its text, treat it as an internal failure.
    return Error{ErrorCode::Internal, code + QStringLiteral(": ") + error.value(u"message"_s).toString()};
}

int httpStatus(ErrorCode code)
{
    switch (code) {
    case ErrorCode::InvalidInput:
        return 400;
    case ErrorCode::ApiKeyInvalid:
    case ErrorCode::ApiKeyDisabled:
    case ErrorCode::ApiKeyExpired:
        return 401;
    case ErrorCode::PermissionDenied:
        return 403;
    case ErrorCode::NotFound:
        return 404;
    case ErrorCode::AlreadyExists:
    case ErrorCode::TokenLimitReached:
        return 409;
    case ErrorCode::Conflict:
        return 412;
    case ErrorCode::RateLimited:
        return 429;
    case ErrorCode::StoreUnavailable:
    case ErrorCode::StoreTooNew:
    case ErrorCode::StoreCorrupt:
        return 503;
    case ErrorCode::Internal:
        return 500;
    }
    return 500;
}

ErrorCode codeForStatus(int status)
{
    switch (status) {
    case 400:
    case 405:
    case 413:
    case 428:
        return ErrorCode::InvalidInput;
    case 401:
        return ErrorCode::ApiKeyInvalid;
    case 403:
        return ErrorCode::PermissionDenied;
    case 404:
        return ErrorCode::NotFound;
    case 409:
        return ErrorCode::AlreadyExists;
    case 412:
        return ErrorCode::Conflict;
    case 429:
        return ErrorCode::RateLimited;
    case 502:
    case 503:
    case 504:
        return ErrorCode::StoreUnavailable;
    default:
        return ErrorCode::Internal;
    }
}

} // namespace tokendesk::ApiJson
