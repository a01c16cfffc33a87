// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/Result.h"
#include "models/core/Types.h"

#include <QSqlQuery>

namespace tokendesk {

class SqlStore;

// The tokens table as the backend reads it: one column list, one row mapper, one place that
// turns a TokenQuery into SQL. Worker thread only.
namespace TokenSql {

// A token row plus the bookkeeping columns the domain type does not carry.
struct Row
{
    Token token;
    TokenId supersededBy = 0; // non-zero: rotated, old secret valid until token.expiresAt
    bool enabled = true;      // token.status folds this into Expired once the token has expired
};

Result<Row> load(SqlStore& store, TokenId id); // NOT_FOUND when missing or past its grace period
// INVALID_INPUT for day counts out of range (list() also checks the page bounds).
Result<Unit> validate(const TokenQuery& query);
Result<QList<Token>> list(SqlStore& store, const TokenQuery& query);
Result<qint64> count(SqlStore& store, const TokenQuery& query);
// list() fetches pages past this offset and past half the matches from the other end (default
// 2000); tests lower it so small stores exercise that path.
void setDeepOffsetForTesting(qint64 offset);
// Tokens the user created that count against the per-user limit (not expired, not superseded).
Result<int> countTowardsLimit(SqlStore& store, const QString& user);

Result<int> intSetting(SqlStore& store, const char* key);

} // namespace TokenSql
} // namespace tokendesk
