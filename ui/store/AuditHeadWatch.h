// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/backend/Backend.h"
#include "models/core/AuditHead.h"

#include <QDateTime>
#include <QObject>

#include <memory>
#include <optional>

namespace tokendesk::ui {

// Remembers, per store, the newest audit head this console has seen (QSettings, keyed by the
// store's path or address), and says when the store's log no longer holds it: someone who can
// write the store cut entries off the end or rewrote them, and recomputed the head the store keeps
// of itself (issue 14). The remembered head only ever moves forward; after a warning it stays
// where it was, so the warning comes again on every open until someone looks.
class AuditHeadWatch : public QObject
{
    Q_OBJECT

public:
    explicit AuditHeadWatch(QObject* parent = nullptr);

    // Reads the newest entry of `backend`'s log, and the one at the remembered sequence (two
    // small queries). A store this user may not read the log of is not watched. A warning is
    // signalled once per opened store, not again after every refresh.
    void check(const std::shared_ptr<Backend>& backend, const QString& store);

    struct Seen
    {
        AuditHead head;
        QDateTime at;
    };
    static std::optional<Seen> remembered(const QString& store);
    // The sentence for the banner about `check`, seen on `seenAt`.
    static QString describe(const AuditHeadCheck& check, const QDateTime& seenAt);

Q_SIGNALS:
    void headMissing(const QString& message);

private:
    void compare(const std::shared_ptr<Backend>& backend, const QString& store, const AuditHead& newest,
                 quint64 generation);
    static void remember(const QString& store, const AuditHead& head);

    void warn(const QString& message);

    quint64 m_generation = 0; // answers about a store no longer open are dropped
    // Times in a row the log grew between the two reads of a check; after that many the check
    // waits for the next open or refresh rather than read a busy log forever.
    static constexpr int kRereads = 3;
    int m_rereads = 0;
    const Backend* m_watched = nullptr;
    QString m_warned;
};

} // namespace tokendesk::ui
