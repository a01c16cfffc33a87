// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/remote/SettingsReply.h"

#include "models/api/ApiJson.h"
#include "models/api/LifetimePolicyJson.h"

#include <cmath>

using namespace Qt::StringLiterals;

namespace tokendesk::SettingsReply {

using ApiJson::unexpected;

Result<int> tokenLimit(const QJsonObject& object)
{
    const QJsonValue value = object.value(u"token_limit"_s);
    if (!value.isDouble())
        return unexpected(u"token_limit"_s);
    return value.toInt();
}

Result<LifetimePolicy> lifetimePolicy(const QJsonObject& object)
{
    if (!object.contains(u"lifetime_policy"_s))
        return LifetimePolicy::unrestricted();
    auto policy =
        ApiJson::lifetimePolicyFromJson(object.value(u"lifetime_policy"_s), LifetimePolicy::unrestricted());
    if (!policy.ok() || !policy->validate().ok())
        return unexpected(u"lifetime_policy"_s);
    return policy;
}

Result<std::optional<int>> inactiveRetention(const QJsonObject& object)
{
    const QJsonValue value = object.value(u"inactive_retention_days"_s);
    if (value.isUndefined() || value.isNull())
        return std::optional<int>{};
    const double days = value.toDouble(-1);
    if (!value.isDouble() || days < 1 || days > 3650 || days != std::floor(days))
        return unexpected(u"inactive_retention_days"_s);
    return std::optional<int>{int(days)};
}

Result<QList<int>> expiryWarningDays(const QJsonObject& object)
{
    const QJsonValue value = object.value(u"expiry_warning_days"_s);
    if (value.isUndefined())
        return QList<int>{};
    auto days = ApiJson::warningDaysFromJson(value);
    if (!days.ok())
        return unexpected(u"expiry_warning_days"_s);
    return days;
}

} // namespace tokendesk::SettingsReply
