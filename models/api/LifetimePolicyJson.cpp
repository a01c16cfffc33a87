// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/api/LifetimePolicyJson.h"

#include "models/core/ExpiryThresholds.h"
#include "models/core/Formatting.h"

#include <QCoreApplication>
#include <QJsonArray>

#include <cmath>

namespace tokendesk::ApiJson {

using namespace Qt::StringLiterals;

namespace {

QJsonValue seconds(const std::optional<std::chrono::seconds>& length)
{
    return length ? QJsonValue(qint64(length->count())) : QJsonValue(QJsonValue::Null);
}

Error invalidField(const QString& path)
{
    return makeError(
        ErrorCode::InvalidInput,
        QCoreApplication::translate("ApiJson", "Field '%1' must be a whole number of seconds or null.")
            .arg(path));
}

Error unknownField(const QString& path)
{
    return makeError(
        ErrorCode::InvalidInput,
        QCoreApplication::translate("ApiJson", "Field '%1' is not part of the lifetime policy.").arg(path));
}

Result<RoleLifetime> roleFromJson(const QJsonObject& object, const QString& path, RoleLifetime lifetime)
{
    for (auto it = object.begin(); it != object.end(); ++it) {
        std::optional<std::chrono::seconds> RoleLifetime::*field = nullptr;
        if (it.key() == "default_seconds"_L1)
            field = &RoleLifetime::defaultLifetime;
        else if (it.key() == "max_seconds"_L1)
            field = &RoleLifetime::maximum;
        else
            return unknownField(path + u'.' + Formatting::quotedInput(it.key(), 40));
        const QJsonValue value = it.value();
        if (value.isNull()) {
            lifetime.*field = std::nullopt;
            continue;
        }
        // Doubles: JSON numbers; only whole ones within the policy's range are lifetimes (the range
        // itself is LifetimePolicy::validate's to judge, but 1e300 must not reach a cast).
        const double number = value.toDouble(-1);
        if (!value.isDouble() || number != std::floor(number) || number < 0 || number > 1e12)
            return invalidField(path + u'.' + Formatting::quotedInput(it.key(), 40));
        lifetime.*field = std::chrono::seconds(qint64(number));
    }
    return lifetime;
}

} // namespace

QJsonObject toJson(const LifetimePolicy& policy)
{
    QJsonObject object;
    for (const Role role : {Role::Admin, Role::Developer}) {
        const RoleLifetime& lifetime = policy.forRole(role);
        object.insert(roleName(role), QJsonObject{{u"default_seconds"_s, seconds(lifetime.defaultLifetime)},
                                                  {u"max_seconds"_s, seconds(lifetime.maximum)}});
    }
    return object;
}

Result<LifetimePolicy> lifetimePolicyFromJson(const QJsonValue& value, const LifetimePolicy& base)
{
    if (!value.isObject())
        return makeError(
            ErrorCode::InvalidInput,
            QCoreApplication::translate("ApiJson", "Field 'lifetime_policy' must be an object."));
    LifetimePolicy policy = base;
    const QJsonObject object = value.toObject();
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QString path = u"lifetime_policy."_s + Formatting::quotedInput(it.key(), 40);
        const std::optional<Role> role = roleFromName(it.key());
        if (!role)
            return unknownField(path);
        if (!it.value().isObject())
            return makeError(
                ErrorCode::InvalidInput,
                QCoreApplication::translate("ApiJson", "Field '%1' must be an object.").arg(path));
        auto lifetime = roleFromJson(it.value().toObject(), path, policy.forRole(*role));
        if (!lifetime.ok())
            return lifetime.error();
        policy.forRole(*role) = lifetime.value();
    }
    return policy;
}

Result<QList<int>> warningDaysFromJson(const QJsonValue& value)
{
    const auto invalid = [](const QString& why) {
        return makeError(ErrorCode::InvalidInput,
                         QCoreApplication::translate("ApiJson", "Field 'expiry_warning_days': %1").arg(why));
    };
    if (!value.isArray())
        return invalid(
            QCoreApplication::translate("ApiJson", "an array of whole numbers of days, [] for none."));
    const QJsonArray array = value.toArray();
    if (array.size() > ExpiryThresholds::kMost)
        return invalid(
            QCoreApplication::translate("ApiJson", "at most %1 thresholds.").arg(ExpiryThresholds::kMost));
    QList<int> days;
    for (const auto& item : array) {
        const double number = item.toDouble(-1);
        if (!item.isDouble() || number != std::floor(number) || std::abs(number) > 1e6)
            return invalid(
                QCoreApplication::translate("ApiJson", "an array of whole numbers of days, [] for none."));
        days.append(int(number));
    }
    auto normalised = ExpiryThresholds::normalised(days);
    if (!normalised.ok())
        return invalid(normalised.error().message);
    return normalised;
}

} // namespace tokendesk::ApiJson
