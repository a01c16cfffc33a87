// SPDX-License-Identifier: GPL-3.0-or-later
// SqlBackend's calls on many tokens at once: matchingIds() and bulk().
#include "models/backend/sql/LifetimePolicySql.h"
#include "models/backend/sql/SqlBackend.h"
#include "models/backend/sql/SqlStore.h"
#include "models/backend/sql/SqlTokenChanges.h"
#include "models/backend/sql/SqlWrite.h"
#include "models/backend/sql/StorePolicy.h"
#include "models/backend/sql/TokenSql.h"
#include "models/core/Validation.h"

#include <QSet>

namespace tokendesk {

using StorePolicy::Need;

namespace {

// The action with its expiry or tag checked and put in the form the store keeps, before any
// token is touched: a bad value is one error for the call, not one per token.
Result<BulkAction> validAction(const BulkAction& action, const QDateTime& now)
{
    BulkAction valid = action;
    switch (action.kind) {
    case BulkActionKind::Extend: {
        auto expiry = Validation::expiry(action.expiresAt, now);
        if (!expiry.ok())
            return expiry.error();
        valid.expiresAt = expiry->isValid() ? expiry->toUTC() : QDateTime();
        break;
    }
    case BulkActionKind::AddTag:
    case BulkActionKind::RemoveTag: {
        auto tags = Validation::tags({action.tag});
        if (!tags.ok())
            return tags.error();
        if (tags->size() != 1)
            return makeError(ErrorCode::InvalidInput, SqlBackend::tr("Name one tag to add or remove."));
        valid.tag = tags->constFirst();
        break;
    }
    case BulkActionKind::Disable:
    case BulkActionKind::Enable:
    case BulkActionKind::Revoke:
        break;
    }
    return valid;
}

// A refusal that concerns one token (it changed, went, or cannot take this change) is reported
// for it while the others go on; anything else (the disk, the database) ends the whole call and
// rolls it back.
bool concernsOneToken(const Error& error)
{
    switch (error.code) {
    case ErrorCode::NotFound:
    case ErrorCode::Conflict:
    case ErrorCode::InvalidInput:
    case ErrorCode::PermissionDenied:
        return true;
    default:
        return false;
    }
}

// Applies `action` (any but Revoke) to one loaded token: true if it changed, false if it already
// was as asked.
Result<bool> applyTo(SqlStore& store, const QString& auditActor, const BulkAction& action,
                     const TokenSql::Row& row, const LifetimePolicy& policy)
{
    const Token& token = row.token;
    Result<Token> changed = token;
    switch (action.kind) {
    case BulkActionKind::Disable:
    case BulkActionKind::Enable:
        changed = SqlTokenChanges::setEnabled(store, auditActor, row, action.kind == BulkActionKind::Enable);
        break;
    case BulkActionKind::Revoke:
        // bulk() gathers the step's revokes for SqlTokenChanges::revokeAll; none comes here.
        return Error{ErrorCode::Internal, QStringLiteral("a revoke is made for the whole step")};
    case BulkActionKind::Extend:
        changed = SqlTokenChanges::setExpiry(store, auditActor, row, action.expiresAt, policy);
        break;
    case BulkActionKind::AddTag:
    case BulkActionKind::RemoveTag: {
        QStringList tags = token.tags;
        if (action.kind == BulkActionKind::AddTag)
            tags.append(action.tag);
        else
            tags.removeAll(action.tag);
        auto valid = Validation::tags(tags); // sorted, and within the number a token may carry
        if (!valid.ok())
            return Error{valid.error().code,
                         SqlBackend::tr("Token '%1': %2").arg(token.label, valid.error().message)};
        changed = SqlTokenChanges::setDetails(store, auditActor, row, {token.description, valid.value()});
        break;
    }
    }
    if (!changed.ok())
        return changed.error();
    return changed->version != token.version;
}

} // namespace

QFuture<Result<QList<TokenId>>> SqlBackend::matchingIds(const TokenQuery& query)
{
    return m_store->run<QList<TokenId>>([actor = m_actor, query](SqlStore& store) -> Result<QList<TokenId>> {
        if (auto user = StorePolicy::require(store, actor, Need::Member); !user.ok())
            return user.error();
        return TokenSql::ids(store, query);
    });
}

QFuture<Result<BulkOutcome>> SqlBackend::bulk(const BulkAction& wanted, const QList<BulkItem>& items)
{
    return m_store->run<BulkOutcome>(
        [actor = m_actor, auditActor = m_auditActor, wanted, items](SqlStore& store) -> Result<BulkOutcome> {
            if (items.size() > BulkOutcome::kMaxItems)
                return makeError(ErrorCode::InvalidInput,
                                 tr("A bulk change takes at most %1 tokens at a time; this one had %2.")
                                     .arg(BulkOutcome::kMaxItems)
                                     .arg(items.size()));
            auto action = validAction(wanted, store.now());
            if (!action.ok())
                return action.error();
            return SqlWrite::writeTransaction<BulkOutcome>(store, [&]() -> Result<BulkOutcome> {
                if (auto user = StorePolicy::require(store, actor, Need::TokenManager); !user.ok())
                    return user.error();
                auto policy = action->kind == BulkActionKind::Extend
                                  ? LifetimePolicySql::load(store)
                                  : Result<LifetimePolicy>(LifetimePolicy::unrestricted());
                if (!policy.ok())
                    return policy.error();
                BulkOutcome outcome;
                QSet<TokenId> seen;
                // Revokes are made together after the checks: a few statements for the step
                // instead of five for each token (SqlTokenChanges::revokeAll).
                QList<TokenSql::Row> toRevoke;
                for (const BulkItem& item : items) {
                    if (seen.contains(item.id))
                        continue; // named twice: changed once
                    seen.insert(item.id);
                    auto row = TokenSql::load(store, item.id);
                    if (!row.ok()) {
                        if (!concernsOneToken(row.error()))
                            return row.error();
                        outcome.failures.append({item.id, QString(), row.error()});
                        continue;
                    }
                    const auto current = item.expectedVersion == BulkItem::kAnyVersion
                                             ? Result<TokenSql::Row>(row.value())
                                             : SqlWrite::checkVersion(row.value(), item.expectedVersion);
                    if (current.ok() && action->kind == BulkActionKind::Revoke) {
                        toRevoke.append(row.value());
                        continue;
                    }
                    const Result<bool> applied =
                        current.ok() ? applyTo(store, auditActor, action.value(), row.value(), policy.value())
                                     : Result<bool>(current.error());
                    if (!applied.ok()) {
                        if (!concernsOneToken(applied.error()))
                            return applied.error();
                        outcome.failures.append({item.id, row->token.label, applied.error()});
                        continue;
                    }
                    applied.value() ? ++outcome.changed : ++outcome.unchanged;
                }
                if (auto revoked = SqlTokenChanges::revokeAll(store, auditActor, toRevoke); !revoked.ok())
                    return revoked.error();
                outcome.changed += int(toRevoke.size());
                return outcome;
            });
        });
}

} // namespace tokendesk
