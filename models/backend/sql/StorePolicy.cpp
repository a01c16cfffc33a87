// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/backend/sql/StorePolicy.h"

#include "models/backend/sql/SqlStore.h"
#include "models/backend/sql/SqlUtil.h"
#include "models/backend/sql/TokenSql.h"
#include "models/core/Formatting.h"

#include <QCoreApplication>

namespace tokendesk::StorePolicy {

Result<User> findUser(SqlStore& store, const QString& name)
{
    auto query = SqlUtil::exec(
        store.database(),
        QStringLiteral("SELECT name, is_admin, api_access, email FROM users WHERE name = :name"),
        {{"name", name}});
    if (!query.ok())
        return query.error();
    if (!query.value().next())
        return makeError(ErrorCode::NotFound,
                         QCoreApplication::translate("StorePolicy", "There is no user '%1' in this store.")
                             .arg(Formatting::quotedInput(name)));
    return User{query.value().value(0).toString(), query.value().value(1).toBool(),
                query.value().value(2).toBool(), query.value().value(3).toString()};
}

Result<User> require(SqlStore& store, const QString& actor, Need need)
{
    auto user = findUser(store, actor);
    if (!user.ok()) {
        if (user.code() != ErrorCode::NotFound)
            return user.error();
        return makeError(
            ErrorCode::PermissionDenied,
            QCoreApplication::translate("StorePolicy", "'%1' is not a user of this store.").arg(actor));
    }
    if (need == Need::Member)
        return user;
    if (!user->admin) {
        return makeError(
            ErrorCode::PermissionDenied,
            need == Need::Admin
                ? QCoreApplication::translate("StorePolicy", "Only admins can do this; '%1' is not an admin.")
                      .arg(actor)
                : QCoreApplication::translate("StorePolicy",
                                              "Only admins can manage tokens; '%1' is not an admin.")
                      .arg(actor));
    }
    if (need == Need::TokenManager && !user->apiAccess) {
        return makeError(
            ErrorCode::PermissionDenied,
            QCoreApplication::translate(
                "StorePolicy", "'%1' does not have the API-access privilege needed to manage tokens.")
                .arg(actor));
    }
    return user;
}

Result<int> checkTokenLimit(SqlStore& store, const QString& actor)
{
    auto limit = TokenSql::intSetting(store, "token_limit");
    if (!limit.ok())
        return limit.error();
    auto used = TokenSql::countTowardsLimit(store, actor);
    if (!used.ok())
        return used.error();
    if (used.value() >= limit.value()) {
        return makeError(
            ErrorCode::TokenLimitReached,
            QCoreApplication::translate("StorePolicy", "%1 of %2 tokens used — revoke one to free a slot.")
                .arg(used.value())
                .arg(limit.value()));
    }
    return used.value();
}

} // namespace tokendesk::StorePolicy
