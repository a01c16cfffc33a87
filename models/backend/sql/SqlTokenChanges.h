// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/backend/sql/TokenSql.h"
#include "models/core/LifetimePolicy.h"

// The changes to one token that SqlBackend makes alone (setEnabled, setDetails, setExpiry,
// revoke) and many at a time (bulk): each applies to a row its caller loaded and checked
// (SqlWrite::loadForChange), records its audit entry and returns the token as it now is. A
// change to what the token already is records nothing and returns it unchanged. Worker thread
// only, inside a write transaction.
namespace tokendesk::SqlTokenChanges {

Result<Token> setEnabled(SqlStore& store, const QString& auditActor, const TokenSql::Row& row, bool enabled);
// `details` already passed Validation.
Result<Token> setDetails(SqlStore& store, const QString& auditActor, const TokenSql::Row& row,
                         const TokenDetails& details);
// `expiresAt` already passed Validation::expiry (UTC, or invalid for never); `policy` is the
// store's lifetime policy.
Result<Token> setExpiry(SqlStore& store, const QString& auditActor, const TokenSql::Row& row,
                        const QDateTime& expiresAt, const LifetimePolicy& policy);
Result<Unit> revoke(SqlStore& store, const QString& auditActor, const TokenSql::Row& row);
// Every row at once, as revoke() would one by one (an ended_tokens entry and an audit entry each),
// in a few statements rather than five per token: a bulk revoke's step of 1,000.
Result<Unit> revokeAll(SqlStore& store, const QString& auditActor, const QList<TokenSql::Row>& rows);

// How an audit entry writes a time: ISO 8601 UTC, or "never".
QString isoOrNever(const QDateTime& time);

} // namespace tokendesk::SqlTokenChanges
