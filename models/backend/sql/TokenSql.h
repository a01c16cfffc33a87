// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/backend/sql/EndedTokenSql.h"
#include "models/core/Result.h"
#include "models/core/Types.h"

#include <QSqlQuery>

namespace tokendesk {

class SqlStore;

// The tokens table as the backend reads and writes it: one column list, one row mapper, one
// place that turns a TokenQuery into SQL, and the statements that change a row. Worker thread
// only; the writes run inside the caller's write transaction (see SqlBackend), which also
// records them in the audit log.
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
// The ids of every token `query` matches, ascending (its offset, limit and order aside).
Result<QList<TokenId>> ids(SqlStore& store, const TokenQuery& query);
// list() fetches pages past this offset and past half the matches from the other end (default
// 2000); tests lower it so small stores exercise that path.
void setDeepOffsetForTesting(qint64 offset);
// Tokens the user created that count against the per-user limit (not expired, not superseded);
// those of an earlier, removed user of the same name are not theirs.
Result<int> countTowardsLimit(SqlStore& store, const QString& user);

// The columns a new token is created with; the secret is made here.
struct NewRow
{
    QString label;
    Role role = Role::Developer;
    QString createdBy;
    QDateTime expiresAt; // invalid: never
    QString description{};
    QStringList tags{}; // already normalised (Validation::tags)
    // Non-zero: a rotation of that token, whose creator identity (creator_uid) the new row keeps,
    // even when its creator was removed. Zero: created by the user now named createdBy.
    TokenId predecessor = 0;
};
// Inserts a row with a fresh secret: the only time the plain secret exists, so it is returned.
Result<GeneratedToken> insert(SqlStore& store, const NewRow& row);
// The changes a client can race on bump the row's version (see Token::version).
Result<Unit> setLabel(SqlStore& store, TokenId id, const QString& label);
Result<Unit> setEnabled(SqlStore& store, TokenId id, bool enabled);
// Replaces the description and the tags (already validated and normalised).
Result<Unit> setDetails(SqlStore& store, TokenId id, const TokenDetails& details);
// Moves the expiry (invalid: never), already checked against the lifetime policy.
Result<Unit> setExpiry(SqlStore& store, TokenId id, const QDateTime& expiresAt);
// Marks `id` as rotated into `successor`; its secret keeps working until `graceEnd`.
Result<Unit> supersede(SqlStore& store, TokenId id, TokenId successor, const QDateTime& graceEnd);
// Deletes the rows, and with them any last-used time not yet written for them, after recording
// how they ended for the Inactive view (EndedTokenSql): one statement each, however many.
Result<Unit> remove(SqlStore& store, const QList<TokenId>& ids, const EndedTokenSql::Ending& ending);

// A superseded token whose grace period has ended: revoked for good, its row still to delete.
struct EndedGrace
{
    TokenId id = 0;
    QString label;
    QString masked;
    TokenId successor = 0;
    QDateTime graceEnd;
};
Result<QList<EndedGrace>> endedGracePeriods(SqlStore& store);

Result<int> intSetting(SqlStore& store, const char* key);
Result<Unit> setIntSetting(SqlStore& store, const char* key, int value);

} // namespace TokenSql
} // namespace tokendesk
