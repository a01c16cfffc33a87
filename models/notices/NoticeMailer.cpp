// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/notices/NoticeMailer.h"

#include "models/crypto/Crypto.h"
#include "models/notices/SignedAuditHead.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QScopeGuard>
#include <QSysInfo>
#include <QUuid>
#include <QtConcurrent/QtConcurrentRun>

namespace tokendesk {

Q_LOGGING_CATEGORY(lcMail, "tokendesk.server.mail")

namespace {

constexpr int kBatch = 50;

} // namespace

NoticeMailer::NoticeMailer(NoticeOutbox outbox, const SmtpConfig& smtp, QObject* parent)
    : QObject(parent), m_outbox(std::move(outbox)), m_mailer(smtp), m_sender(smtp.from),
      m_claimant(QSysInfo::machineHostName() + QLatin1Char(':') +
                 QString::number(QCoreApplication::applicationPid()) + QLatin1Char(':') +
                 QUuid::createUuid().toString(QUuid::WithoutBraces))
{
    connect(&m_timer, &QTimer::timeout, this, &NoticeMailer::poll);
}

NoticeMailer::~NoticeMailer()
{
    stop();
}

void NoticeMailer::start(std::chrono::milliseconds pollEvery)
{
    m_timer.start(pollEvery);
    poll();
}

void NoticeMailer::stop()
{
    m_timer.stop();
    m_batch.waitForFinished();
}

QString NoticeMailer::addressFor(const QString& recipient, const QString& sender)
{
    if (recipient.contains(u'@'))
        return recipient;
    return recipient + sender.mid(sender.indexOf(u'@'));
}

MailMessage NoticeMailer::messageFor(const Notice& notice, const QString& sender)
{
    const bool rotated = notice.kind == QLatin1String("token.rotate");
    MailMessage mail;
    mail.to = notice.recipientEmail.isEmpty() ? addressFor(notice.recipient, sender) : notice.recipientEmail;
    if (notice.kind == QLatin1String("auth.lockout")) {
        // The label holds the address that was locked out; no token is involved.
        mail.subject = tr("TokenDesk: management sign-ins from %1 were locked out").arg(notice.label);
        mail.body =
            tr("At %1 UTC the server stopped accepting management requests from %2 for a while: "
               "too many of them carried a wrong or no token. If this is not one of your own "
               "tools, someone may be guessing tokens.")
                .arg(notice.createdAt.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")), notice.label) +
            QStringLiteral("\n");
        return mail;
    }
    if (notice.kind == QLatin1String("audit.head")) {
        // Label, masked and created_by carry the head, its signature and the store
        // (NoticeOutbox::queueSignedHead); the key that signed it is nowhere in the mail.
        SignedAuditHead head;
        head.store = notice.createdBy;
        head.head = AuditHead::parse(notice.label).value_or(AuditHead{});
        head.signedAt = notice.createdAt.toUTC();
        head.signature = QByteArray::fromHex(notice.masked.toLatin1());
        mail.subject = tr("TokenDesk: audit log of %1 at entry %2").arg(head.store).arg(head.head.sequence);
        mail.body =
            tr("The audit log of the TokenDesk store %1 held %2 entries at %3 UTC, the newest with this "
               "hash. Keep this mail: should someone who can write the store later cut entries off the "
               "log or rewrite it, the log will no longer hold this head, and this check says so:")
                .arg(head.store)
                .arg(head.head.sequence)
                .arg(head.signedAt.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))) +
            QStringLiteral("\n\n    tokendesk-cli audit --verify --signed-head MAIL --key KEYFILE\n\n") +
            tr("MAIL is a file holding this mail (or the block below), KEYFILE the server's audit head key; "
               "the check also proves that the server signed the block.") +
            QStringLiteral("\n\n") + head.block();
        return mail;
    }
    if (notice.kind == QLatin1String("token.expiring")) {
        // created_at carries the expiry (ExpiryWarnings).
        const QString at = notice.createdAt.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm"));
        mail.subject = tr("TokenDesk: token '%1' expires on %2 UTC").arg(notice.label, at);
        mail.body = tr("The API token '%1' (%2), created by %3, stops working on %4 UTC. Whatever uses it "
                       "needs a new one before then: extend its expiry or rotate it in TokenDesk, or let it "
                       "expire if it is no longer needed.")
                        .arg(notice.label, notice.masked, notice.createdBy, at) +
                    QStringLiteral("\n\n") +
                    tr("Every admin of this TokenDesk store and the token's creator get this notice, once at "
                       "each warning threshold.") +
                    QStringLiteral("\n");
        return mail;
    }
    mail.subject = (rotated ? tr("TokenDesk: token '%1' was rotated") : tr("TokenDesk: new token '%1'"))
                       .arg(notice.label);
    mail.body = (rotated ? tr("%1 rotated the API token '%2' (now %3) at %4 UTC.")
                         : tr("%1 created the API token '%2' (%3) at %4 UTC."))
                    .arg(notice.createdBy, notice.label, notice.masked,
                         notice.createdAt.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))) +
                QStringLiteral("\n\n") +
                tr("Every admin of this TokenDesk store gets this notice for every new token. If you did not "
                   "expect it, review the token in TokenDesk and revoke it if needed.") +
                QStringLiteral("\n");
    return mail;
}

std::chrono::seconds NoticeMailer::retryAfter(int failedAttempts)
{
    const int doublings = std::clamp(failedAttempts - 1, 0, 20);
    return std::min<std::chrono::seconds>(kLongestRetry, kFirstRetry * (qint64(1) << doublings));
}

void NoticeMailer::poll()
{
    if (m_batch.isRunning())
        return; // the previous batch is still being sent
    auto due = m_outbox.claim(kBatch, m_claimant, kLease);
    m_batch = QtConcurrent::run([outbox = m_outbox, mailer = m_mailer, sender = m_sender, due]() mutable {
        // A pool thread may end only when the process does, after OpenSSL's own clean-up, which
        // then cannot free what libcurl made it keep for this thread (its error queue, its random
        // generator): freed here, after every batch, as the server's other threads do.
        const auto releaseCrypto = qScopeGuard(&releaseCryptoThreadState);
        due.waitForFinished();
        const Result<QList<Notice>> notices = due.result();
        if (!notices.ok()) {
            qCWarning(lcMail) << "cannot read the outbox:" << notices.error().toString();
            return;
        }
        for (const Notice& notice : notices.value()) {
            const Result<Unit> sent = mailer.send(messageFor(notice, sender));
            const int failures = notice.attempts + 1;
            if (!sent.ok())
                qCWarning(lcMail) << "notice" << notice.id << "not delivered, attempt" << failures << ":"
                                  << sent.error().toString();
            auto recorded =
                sent.ok() ? outbox.markDelivered(notice.id)
                          : outbox.countFailedAttempt(notice.id, QDateTime::currentDateTimeUtc().addSecs(
                                                                     retryAfter(failures).count()));
            recorded.waitForFinished();
        }
    });
}

} // namespace tokendesk
