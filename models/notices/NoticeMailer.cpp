// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/notices/NoticeMailer.h"

#include <QCoreApplication>
#include <QLoggingCategory>
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
    mail.to = addressFor(notice.recipient, sender);
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
