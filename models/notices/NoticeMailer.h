// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/notices/NoticeOutbox.h"
#include "models/notices/SmtpMailer.h"

#include <QDateTime>
#include <QFuture>
#include <QObject>
#include <QTimer>

#include <chrono>
#include <memory>

namespace tokendesk {

// Delivers the notices outbox by mail: every admin hears of every new or rotated token (who made
// it, when, its masked form). Polls the outbox, sends what is due on its own thread (SMTP blocks),
// marks each notice delivered, or counts the failure and tries again later with exponential
// backoff (kFirstRetry, doubling, at most kLongestRetry), so a relay that is down loses nothing.
//
// Several servers may mail from one store: each claims the notices it sends (a lease of kLease,
// NoticeOutbox::claim), so every notice is mailed once; if a server dies mid-batch its lease runs
// out and another server sends what it had claimed.
//
// Recipients are store users: mailed at the address they were given (User::email), else a name
// that is a mail address is used as is and any other gets the domain of the sender address
// (alice + tokendesk@example.org -> alice@example.org).
class NoticeMailer : public QObject
{
    Q_OBJECT
public:
    static constexpr std::chrono::seconds kFirstRetry{2};
    static constexpr std::chrono::seconds kLongestRetry{3600};
    // Longer than a batch can take (kBatch sends, each bounded by the SMTP timeout).
    static constexpr std::chrono::seconds kLease{600};

    NoticeMailer(NoticeOutbox outbox, const SmtpConfig& smtp, QObject* parent = nullptr);
    ~NoticeMailer() override;

    void start(std::chrono::milliseconds pollEvery = std::chrono::seconds(1));
    // Waits for the batch being sent, if any (shutdown).
    void stop();

    static QString addressFor(const QString& recipient, const QString& sender);
    static MailMessage messageFor(const Notice& notice, const QString& sender);
    static std::chrono::seconds retryAfter(int failedAttempts);

private:
    void poll();

    NoticeOutbox m_outbox;
    SmtpMailer m_mailer;
    QString m_sender;
    QString m_claimant; // this process, in the outbox's claimed_by
    QTimer m_timer;
    QFuture<void> m_batch;
};

} // namespace tokendesk
