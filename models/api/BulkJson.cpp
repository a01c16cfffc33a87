// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/api/BulkJson.h"

#include "models/api/ApiJson.h"

#include <QCoreApplication>
#include <QJsonArray>

#include <cmath>

using namespace Qt::StringLiterals;

namespace tokendesk::ApiJson {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("BulkJson", text);
}

// A JSON number that is a whole, positive 53-bit integer (what ids and versions are).
std::optional<qint64> positiveInteger(const QJsonValue& value)
{
    const double number = value.toDouble(-1);
    if (!value.isDouble() || number < 1 || number > 9007199254740991.0 || number != std::floor(number))
        return std::nullopt;
    return qint64(number);
}

} // namespace

QJsonObject toJson(const BulkAction& action)
{
    QJsonObject object{{u"action"_s, bulkActionName(action.kind)}};
    if (action.kind == BulkActionKind::Extend)
        object.insert(u"expires_at"_s, time(action.expiresAt));
    if (action.kind == BulkActionKind::AddTag || action.kind == BulkActionKind::RemoveTag)
        object.insert(u"tag"_s, action.tag);
    return object;
}

Result<BulkAction> bulkActionFromBody(const RequestBody& body)
{
    if (!body.has(u"action"_s))
        return makeError(ErrorCode::InvalidInput, tr("Field 'action' is required."));
    auto name = body.string(u"action"_s);
    const auto kind = name.ok() ? bulkActionFromName(name.value()) : std::nullopt;
    if (!kind)
        return makeError(ErrorCode::InvalidInput,
                         tr("Field 'action' must be one of disable, enable, revoke, extend, tag and untag."));
    BulkAction action{*kind, {}, {}};
    const bool extend = *kind == BulkActionKind::Extend;
    const bool tagging = *kind == BulkActionKind::AddTag || *kind == BulkActionKind::RemoveTag;
    if (body.has(u"expires_at"_s) != extend)
        return makeError(ErrorCode::InvalidInput, extend
                                                      ? tr("Action 'extend' needs field 'expires_at'.")
                                                      : tr("Field 'expires_at' belongs to action 'extend'."));
    if (body.has(u"tag"_s) != tagging)
        return makeError(ErrorCode::InvalidInput,
                         tagging ? tr("Actions 'tag' and 'untag' need field 'tag'.")
                                 : tr("Field 'tag' belongs to actions 'tag' and 'untag'."));
    if (extend) {
        auto expires = body.timeOrNull(u"expires_at"_s);
        if (!expires.ok())
            return expires.error();
        action.expiresAt = expires.value();
    }
    if (tagging) {
        auto tag = body.string(u"tag"_s);
        if (!tag.ok())
            return tag.error();
        action.tag = tag.value();
    }
    return action;
}

QJsonArray toJson(const QList<BulkItem>& items)
{
    QJsonArray array;
    for (const BulkItem& item : items) {
        QJsonObject object{{u"id"_s, item.id}};
        if (item.expectedVersion != BulkItem::kAnyVersion)
            object.insert(u"version"_s, item.expectedVersion);
        array.append(object);
    }
    return array;
}

Result<QList<BulkItem>> bulkItemsFromJson(const QJsonValue& value)
{
    const Error wrong{ErrorCode::InvalidInput,
                      tr("Field 'items' must be an array of at most %1 objects {\"id\": N} or "
                         "{\"id\": N, \"version\": N}, with positive whole numbers.")
                          .arg(BulkOutcome::kMaxItems)};
    if (!value.isArray() || value.toArray().size() > BulkOutcome::kMaxItems)
        return wrong;
    QList<BulkItem> items;
    for (const auto& each : value.toArray()) {
        const QJsonObject object = each.toObject();
        const auto id = positiveInteger(object.value(u"id"_s));
        const bool versioned = object.contains(u"version"_s);
        const auto version = positiveInteger(object.value(u"version"_s));
        // "id" and at most "version": any other field is a mistake worth naming.
        const bool onlyKnown = object.size() == (versioned ? 2 : 1);
        if (!each.isObject() || !id || (versioned && !version) || !onlyKnown)
            return wrong;
        items.append({*id, version.value_or(BulkItem::kAnyVersion)});
    }
    return items;
}

Result<QList<TokenId>> tokenIdsFromJson(const QJsonObject& object)
{
    const QJsonValue value = object.value(u"ids"_s);
    if (!value.isArray())
        return unexpected(u"ids"_s);
    const QJsonArray array = value.toArray();
    QList<TokenId> ids;
    ids.reserve(array.size());
    for (const auto& each : array) {
        const auto id = positiveInteger(each);
        if (!id)
            return unexpected(u"ids"_s);
        ids.append(*id);
    }
    return ids;
}

QJsonObject toJson(const BulkOutcome& outcome)
{
    QJsonArray failed;
    for (const BulkFailure& failure : outcome.failures) {
        QJsonObject object = toJson(failure.error);
        object.insert(u"id"_s, failure.id);
        object.insert(u"label"_s, failure.label);
        failed.append(object);
    }
    return {{u"changed"_s, outcome.changed}, {u"unchanged"_s, outcome.unchanged}, {u"failed"_s, failed}};
}

Result<BulkOutcome> bulkOutcomeFromJson(const QJsonObject& object)
{
    BulkOutcome outcome;
    const QJsonValue changed = object.value(u"changed"_s);
    const QJsonValue unchanged = object.value(u"unchanged"_s);
    if (!changed.isDouble() || !unchanged.isDouble())
        return unexpected(u"changed"_s);
    outcome.changed = changed.toInt();
    outcome.unchanged = unchanged.toInt();
    if (!object.value(u"failed"_s).isArray())
        return unexpected(u"failed"_s);
    for (const auto& each : object.value(u"failed"_s).toArray()) {
        const QJsonObject failure = each.toObject();
        const auto id = positiveInteger(failure.value(u"id"_s));
        const auto error = errorFromJson(failure);
        if (!id || !error)
            return unexpected(u"failed"_s);
        outcome.failures.append({*id, failure.value(u"label"_s).toString(), *error});
    }
    return outcome;
}

} // namespace tokendesk::ApiJson
