// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/Result.h"
#include "models/core/Types.h"

#include <QDateTime>
#include <QFuture>

#include <memory>

namespace tokendesk {

class SqlStore;

// The notices table of a SQL store: the outbox of mails telling every admin about every token
// created (generated or rotated). Tokens queue into it inside their own write transaction, so a
// notice exists exactly when its token does; the server's NoticeMailer drains it, and a notice
// stays due until a delivery succeeded, so a relay that is down loses nothing.
class NoticeOutbox
{
public:
    // Worker only, inside the transaction that created `token`: one notice per admin.
    static Result<Unit> queueForAdmins(SqlStore& store, const QString& kind, const Token& token,
                                       const QString& createdBy);
    // Worker only. The newest 1000 notices `viewer` may read: an admin the whole outbox, anyone
    // else only what was addressed to them.
    static Result<QList<Notice>> visibleTo(SqlStore& store, const User& viewer);

    // For the mailer, on behalf of the server process itself (no actor, no policy). Any thread;
    // the work runs on the store's worker.
    explicit NoticeOutbox(std::shared_ptr<SqlStore> store);
    // Undelivered notices whose next attempt is due, oldest first.
    QFuture<Result<QList<Notice>>> due(int limit) const;
    // The notice reached its recipient: it is never due again.
    QFuture<Result<Unit>> markDelivered(qint64 id) const;
    // Sending failed: counted, and not due again before `retryAt` (the mailer's backoff).
    QFuture<Result<Unit>> countFailedAttempt(qint64 id, const QDateTime& retryAt) const;

private:
    std::shared_ptr<SqlStore> m_store;
};

} // namespace tokendesk
