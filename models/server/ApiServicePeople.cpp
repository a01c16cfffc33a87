// SPDX-License-Identifier: GPL-3.0-or-later
// ApiService's handlers for users, notices and store settings.
#include "models/api/RequestBody.h"
#include "models/server/ApiReplies.h"
#include "models/server/ApiService.h"
#include "models/server/ApiServiceCalls.h"

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
    auto body = ApiJson::RequestBody::parse(request.body, {u"name"_s, u"admin"_s, u"api_access"_s});
    if (!body.ok())
        return failure(body.error());
    if (!body->has(u"name"_s))
        return failure(Error{ErrorCode::InvalidInput, tr("Field 'name' is required.")});
    User user;
    auto name = body->string(u"name"_s);
    if (!name.ok())
        return failure(name.error());
    user.name = name.value();
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

HttpResponse ApiService::notices(const Caller& caller)
{
    auto notices = await(caller.backend->notices());
    return notices.ok() ? json(200, {{u"notices"_s, toArray(notices.value())}}) : failure(notices.error());
}

HttpResponse ApiService::settings(const Caller& caller)
{
    auto limit = await(caller.backend->tokenLimit());
    return limit.ok() ? json(200, {{u"token_limit"_s, limit.value()}}) : failure(limit.error());
}

HttpResponse ApiService::updateSettings(const Caller& caller, const HttpRequest& request)
{
    auto body = ApiJson::RequestBody::parse(request.body, {u"token_limit"_s});
    if (!body.ok())
        return failure(body.error());
    if (!body->has(u"token_limit"_s))
        return failure(Error{ErrorCode::InvalidInput, tr("Field 'token_limit' is required.")});
    auto limit = body->integer(u"token_limit"_s, 1, 1000);
    if (!limit.ok())
        return failure(limit.error());
    auto updated = await(caller.backend->setTokenLimit(int(limit.value())));
    return updated.ok() ? json(200, {{u"token_limit"_s, updated.value()}}) : failure(updated.error());
}

} // namespace tokendesk
