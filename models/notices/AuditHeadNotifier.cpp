// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/notices/AuditHeadNotifier.h"

#include "models/core/Continuation.h"
#include "models/crypto/Crypto.h"
#include "models/notices/SignedAuditHead.h"

#include <QFileInfo>
#include <QLoggingCategory>
#include <QSaveFile>

namespace tokendesk {

Q_LOGGING_CATEGORY(lcAuditHead, "tokendesk.server.audithead")

AuditHeadNotifier::AuditHeadNotifier(NoticeOutbox outbox, std::shared_ptr<const Crypto> crypto, Secret key,
                                     QString store, QString stampPath, std::chrono::seconds interval,
                                     QObject* parent)
    : QObject(parent), m_outbox(std::move(outbox)), m_crypto(std::move(crypto)), m_key(std::move(key)),
      m_store(std::move(store)), m_stampPath(std::move(stampPath)), m_interval(interval)
{
    connect(&m_timer, &QTimer::timeout, this, &AuditHeadNotifier::check);
}

AuditHeadNotifier::~AuditHeadNotifier()
{
    stop();
}

void AuditHeadNotifier::start()
{
    m_timer.start(std::min<std::chrono::milliseconds>(m_interval, std::chrono::minutes(1)));
    check();
}

void AuditHeadNotifier::stop()
{
    m_timer.stop();
    m_pending.waitForFinished();
}

QString AuditHeadNotifier::stampPathFor(const QString& keyPath, const QString& store)
{
    const QByteArray name = defaultCrypto()->sha256(store.toUtf8()).toHex().left(16);
    return QFileInfo(keyPath).absolutePath() + QStringLiteral("/audit-head-") + QString::fromLatin1(name) +
           QStringLiteral(".last-queued");
}

QDateTime AuditHeadNotifier::lastQueued(const QString& stampPath)
{
    QFile in(stampPath);
    if (!in.open(QIODevice::ReadOnly))
        return {};
    return QDateTime::fromString(QString::fromLatin1(in.read(64).trimmed()), Qt::ISODate);
}

void AuditHeadNotifier::check()
{
    if (m_inFlight)
        return; // until its answer has been recorded in the stamp file
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QDateTime last = lastQueued(m_stampPath);
    // A stamp in the future (the clock was set back) counts as unknown: better a mail too many.
    if (last.isValid() && last <= now && last.secsTo(now) < qint64(m_interval.count()))
        return;
    m_pending = m_outbox.queueSignedHead(
        [crypto = m_crypto, key = m_key, store = m_store, now](const AuditHead& head) {
            return SignedAuditHead::sign(*crypto, key, store, head, now);
        });
    m_inFlight = true;
    whenDone(m_pending, this, [this, now](const Result<ChainReport>& report) {
        m_inFlight = false;
        if (!report.ok()) {
            qCWarning(lcAuditHead) << "cannot read the audit log for the daily head:"
                                   << report.error().toString();
            return; // tried again at the next look
        }
        if (!report->intact())
            qCWarning(lcAuditHead) << "the audit chain is broken at entry" << *report->firstBrokenSequence
                                   << "- no head signed; run tokendesk-cli audit --verify";
        QSaveFile stamp(m_stampPath);
        if (!stamp.open(QIODevice::WriteOnly) || stamp.write(now.toString(Qt::ISODate).toLatin1()) < 0 ||
            !stamp.commit())
            qCWarning(lcAuditHead) << "cannot record the time of the daily head in" << m_stampPath << ":"
                                   << stamp.errorString();
        if (report->intact() && report->headSequence > 0) {
            qCInfo(lcAuditHead) << "audit head" << report->headSequence << "queued for every admin";
            Q_EMIT queued(report->headSequence);
        }
    });
}

} // namespace tokendesk
