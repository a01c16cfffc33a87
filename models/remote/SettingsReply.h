// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/LifetimePolicy.h"
#include "models/core/Result.h"

#include <QJsonObject>

#include <optional>

namespace tokendesk::SettingsReply {

// RemoteBackend's readers of the server's settings object (GET and PUT /v1/settings): each reads
// one field, and answers INTERNAL naming the field when the server sent something else.
Result<int> tokenLimit(const QJsonObject& object);
// A server from before the lifetime policy sends none: it has none, so nothing is restricted.
Result<LifetimePolicy> lifetimePolicy(const QJsonObject& object);
// A server from before the retention setting sends none: it keeps inactive tokens for ever.
Result<std::optional<int>> inactiveRetention(const QJsonObject& object);
// A server from before the warning setting sends none: it warns at none (it has no warnings).
Result<QList<int>> expiryWarningDays(const QJsonObject& object);

} // namespace tokendesk::SettingsReply
