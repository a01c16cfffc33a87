// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/backend/sql/UserSql.h"

#include "models/backend/sql/SqlStore.h"
#include "models/backend/sql/SqlUtil.h"

#include <QCoreApplication>

namespace tokendesk::UserSql {

namespace {

// Whether anyone but `name` could still manage tokens.
Result<bool> anotherTokenManagerThan(SqlStore& store, const QString& name)
{
    auto others =
        SqlUtil::exec(store.database(),
                      QStringLiteral("SELECT COUNT(*) FROM users WHERE is_admin = 1 AND api_access = 1"
                                     " AND name <> :name"),
                      {{"name", name}});
    if (!others.ok())
        return others.error();
    others.value().next();
    return others.value().value(0).toInt() > 0;
}

} // namespace

Result<QList<User>> list(SqlStore& store)
{
    auto query =
        SqlUtil::exec(store.database(),
                      QStringLiteral("SELECT name, is_admin, api_access, email FROM users ORDER BY name"));
    if (!query.ok())
        return query.error();
    QList<User> users;
    while (query.value().next())
        users.append({query.value().value(0).toString(), query.value().value(1).toBool(),
                      query.value().value(2).toBool(), query.value().value(3).toString()});
    return users;
}

Result<Unit> add(SqlStore& store, const User& user)
{
    // A uid of its own, never one an earlier user had: a user added again under a removed one's
    // name is another identity, and the removed one's Admin tokens do not become theirs.
    auto counted = SqlUtil::exec(store.database(),
                                 QStringLiteral("UPDATE user_uids SET last = last + 1 WHERE only_row = 1"));
    if (!counted.ok())
        return counted.error();
    auto inserted =
        SqlUtil::exec(store.database(),
                      QStringLiteral("INSERT INTO users (uid, name, is_admin, api_access, created_at, email)"
                                     " VALUES ((SELECT last FROM user_uids WHERE only_row = 1),"
                                     " :name, :admin, :api, :at, :email)"),
                      {{"name", user.name},
                       {"email", SqlUtil::notNull(user.email)},
                       {"admin", user.admin ? 1 : 0},
                       {"api", user.apiAccess ? 1 : 0},
                       {"at", store.now().toMSecsSinceEpoch()}});
    if (!inserted.ok())
        return inserted.error();
    return Unit{};
}

Result<Unit> remove(SqlStore& store, const User& user)
{
    if (user.admin && user.apiAccess) {
        auto others = anotherTokenManagerThan(store, user.name);
        if (!others.ok())
            return others.error();
        if (!others.value()) {
            return makeError(
                ErrorCode::InvalidInput, // context: where the string was first written
                QCoreApplication::translate("SqlBackend",
                                            "'%1' is the last admin with API access; add another one first.")
                    .arg(user.name));
        }
    }
    auto removed = SqlUtil::exec(store.database(), QStringLiteral("DELETE FROM users WHERE name = :name"),
                                 {{"name", user.name}});
    if (!removed.ok())
        return removed.error();
    return Unit{};
}

Result<Unit> setEmail(SqlStore& store, const QString& name, const QString& email)
{
    auto updated =
        SqlUtil::exec(store.database(), QStringLiteral("UPDATE users SET email = :email WHERE name = :name"),
                      {{"email", SqlUtil::notNull(email)}, {"name", name}});
    if (!updated.ok())
        return updated.error();
    return Unit{};
}

} // namespace tokendesk::UserSql
