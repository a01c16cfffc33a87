// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/Result.h"
#include "models/core/Types.h"

#include <QDateTime>
#include <QFuture>

#include <chrono>
#include <functional>
#include <memory>

namespace tokendesk {

class SqlStore;
struct SignedAuditHead;
struct AuditHead;

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
    // Worker only: one notice for each of `recipients` (user names), with `notice`'s kind, token
    // id, label, masked form, creator and time; its id, recipient and delivery are ignored.
    static Result<Unit> queue(SqlStore& store, const QStringList& recipients, const Notice& notice);
    // Worker only. The newest 1000 notices `viewer` may read: an admin the whole outbox, anyone
    // else only what was addressed to them.
    static Result<QList<Notice>> visibleTo(SqlStore& store, const User& viewer);

    // For the mailer, on behalf of the server process itself (no actor, no policy). Any thread;
    // the work runs on the store's worker.
    explicit NoticeOutbox(std::shared_ptr<SqlStore> store);
    // Undelivered notices whose next attempt is due and that no mailer holds a lease on, oldest
    // first.
    QFuture<Result<QList<Notice>>> due(int limit) const;
    // Takes a lease on up to `limit` due notices for `claimant` until now + `lease` and returns
    // them, oldest first: while the lease runs no other claimant gets them, so servers sharing the
    // store send each notice once. One statement, atomic on either engine (PostgreSQL: rows
    // another claimer has locked are skipped). A claimant that dies leaves its lease to run out.
    QFuture<Result<QList<Notice>>> claim(int limit, const QString& claimant,
                                         std::chrono::seconds lease) const;
    // For the server's daily audit head: verifies the audit chain and, when it is intact and not
    // empty, queues one "audit.head" notice per admin with what `sign` makes of its head (label:
    // the head, masked: the signature in hex, created_by: the store, created_at: the time signed).
    // Nothing is queued for a broken or empty chain; the report returned says which it was.
    QFuture<Result<ChainReport>> queueSignedHead(std::function<SignedAuditHead(const AuditHead&)> sign) const;
    // The notice reached its recipient: it is never due again.
    QFuture<Result<Unit>> markDelivered(qint64 id) const;
    // Sending failed: counted, its lease given up, and not due again before `retryAt` (the
    // mailer's backoff).
    QFuture<Result<Unit>> countFailedAttempt(qint64 id, const QDateTime& retryAt) const;

private:
    std::shared_ptr<SqlStore> m_store;
};

} // namespace tokendesk
