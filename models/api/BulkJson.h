// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/api/RequestBody.h"
#include "models/core/BulkAction.h"

#include <QJsonObject>

// POST /v1/tokens/batch in JSON, read and written by the server and by RemoteBackend alike.
namespace tokendesk::ApiJson {

// The fields of a batch body that name the action: "action", and "expires_at" (extend) or
// "tag" (tag, untag).
QJsonObject toJson(const BulkAction& action);
// INVALID_INPUT naming the field for an unknown action, or a value of the wrong type or missing
// for it; the backend validates the values themselves.
Result<BulkAction> bulkActionFromBody(const RequestBody& body);
// "items": [{"id": 1, "version": 3}, {"id": 2}] (the version is left out for kAnyVersion).
QJsonArray toJson(const QList<BulkItem>& items);
Result<QList<BulkItem>> bulkItemsFromJson(const QJsonValue& value);
// {"ids": [1, 2, ...]}, the reply of GET /v1/tokens/ids.
Result<QList<TokenId>> tokenIdsFromJson(const QJsonObject& object);
// {"changed", "unchanged", "failed": [{"id", "label", "error": {"code", "message"}}]}
QJsonObject toJson(const BulkOutcome& outcome);
Result<BulkOutcome> bulkOutcomeFromJson(const QJsonObject& object);

} // namespace tokendesk::ApiJson
