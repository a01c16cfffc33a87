// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/LifetimePolicy.h"
#include "models/core/Result.h"

#include <QJsonObject>

namespace tokendesk::ApiJson {

// The lifetime policy on the wire, inside GET and PUT /v1/settings:
//   {"admin": {"default_seconds": 7776000, "max_seconds": null}, "developer": {...}}
// null: never expires (a default) or no maximum (a maximum).
QJsonObject toJson(const LifetimePolicy& policy);
// `object` applied over `base`: a role or a field left out keeps base's value, so a PUT may change
// one limit alone. INVALID_INPUT naming the field for anything else than a whole number of seconds
// or null, and for unknown roles and fields; the result is not yet validated as a whole.
Result<LifetimePolicy> lifetimePolicyFromJson(const QJsonValue& value, const LifetimePolicy& base);
// The expiry warning days in PUT /v1/settings: an array of whole numbers, [] for none; normalised
// (ExpiryThresholds), INVALID_INPUT naming 'expiry_warning_days' otherwise.
Result<QList<int>> warningDaysFromJson(const QJsonValue& value);

} // namespace tokendesk::ApiJson
