// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/api/ApiCursor.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace tokendesk::ApiJson {

namespace {

// Times travel as milliseconds since the epoch: exact, and a cursor stays short.
QJsonValue anchorValue(const PageAnchor& anchor)
{
    switch (anchor.sort) {
    case SortKey::Created:
    case SortKey::LastUsed:
    case SortKey::Expires: {
        const QDateTime at = anchor.value.toDateTime();
        return at.isValid() ? QJsonValue(at.toMSecsSinceEpoch()) : QJsonValue();
    }
    default:
        return anchor.value.toString();
    }
}

} // namespace

QByteArray encodeCursor(const PageAnchor& anchor)
{
    const QJsonObject object{
        {u"s"_s, sortKeyName(anchor.sort)}, {u"v"_s, anchorValue(anchor)}, {u"i"_s, anchor.id}};
    return QJsonDocument(object)
        .toJson(QJsonDocument::Compact)
        .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

Result<PageAnchor> decodeCursor(const QByteArray& cursor)
{
    const Error bad =
        makeError(ErrorCode::InvalidInput,
                  QCoreApplication::translate(
                      "ApiJson", "Query parameter 'cursor' is not a cursor this server issued."));
    // The size first: no cursor this server issues comes near it, so a larger one is not decoded.
    if (cursor.size() > kMaxCursorBytes)
        return bad;
    auto decoded = QByteArray::fromBase64Encoding(cursor, QByteArray::Base64UrlEncoding |
                                                              QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return bad;
    const QJsonDocument document = QJsonDocument::fromJson(*decoded);
    const QJsonObject object = document.object();
    const auto sort = sortKeyFromName(object.value(u"s"_s).toString());
    const QJsonValue id = object.value(u"i"_s);
    if (!sort || !id.isDouble() || !object.contains(u"v"_s))
        return bad;
    PageAnchor anchor{*sort, {}, id.toInteger()};
    const QJsonValue value = object.value(u"v"_s);
    switch (*sort) {
    case SortKey::Created:
    case SortKey::LastUsed:
    case SortKey::Expires:
        if (!value.isNull() && !value.isDouble())
            return bad;
        anchor.value = value.isNull() ? QDateTime()
                                      : QDateTime::fromMSecsSinceEpoch(value.toInteger(), QTimeZone::utc());
        break;
    case SortKey::Status:
        return bad; // status order is never resumed from a row
    default:
        if (!value.isString())
            return bad;
        anchor.value = value.toString();
    }
    return anchor;
}

} // namespace tokendesk::ApiJson
