// SPDX-License-Identifier: GPL-3.0-or-later
// ApiService's handlers for users, notices and store settings.
#include "models/api/LifetimePolicyJson.h"
#include "models/api/RequestBody.h"
#include "models/server/ApiReplies.h"
#include "models/server/ApiService.h"
#include "models/server/ApiServiceCalls.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace tokendesk {

using namespace ApiReplies;
using ApiServiceCalls::await;
using ApiServiceCalls::toArray;

HttpResponse ApiService::users(const Caller& caller)
{
    auto users = await(caller.backend->users());
    return users.ok() ? json(200, {{u"users"_s, toArray(users.value())}}) : failure(users.error());
}

HttpResponse ApiService::addUser(const Caller& caller, const HttpRequest& request)
{
    auto body =
        ApiJson::RequestBody::parse(request.body, {u"name"_s, u"admin"_s, u"api_access"_s, u"email"_s});
    if (!body.ok())
        return failure(body.error());
    if (!body->has(u"name"_s))
        return failure(Error{ErrorCode::InvalidInput, tr("Field 'name' is required.")});
    User user;
    auto name = body->string(u"name"_s);
    if (!name.ok())
        return failure(name.error());
    user.name = name.value();
    if (body->has(u"email"_s)) {
        auto email = body->string(u"email"_s);
        if (!email.ok())
            return failure(email.error());
        user.email = email.value();
    }
    for (const auto& [field, target] :
         {std::pair{u"admin"_s, &user.admin}, std::pair{u"api_access"_s, &user.apiAccess}}) {
        if (!body->has(field))
            continue;
        auto value = body->boolean(field);
        if (!value.ok())
            return failure(value.error());
        *target = value.value();
    }
    auto added = await(caller.backend->addUser(user));
    return added.ok() ? json(201, ApiJson::toJson(added.value())) : failure(added.error());
}

HttpResponse ApiService::removeUser(const Caller& caller, const QString& name)
{
    auto removed = await(caller.backend->removeUser(name));
    return removed.ok() ? noContent() : failure(removed.error());
}

HttpResponse ApiService::setUserEmail(const Caller& caller, const QString& name, const HttpRequest& request)
{
    auto body = ApiJson::RequestBody::parse(request.body, {u"email"_s});
    if (!body.ok())
        return failure(body.error());
    if (!body->has(u"email"_s))
        return failure(
            Error{ErrorCode::InvalidInput, tr("Field 'email' is required (an empty string clears it).")});
    auto email = body->string(u"email"_s);
    if (!email.ok())
        return failure(email.error());
    auto changed = await(caller.backend->setUserEmail(name, email.value()));
    return changed.ok() ? json(200, ApiJson::toJson(changed.value())) : failure(changed.error());
}

HttpResponse ApiService::notices(const Caller& caller)
{
    auto notices = await(caller.backend->notices());
    return notices.ok() ? json(200, {{u"notices"_s, toArray(notices.value())}}) : failure(notices.error());
}

HttpResponse ApiService::settings(const Caller& caller)
{
    auto limit = await(caller.backend->tokenLimit());
    if (!limit.ok())
        return failure(limit.error());
    auto policy = await(caller.backend->lifetimePolicy());
    if (!policy.ok())
        return failure(policy.error());
    auto retention = await(caller.backend->inactiveRetention());
    if (!retention.ok())
        return failure(retention.error());
    auto warnings = await(caller.backend->expiryWarningDays());
    if (!warnings.ok())
        return failure(warnings.error());
    QJsonArray warningDays;
    for (int days : warnings.value())
        warningDays.append(days);
    return json(200, {{u"token_limit"_s, limit.value()},
                      {u"expiry_warning_days"_s, warningDays},
                      {u"lifetime_policy"_s, ApiJson::toJson(policy.value())},
                      {u"inactive_retention_days"_s,
                       retention.value() ? QJsonValue(*retention.value()) : QJsonValue(QJsonValue::Null)}});
}

// Any of the settings; what is left out stays (within the lifetime policy too, per field).
// Every field is read and checked before anything is written, so a bad one changes nothing.
HttpResponse ApiService::updateSettings(const Caller& caller, const HttpRequest& request)
{
    auto body =
        ApiJson::RequestBody::parse(request.body, {u"token_limit"_s, u"lifetime_policy"_s,
                                                   u"inactive_retention_days"_s, u"expiry_warning_days"_s});
    if (!body.ok())
        return failure(body.error());
    if (!body->has(u"token_limit"_s) && !body->has(u"lifetime_policy"_s) &&
        !body->has(u"inactive_retention_days"_s) && !body->has(u"expiry_warning_days"_s))
        return failure(
            Error{ErrorCode::InvalidInput,
                  tr("Send at least one of 'token_limit', 'lifetime_policy', 'inactive_retention_days' "
                     "and 'expiry_warning_days'.")});
    std::optional<QList<int>> warningDays;
    if (body->has(u"expiry_warning_days"_s)) {
        auto days = ApiJson::warningDaysFromJson(body->value(u"expiry_warning_days"_s));
        if (!days.ok())
            return failure(days.error());
        warningDays = days.value();
    }
    // Given or not, and the days (nullopt: for ever); no optional of an optional, which GCC 12
    // at -O2 takes for maybe uninitialised.
    const bool retentionGiven = body->has(u"inactive_retention_days"_s);
    std::optional<int> retention;
    if (retentionGiven && !body->value(u"inactive_retention_days"_s).isNull()) {
        auto days = body->integer(u"inactive_retention_days"_s, 1, 3650);
        if (!days.ok())
            return failure(days.error());
        retention = int(days.value());
    }
    std::optional<LifetimePolicy> policy;
    if (body->has(u"lifetime_policy"_s)) {
        // Checked whole before anything is written, so a bad policy leaves the limit unchanged too.
        auto current = await(caller.backend->lifetimePolicy());
        if (!current.ok())
            return failure(current.error());
        auto wanted = ApiJson::lifetimePolicyFromJson(body->value(u"lifetime_policy"_s), current.value());
        if (!wanted.ok())
            return failure(wanted.error());
        if (auto valid = wanted->validate(); !valid.ok())
            return failure(valid.error());
        policy = wanted.value();
    }
    if (body->has(u"token_limit"_s)) {
        auto limit = body->integer(u"token_limit"_s, 1, 1000);
        if (!limit.ok())
            return failure(limit.error());
        if (auto updated = await(caller.backend->setTokenLimit(int(limit.value()))); !updated.ok())
            return failure(updated.error());
    }
    if (policy) {
        if (auto updated = await(caller.backend->setLifetimePolicy(*policy)); !updated.ok())
            return failure(updated.error());
    }
    if (retentionGiven) {
        if (auto updated = await(caller.backend->setInactiveRetention(retention)); !updated.ok())
            return failure(updated.error());
    }
    if (warningDays) {
        if (auto updated = await(caller.backend->setExpiryWarningDays(*warningDays)); !updated.ok())
            return failure(updated.error());
    }
    return settings(caller);
}

} // namespace tokendesk
