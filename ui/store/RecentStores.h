// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QStringList>

namespace tokendesk::ui {

// The stores opened and servers connected to lately, most recent first, kept in the user's settings so File →
// Recent Stores survives a restart. The list is read from QSettings on every call rather than cached, so two
// windows (or two running consoles) never overwrite each other's entries with a stale copy. Tests point
// QSettings at a temporary folder with QSettings::setPath().
class RecentStores : public QObject
{
    Q_OBJECT

public:
    static constexpr int kMaxEntries = 8;

    explicit RecentStores(QObject* parent = nullptr);

    // Entries are store files or server URLs (see isServer), most recent first.
    QStringList paths() const;
    static bool isServer(const QString& entry);
    static bool isDatabase(const QString& entry); // a postgresql:// store
    // Moves `path` (made absolute) to the front, dropping the oldest beyond kMaxEntries.
    void add(const QString& path);
    void remove(const QString& path);
    void clear();

Q_SIGNALS:
    void changed();

private:
    void save(const QStringList& paths);
};

} // namespace tokendesk::ui
