// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/Secret.h"
#include "models/notices/NoticeOutbox.h"

#include <QDateTime>
#include <QFuture>
#include <QObject>
#include <QTimer>

#include <chrono>
#include <memory>

namespace tokendesk {

class Crypto;

// Mails every admin the signed head of the audit log once every `interval` (a day): it queues
// one "audit.head" notice per admin in the outbox (NoticeOutbox::queueSignedHead), which the
// NoticeMailer delivers like every other notice. The head is signed with the server's key
// (SignedAuditHead), which never enters the store.
//
// When the last head was queued is kept in a stamp file beside the key, not in the store: the
// store is exactly what an intruder may write, and a "last mailed" time set far in the future
// there would silence the mails. So every server of a store mails its own signed head (each
// checkable with its own key), and a server that was down for more than a day mails at start.
class AuditHeadNotifier : public QObject
{
    Q_OBJECT
public:
    AuditHeadNotifier(NoticeOutbox outbox, std::shared_ptr<const Crypto> crypto, Secret key, QString store,
                      QString stampPath, std::chrono::seconds interval, QObject* parent = nullptr);
    ~AuditHeadNotifier() override;

    // Queues a head at once if the last one is older than the interval (or unknown), then looks
    // again every minute (or every interval, when that is shorter).
    void start();
    // Waits for a head being queued, if any (shutdown).
    void stop();

    // The stamp file for `store` beside `keyPath`: one per store, so servers of several stores
    // may share a key.
    static QString stampPathFor(const QString& keyPath, const QString& store);
    // When the last head was queued according to `stampPath`; invalid when unknown.
    static QDateTime lastQueued(const QString& stampPath);

Q_SIGNALS:
    // A head was queued for the admins (tests, logs).
    void queued(qint64 headSequence);

private:
    void check();

    NoticeOutbox m_outbox;
    std::shared_ptr<const Crypto> m_crypto;
    Secret m_key;
    QString m_store;
    QString m_stampPath;
    std::chrono::seconds m_interval;
    QTimer m_timer;
    QFuture<Result<ChainReport>> m_pending;
    bool m_inFlight = false;
};

} // namespace tokendesk
