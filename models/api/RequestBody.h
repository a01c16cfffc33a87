// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/Result.h"
#include "models/core/Types.h"

#include <QDateTime>
#include <QJsonObject>
#include <QSet>

namespace tokendesk::ApiJson {

inline constexpr qsizetype kMaxBodyBytes = qsizetype(64) * 1024;

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
    // An array of strings (at most `maxItems`; validated item by item by the caller).
    Result<QStringList> strings(const QString& field, qsizetype maxItems) const;
    // The field as sent, for values with a reader of their own (LifetimePolicyJson).
    QJsonValue value(const QString& field) const { return m_object.value(field); }
    // A time, or an invalid QDateTime for JSON null.
    Result<QDateTime> timeOrNull(const QString& field) const;

private:
    explicit RequestBody(QJsonObject object) : m_object(std::move(object)) {}
    QJsonObject m_object;
};

// The 'description' and 'tags' of a create or update body; a field left out keeps `unchanged`'s.
// Only the JSON types are checked here: the backend validates the text and the tags.
Result<TokenDetails> detailsFromBody(const RequestBody& body, const TokenDetails& unchanged);

} // namespace tokendesk::ApiJson
