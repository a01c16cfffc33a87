// SPDX-License-Identifier: GPL-3.0-or-later
// SqlBackend's calls about people and store settings: the users, their notices and the per-user
// token limit (the token calls are in SqlBackend.cpp).
#include "models/backend/sql/AuditLog.h"
#include "models/backend/sql/EndedTokenSql.h"
#include "models/backend/sql/LifetimePolicySql.h"
#include "models/backend/sql/SqlBackend.h"
#include "models/backend/sql/SqlStore.h"
#include "models/backend/sql/SqlWrite.h"
#include "models/backend/sql/StorePolicy.h"
#include "models/backend/sql/TokenSql.h"
#include "models/backend/sql/UserSql.h"
#include "models/core/ExpiryThresholds.h"
#include "models/core/Validation.h"
#include "models/notices/ExpiryWarnings.h"
#include "models/notices/NoticeOutbox.h"

namespace tokendesk {

using SqlWrite::writeTransaction;
using StorePolicy::Need;

QFuture<Result<QList<User>>> SqlBackend::users()
{
    return m_store->run<QList<User>>([actor = m_actor](SqlStore& store) -> Result<QList<User>> {
        if (auto user = StorePolicy::require(store, actor, Need::Member); !user.ok())
            return user.error();
        return UserSql::list(store);
    });
}

QFuture<Result<User>> SqlBackend::addUser(const User& newUser)
{
    return m_store->run<User>(
        [actor = m_actor, auditActor = m_auditActor, newUser](SqlStore& store) -> Result<User> {
            auto name = Validation::userName(newUser.name);
            if (!name.ok())
                return name.error();
            auto email = Validation::mailAddress(newUser.email);
            if (!email.ok())
                return email.error();
            return writeTransaction<User>(store, [&]() -> Result<User> {
                if (auto user = StorePolicy::require(store, actor, Need::Admin); !user.ok())
                    return user.error();
                if (auto existing = StorePolicy::findUser(store, name.value()); existing.ok())
                    return makeError(ErrorCode::AlreadyExists,
                                     tr("There is already a user '%1'.").arg(name.value()));
                const User added{name.value(), newUser.admin, newUser.apiAccess, email.value()};
                if (auto inserted = UserSql::add(store, added); !inserted.ok())
                    return inserted.error();
                auto entry = AuditLog(store).append(
                    {auditActor,
                     QStringLiteral("user.add"),
                     0,
                     {},
                     {},
                     QStringLiteral("%1 (admin: %2, API access: %3)")
                         .arg(added.name, added.admin ? QStringLiteral("yes") : QStringLiteral("no"),
                              added.apiAccess ? QStringLiteral("yes") : QStringLiteral("no"))});
                if (!entry.ok())
                    return entry.error();
                return added;
            });
        });
}

QFuture<Result<Unit>> SqlBackend::removeUser(const QString& name)
{
    return m_store->run<Unit>(
        [actor = m_actor, auditActor = m_auditActor, name](SqlStore& store) -> Result<Unit> {
            return writeTransaction<Unit>(store, [&]() -> Result<Unit> {
                if (auto user = StorePolicy::require(store, actor, Need::Admin); !user.ok())
                    return user.error();
                auto target = StorePolicy::findUser(store, name);
                if (!target.ok())
                    return target.error();
                auto owned = TokenSql::countTowardsLimit(store, name);
                if (!owned.ok())
                    return owned.error();
                // Tokens are the organisation's: the user's row goes, their tokens stay untouched.
                if (auto removed = UserSql::remove(store, target.value()); !removed.ok())
                    return removed.error();
                auto entry = AuditLog(store).append(
                    {auditActor,
                     QStringLiteral("user.remove"),
                     0,
                     {},
                     {},
                     QStringLiteral("%1; %2 token(s) they created stay with the organisation")
                         .arg(name)
                         .arg(owned.value())});
                if (!entry.ok())
                    return entry.error();
                return Unit{};
            });
        });
}

QFuture<Result<User>> SqlBackend::setUserEmail(const QString& name, const QString& email)
{
    return m_store->run<User>(
        [actor = m_actor, auditActor = m_auditActor, name, email](SqlStore& store) -> Result<User> {
            auto address = Validation::mailAddress(email);
            if (!address.ok())
                return address.error();
            return writeTransaction<User>(store, [&]() -> Result<User> {
                if (auto user = StorePolicy::require(store, actor, Need::Admin); !user.ok())
                    return user.error();
                auto target = StorePolicy::findUser(store, name);
                if (!target.ok())
                    return target.error();
                User changed = target.value();
                if (changed.email == address.value())
                    return changed;
                changed.email = address.value();
                if (auto updated = UserSql::setEmail(store, changed.name, changed.email); !updated.ok())
                    return updated.error();
                // The address is no secret, and who pointed someone's mail elsewhere matters.
                auto entry = AuditLog(store).append(
                    {auditActor,
                     QStringLiteral("user.email"),
                     0,
                     {},
                     {},
                     changed.email.isEmpty()
                         ? QStringLiteral("%1: mail address cleared").arg(changed.name)
                         : QStringLiteral("%1: mail to %2").arg(changed.name, changed.email)});
                if (!entry.ok())
                    return entry.error();
                return changed;
            });
        });
}

QFuture<Result<QList<Notice>>> SqlBackend::notices()
{
    return m_store->run<QList<Notice>>([actor = m_actor](SqlStore& store) -> Result<QList<Notice>> {
        auto user = StorePolicy::require(store, actor, Need::Member);
        if (!user.ok())
            return user.error();
        return NoticeOutbox::visibleTo(store, user.value());
    });
}

QFuture<Result<int>> SqlBackend::tokenLimit()
{
    return m_store->run<int>([actor = m_actor](SqlStore& store) -> Result<int> {
        if (auto user = StorePolicy::require(store, actor, Need::Member); !user.ok())
            return user.error();
        return TokenSql::intSetting(store, "token_limit");
    });
}

QFuture<Result<int>> SqlBackend::setTokenLimit(int limit)
{
    return m_store->run<int>(
        [actor = m_actor, auditActor = m_auditActor, limit](SqlStore& store) -> Result<int> {
            if (limit < 1 || limit > 1000)
                return makeError(ErrorCode::InvalidInput, tr("The token limit must be between 1 and 1000."));
            return writeTransaction<int>(store, [&]() -> Result<int> {
                if (auto user = StorePolicy::require(store, actor, Need::Admin); !user.ok())
                    return user.error();
                if (auto updated = TokenSql::setIntSetting(store, "token_limit", limit); !updated.ok())
                    return updated.error();
                auto entry =
                    AuditLog(store).append({auditActor,
                                            QStringLiteral("settings.token_limit"),
                                            0,
                                            {},
                                            {},
                                            QStringLiteral("per-user token limit set to %1").arg(limit)});
                if (!entry.ok())
                    return entry.error();
                return limit;
            });
        });
}

QFuture<Result<LifetimePolicy>> SqlBackend::lifetimePolicy()
{
    return m_store->run<LifetimePolicy>([actor = m_actor](SqlStore& store) -> Result<LifetimePolicy> {
        if (auto user = StorePolicy::require(store, actor, Need::Member); !user.ok())
            return user.error();
        return LifetimePolicySql::load(store);
    });
}

QFuture<Result<LifetimePolicy>> SqlBackend::setLifetimePolicy(const LifetimePolicy& policy)
{
    return m_store->run<LifetimePolicy>([actor = m_actor, auditActor = m_auditActor,
                                         policy](SqlStore& store) -> Result<LifetimePolicy> {
        if (auto valid = policy.validate(); !valid.ok())
            return valid.error();
        return writeTransaction<LifetimePolicy>(store, [&]() -> Result<LifetimePolicy> {
            if (auto user = StorePolicy::require(store, actor, Need::Admin); !user.ok())
                return user.error();
            auto before = LifetimePolicySql::load(store);
            if (!before.ok())
                return before.error();
            if (before.value() == policy)
                return policy; // nothing changed: nothing to record
            if (auto saved = LifetimePolicySql::save(store, policy); !saved.ok())
                return saved.error();
            // Machine words, as every audit detail: the trail is read by scripts and reviewers alike.
            auto describe = [](const RoleLifetime& lifetime) {
                return QStringLiteral("default %1, max %2")
                    .arg(LifetimeText::compact(lifetime.defaultLifetime),
                         lifetime.maximum ? LifetimeText::compact(lifetime.maximum) : QStringLiteral("none"));
            };
            auto entry =
                AuditLog(store).append({auditActor,
                                        QStringLiteral("settings.lifetime"),
                                        0,
                                        {},
                                        {},
                                        QStringLiteral("admin: %1; developer: %2")
                                            .arg(describe(policy.admin), describe(policy.developer))});
            if (!entry.ok())
                return entry.error();
            return policy;
        });
    });
}

QFuture<Result<std::optional<int>>> SqlBackend::inactiveRetention()
{
    return m_store->run<std::optional<int>>([actor = m_actor](SqlStore& store) -> Result<std::optional<int>> {
        if (auto user = StorePolicy::require(store, actor, Need::Member); !user.ok())
            return user.error();
        return EndedTokenSql::retention(store);
    });
}

QFuture<Result<std::optional<int>>> SqlBackend::setInactiveRetention(std::optional<int> days)
{
    return m_store->run<std::optional<int>>(
        [actor = m_actor, auditActor = m_auditActor, days](SqlStore& store) -> Result<std::optional<int>> {
            if (days && (*days < 1 || *days > EndedTokenSql::kMaxRetentionDays))
                return makeError(ErrorCode::InvalidInput,
                                 tr("Inactive tokens are kept for 1 to %1 days, or for ever.")
                                     .arg(EndedTokenSql::kMaxRetentionDays));
            return writeTransaction<std::optional<int>>(store, [&]() -> Result<std::optional<int>> {
                if (auto user = StorePolicy::require(store, actor, Need::Admin); !user.ok())
                    return user.error();
                auto before = EndedTokenSql::retention(store);
                if (!before.ok())
                    return before.error();
                if (before.value() == days)
                    return days; // nothing changed: nothing to record
                auto purged = EndedTokenSql::setRetention(store, days);
                if (!purged.ok())
                    return purged.error();
                const QString kept = days ? QStringLiteral("%1 days").arg(*days) : QStringLiteral("for ever");
                auto entry = AuditLog(store).append(
                    {auditActor,
                     QStringLiteral("settings.retention"),
                     0,
                     {},
                     {},
                     QStringLiteral("inactive tokens kept %1; purged %2").arg(kept).arg(purged.value())});
                if (!entry.ok())
                    return entry.error();
                return days;
            });
        });
}

QFuture<Result<QList<int>>> SqlBackend::expiryWarningDays()
{
    return m_store->run<QList<int>>([actor = m_actor](SqlStore& store) -> Result<QList<int>> {
        if (auto user = StorePolicy::require(store, actor, Need::Member); !user.ok())
            return user.error();
        return ExpiryWarnings::thresholds(store);
    });
}

QFuture<Result<QList<int>>> SqlBackend::setExpiryWarningDays(const QList<int>& days)
{
    return m_store->run<QList<int>>([actor = m_actor, auditActor = m_auditActor,
                                     days](SqlStore& store) -> Result<QList<int>> {
        auto wanted = ExpiryThresholds::normalised(days);
        if (!wanted.ok())
            return wanted.error();
        return writeTransaction<QList<int>>(store, [&]() -> Result<QList<int>> {
            if (auto user = StorePolicy::require(store, actor, Need::Admin); !user.ok())
                return user.error();
            auto before = ExpiryWarnings::thresholds(store);
            if (!before.ok())
                return before.error();
            if (before.value() == wanted.value())
                return wanted; // nothing changed: nothing to record
            if (auto saved = ExpiryWarnings::setThresholds(store, wanted.value()); !saved.ok())
                return saved.error();
            auto entry = AuditLog(store).append({auditActor,
                                                 QStringLiteral("settings.expiry_warnings"),
                                                 0,
                                                 {},
                                                 {},
                                                 wanted->isEmpty()
                                                     ? QStringLiteral("expiry warnings off")
                                                     : QStringLiteral("expiry warnings at %1 days before")
                                                           .arg(ExpiryThresholds::compact(wanted.value()))});
            if (!entry.ok())
                return entry.error();
            return wanted;
        });
    });
}

} // namespace tokendesk
