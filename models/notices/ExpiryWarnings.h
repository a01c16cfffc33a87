// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/Result.h"

#include <QFuture>
#include <QList>

#include <memory>

namespace tokendesk {

class SqlStore;

// Expiry warnings (issue 15): when a token comes within a threshold of its expiry (a store
// setting, by default 30, 7 and 1 days before it), every admin and the token's creator get one
// "token.expiring" notice in the outbox, which the console lists and the server's NoticeMailer mails. One per
// token and threshold, never twice: the expiry_warnings table's primary key decides, inside the same
// transaction as the notices, so several servers checking one database at the same moment send
// each warning once. A token first seen within several thresholds gets the nearest one only.
// Extending a token's expiry forgets its warnings (TokenSql::setExpiry).
//
// Fields of the notice: label and masked as the token's, created_by its creator, created_at its
// expiry (what the warning is about).
class ExpiryWarnings
{
public:
    // Worker only: the store's thresholds, longest first (ExpiryThresholds::defaults() until an
    // admin sets others; empty: no warnings), and setting them (already normalised).
    static Result<QList<int>> thresholds(SqlStore& store);
    static Result<Unit> setThresholds(SqlStore& store, const QList<int>& days);

    explicit ExpiryWarnings(std::shared_ptr<SqlStore> store);

    // Any thread; the work runs on the store's worker, on behalf of the process itself (the
    // server's hourly check, the console opening a local store), at the store's thresholds.
    // The number of tokens warned.
    QFuture<Result<int>> queueDue() const;

private:
    std::shared_ptr<SqlStore> m_store;
};

} // namespace tokendesk
