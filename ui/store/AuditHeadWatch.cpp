// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/store/AuditHeadWatch.h"

#include "models/core/Continuation.h"

#include <QLocale>
#include <QSettings>
#include <QUrl>

namespace tokendesk::ui {

namespace {

// QSettings keys may not hold '/' or '\\' (they would be groups), a path does: percent-encoded.
QString watchKey(const QString& store)
{
    return QStringLiteral("auditHeads/") + QString::fromLatin1(QUrl::toPercentEncoding(store));
}

std::optional<AuditHead> headOf(const Result<QList<AuditEntry>>& entries)
{
    if (!entries.ok() || entries->isEmpty())
        return std::nullopt;
    return AuditHead{entries->constFirst().sequence, entries->constFirst().hash};
}

} // namespace

AuditHeadWatch::AuditHeadWatch(QObject* parent) : QObject(parent) {}

std::optional<AuditHeadWatch::Seen> AuditHeadWatch::remembered(const QString& store)
{
    QSettings settings;
    const QString key = watchKey(store);
    const std::optional<AuditHead> head =
        AuditHead::parse(settings.value(key + QStringLiteral("/head")).toString());
    if (!head)
        return std::nullopt;
    return Seen{*head, settings.value(key + QStringLiteral("/seenAt")).toDateTime()};
}

void AuditHeadWatch::remember(const QString& store, const AuditHead& head)
{
    QSettings settings;
    const QString key = watchKey(store);
    settings.setValue(key + QStringLiteral("/head"), head.text());
    settings.setValue(key + QStringLiteral("/seenAt"), QDateTime::currentDateTimeUtc());
}

QString AuditHeadWatch::describe(const AuditHeadCheck& check, const QDateTime& seenAt)
{
    const QString when = QLocale().toString(seenAt.toLocalTime(), QLocale::ShortFormat);
    switch (check.outcome()) {
    case AuditHeadCheck::Outcome::Holds:
        return {};
    case AuditHeadCheck::Outcome::CutOff:
        if (check.firstMissing() == check.expected().sequence)
            return tr("The audit log of this store ends at entry %1, but this console saw entry %2 on %3: "
                      "entry %2 was removed.")
                .arg(check.headSequence())
                .arg(check.expected().sequence)
                .arg(when);
        return tr("The audit log of this store ends at entry %1, but this console saw entry %2 on %3: "
                  "entries %4–%2 were removed.")
            .arg(check.headSequence())
            .arg(check.expected().sequence)
            .arg(when)
            .arg(check.firstMissing());
    case AuditHeadCheck::Outcome::Rewritten:
        return tr("Entry %1 of this store's audit log is not the one this console saw on %2: the log was "
                  "rewritten from there on.")
            .arg(check.expected().sequence)
            .arg(when);
    }
    return {};
}

void AuditHeadWatch::warn(const QString& message)
{
    if (message == m_warned)
        return;
    m_warned = message;
    Q_EMIT headMissing(message);
}

void AuditHeadWatch::check(const std::shared_ptr<Backend>& backend, const QString& store)
{
    const quint64 generation = ++m_generation;
    if (backend.get() != m_watched) {
        m_watched = backend.get();
        m_warned.clear();
    }
    if (!backend || store.isEmpty())
        return;
    AuditQuery newestFirst;
    newestFirst.limit = 1;
    whenDone(backend->audit(newestFirst), this,
             [this, backend, store, generation](const Result<QList<AuditEntry>>& entries) {
                 if (generation != m_generation || !entries.ok())
                     return; // another store was opened, or this user may not read the log
                 compare(backend, store, headOf(entries).value_or(AuditHead{}), generation);
             });
}

void AuditHeadWatch::compare(const std::shared_ptr<Backend>& backend, const QString& store,
                             const AuditHead& newest, quint64 generation)
{
    const std::optional<Seen> seen = remembered(store);
    if (!seen) {
        if (newest.sequence > 0)
            remember(store, newest);
        return;
    }
    const std::optional<qint64> offset = AuditHeadCheck::newestFirstOffset(newest.sequence, seen->head);
    if (!offset) {
        warn(describe(AuditHeadCheck::of(newest.sequence, seen->head, std::nullopt), seen->at));
        return;
    }
    AuditQuery query;
    query.offset = int(*offset);
    query.limit = 1;
    whenDone(backend->audit(query), this,
             [this, backend, store, newest, seen, generation](const Result<QList<AuditEntry>>& entries) {
                 if (generation != m_generation || !entries.ok())
                     return;
                 const std::optional<AuditHead> found = headOf(entries);
                 // Entries numbered 1..head without a gap put the one this console saw at that offset,
                 // unless more were written between the two reads (another admin, a server): then the
                 // offset points at another entry, which says nothing of the log. Read both again.
                 if (found && found->sequence != seen->head.sequence) {
                     if (++m_rereads <= kRereads)
                         check(backend, store);
                     return;
                 }
                 m_rereads = 0;
                 const AuditHeadCheck check = AuditHeadCheck::of(newest.sequence, seen->head, found);
                 if (!check.holds())
                     warn(describe(check, seen->at));
                 else if (newest.sequence > seen->head.sequence)
                     remember(store, newest);
             });
}

} // namespace tokendesk::ui
