// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/api/RequestBody.h"

#include "models/api/ApiJson.h"
#include "models/core/Formatting.h"
#include "models/core/Validation.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

#include <cmath>

using namespace Qt::StringLiterals;

namespace tokendesk::ApiJson {

namespace {

Error invalid(const QString& message)
{
    return makeError(ErrorCode::InvalidInput, message);
}

// The names of the top-level object's members as written, a repeated one each time it appears
// (QJsonDocument keeps only the last of two equal names). `body` already parsed as an object.
QStringList writtenNames(const QByteArray& body)
{
    QStringList names;
    int depth = 0;
    bool expectName = false;
    for (qsizetype i = 0; i < body.size(); ++i) {
        const char c = body.at(i);
        if (c == '"') {
            const qsizetype start = i;
            for (++i; i < body.size() && body.at(i) != '"'; ++i) {
                if (body.at(i) == '\\')
                    ++i;
            }
            if (depth == 1 && expectName) {
                // Decoded as JSON, so "label" and "\u006cabel" are the same name.
                const QByteArray quoted = body.mid(start, i - start + 1);
                names << QJsonDocument::fromJson('[' + quoted + ']').array().first().toString();
                expectName = false;
            }
        } else if (c == '{' || c == '[') {
            ++depth;
            expectName = depth == 1;
        } else if (c == '}' || c == ']') {
            --depth;
        } else if (c == ',' && depth == 1) {
            expectName = true;
        }
    }
    return names;
}

} // namespace

Result<RequestBody> RequestBody::parse(const QByteArray& body, const QSet<QString>& knownFields,
                                       bool emptyIsObject)
{
    if (body.size() > kMaxBodyBytes)
        return invalid(QCoreApplication::translate("ApiJson", "The request body is larger than %1 KiB.")
                           .arg(kMaxBodyBytes / 1024));
    if (body.trimmed().isEmpty() && emptyIsObject)
        return RequestBody(QJsonObject());
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError)
        return invalid(
            QCoreApplication::translate("ApiJson", "The request body is not valid JSON (%1 at offset %2).")
                .arg(error.errorString())
                .arg(error.offset));
    if (!document.isObject())
        return invalid(QCoreApplication::translate("ApiJson", "The request body must be a JSON object."));
    const QJsonObject object = document.object();
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!knownFields.contains(it.key()))
            return invalid(QCoreApplication::translate("ApiJson", "Unknown field '%1'.")
                               .arg(Formatting::quotedInput(it.key())));
    }
    // Two parsers may keep different ones of a repeated field (a proxy that checks the first,
    // the server that takes the last): a strict reader refuses the request instead.
    if (const QStringList names = writtenNames(body); names.size() != object.size()) {
        for (const QString& name : names) {
            if (names.count(name) > 1)
                return invalid(QCoreApplication::translate("ApiJson", "Field '%1' is given more than once.")
                                   .arg(Formatting::quotedInput(name)));
        }
    }
    return RequestBody(object);
}

Result<QString> RequestBody::string(const QString& field) const
{
    const QJsonValue value = m_object.value(field);
    if (!value.isString())
        return invalid(QCoreApplication::translate("ApiJson", "Field '%1' must be a string.").arg(field));
    return value.toString();
}

Result<QStringList> RequestBody::strings(const QString& field, qsizetype maxItems) const
{
    const QJsonValue value = m_object.value(field);
    const Error wrong =
        invalid(QCoreApplication::translate("ApiJson", "Field '%1' must be an array of at most %2 strings.")
                    .arg(field)
                    .arg(maxItems));
    const QJsonArray array = value.toArray();
    if (!value.isArray() || array.size() > maxItems)
        return wrong;
    QStringList items;
    for (const auto& item : array) {
        if (!item.isString())
            return wrong;
        items.append(item.toString());
    }
    return items;
}

Result<bool> RequestBody::boolean(const QString& field) const
{
    const QJsonValue value = m_object.value(field);
    if (!value.isBool())
        return invalid(
            QCoreApplication::translate("ApiJson", "Field '%1' must be true or false.").arg(field));
    return value.toBool();
}

Result<qint64> RequestBody::integer(const QString& field, qint64 min, qint64 max) const
{
    const QJsonValue value = m_object.value(field);
    const double number = value.toDouble();
    if (!value.isDouble() || std::trunc(number) != number || number < double(min) || number > double(max))
        return invalid(
            QCoreApplication::translate("ApiJson", "Field '%1' must be a whole number from %2 to %3.")
                .arg(field)
                .arg(min)
                .arg(max));
    return qint64(number);
}

Result<QDateTime> RequestBody::timeOrNull(const QString& field) const
{
    auto parsed = parseTime(m_object.value(field));
    if (!parsed)
        return invalid(
            QCoreApplication::translate(
                "ApiJson",
                "Field '%1' must be an RFC 3339 time with a zone (e.g. 2027-01-31T00:00:00Z) or null.")
                .arg(field));
    return *parsed;
}

Result<TokenDetails> detailsFromBody(const RequestBody& body, const TokenDetails& unchanged)
{
    TokenDetails details = unchanged;
    if (body.has(u"description"_s)) {
        auto description = body.string(u"description"_s);
        if (!description.ok())
            return description.error();
        details.description = description.value();
    }
    if (body.has(u"tags"_s)) {
        auto tags = body.strings(u"tags"_s, Validation::kMaxTags);
        if (!tags.ok())
            return tags.error();
        details.tags = tags.value();
    }
    return details;
}

} // namespace tokendesk::ApiJson
