// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/Result.h"

#include <QFuture>
#include <QList>

#include <memory>

namespace tokendesk {

class SqlStore;

// Expiry warnings (issue 15): when a token comes within a threshold of its expiry (30, 7 and 1
// days before it), every admin and the token's creator get one "token.expiring" notice in the
// outbox, which the console lists and the server's NoticeMailer mails. One per token and
// threshold, never twice: the expiry_warnings table's primary key decides, inside the same
// transaction as the notices, so several servers checking one database at the same moment send
// each warning once. A token first seen within several thresholds gets the nearest one only.
// Extending a token's expiry forgets its warnings (TokenSql::setExpiry).
//
// Fields of the notice: label and masked as the token's, created_by its creator, created_at its
// expiry (what the warning is about).
class ExpiryWarnings
{
public:
    static QList<int> defaultThresholds() { return {30, 7, 1}; }

    explicit ExpiryWarnings(std::shared_ptr<SqlStore> store);

    // Any thread; the work runs on the store's worker, on behalf of the process itself (the
    // server's daily check, the console opening a local store). The number of tokens warned.
    QFuture<Result<int>> queueDue(QList<int> thresholds = defaultThresholds()) const;

private:
    std::shared_ptr<SqlStore> m_store;
};

} // namespace tokendesk
