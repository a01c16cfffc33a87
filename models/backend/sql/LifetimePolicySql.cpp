// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/backend/sql/LifetimePolicySql.h"

#include "models/backend/sql/SqlStore.h"
#include "models/backend/sql/SqlUtil.h"

#include <QCoreApplication>

namespace tokendesk::LifetimePolicySql {

namespace {

using Limit = std::optional<std::chrono::seconds> RoleLifetime::*;

struct Key
{
    Role role;
    Limit limit;
    const char* name;
};

constexpr Key kKeys[] = {
    {Role::Admin, &RoleLifetime::defaultLifetime, "lifetime.admin.default"},
    {Role::Admin, &RoleLifetime::maximum, "lifetime.admin.max"},
    {Role::Developer, &RoleLifetime::defaultLifetime, "lifetime.developer.default"},
    {Role::Developer, &RoleLifetime::maximum, "lifetime.developer.max"},
};

} // namespace

Result<LifetimePolicy> load(SqlStore& store)
{
    auto rows = SqlUtil::exec(store.database(),
                              QStringLiteral("SELECT key, value FROM settings WHERE key LIKE 'lifetime.%'"));
    if (!rows.ok())
        return rows.error();
    LifetimePolicy policy = LifetimePolicy::unrestricted();
    while (rows.value().next()) {
        const QString key = rows.value().value(0).toString();
        // Settings are bytes in every engine (BYTEA in PostgreSQL).
        const QString text = QString::fromUtf8(rows.value().value(1).toByteArray());
        for (const Key& known : kKeys) {
            if (key != QLatin1String(known.name))
                continue;
            auto length = LifetimeText::parse(text);
            if (!length.ok())
                return makeError(ErrorCode::StoreCorrupt,
                                 QCoreApplication::translate("LifetimePolicySql",
                                                             "The store's '%1' setting is no lifetime.")
                                     .arg(key));
            policy.forRole(known.role).*known.limit = length.value();
        }
    }
    if (auto valid = policy.validate(); !valid.ok())
        return makeError(ErrorCode::StoreCorrupt, valid.error().message);
    return policy;
}

Result<Unit> save(SqlStore& store, const LifetimePolicy& policy)
{
    for (const Key& known : kKeys) {
        const QString text = LifetimeText::compact(policy.forRole(known.role).*known.limit);
        // Delete and insert: one statement pair both engines read the same way.
        auto removed =
            SqlUtil::exec(store.database(), QStringLiteral("DELETE FROM settings WHERE key = :key"),
                          {{"key", QString::fromLatin1(known.name)}});
        if (!removed.ok())
            return removed.error();
        auto inserted = SqlUtil::exec(
            store.database(), QStringLiteral("INSERT INTO settings (key, value) VALUES (:key, :value)"),
            {{"key", QString::fromLatin1(known.name)}, {"value", text.toUtf8()}});
        if (!inserted.ok())
            return inserted.error();
    }
    return Unit{};
}

QString breachCondition(const LifetimePolicy& policy, const QDateTime& now, QVariantMap& bindings)
{
    QStringList breaches;
    for (const Role role : {Role::Admin, Role::Developer}) {
        const std::optional<QDateTime> latest = policy.latestExpiry(role, now);
        if (!latest)
            continue;
        const QString name = QStringLiteral("latest_") + roleName(role);
        bindings.insert(QStringLiteral("role_") + name, roleName(role));
        bindings.insert(name, latest->addSecs(LifetimePolicy::kClockSlack.count()).toMSecsSinceEpoch());
        breaches.append(
            QStringLiteral("(role = :role_%1 AND (expires_at IS NULL OR expires_at > :%1))").arg(name));
    }
    if (breaches.isEmpty())
        return QStringLiteral("0 = 1");
    return QLatin1Char('(') + breaches.join(QStringLiteral(" OR ")) + QLatin1Char(')');
}

} // namespace tokendesk::LifetimePolicySql
