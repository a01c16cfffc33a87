// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/store/RecentStores.h"

#include "models/backend/sql/StoreLocation.h"

#include <QFileInfo>
#include <QSettings>

namespace tokendesk::ui {

namespace {

const QString kKey = QStringLiteral("recentStores");

// Named explicitly rather than taken from the application name, so the console keeps one
// settings file whatever binary name it runs under (~/.config/tokendesk/tokendesk.conf).
QSettings settings()
{
    return QSettings(QSettings::NativeFormat, QSettings::UserScope, QStringLiteral("tokendesk"),
                     QStringLiteral("tokendesk"));
}

QString normalised(const QString& path)
{
    // Server connections are kept by their URL (the token itself lives in the keychain).
    if (RecentStores::isServer(path) || RecentStores::isDatabase(path))
        return path;
    // absoluteFilePath, not canonicalFilePath: the latter is empty for a file that is missing
    // right now, and a missing store must still be listed (shown disabled).
    return QFileInfo(path).absoluteFilePath();
}

} // namespace

bool RecentStores::isDatabase(const QString& entry)
{
    return StoreLocation::looksLikeUrl(entry);
}

bool RecentStores::isServer(const QString& entry)
{
    return entry.startsWith(QLatin1String("https://")) || entry.startsWith(QLatin1String("http://"));
}

RecentStores::RecentStores(QObject* parent) : QObject(parent) {}

QStringList RecentStores::paths() const
{
    QStringList result;
    for (const QString& path : settings().value(kKey).toStringList()) {
        if (!path.isEmpty() && !result.contains(path) && result.size() < kMaxEntries)
            result.append(path);
    }
    return result;
}

void RecentStores::add(const QString& path)
{
    if (path.isEmpty())
        return;
    const QString entry = normalised(path);
    QStringList list = paths();
    list.removeAll(entry);
    list.prepend(entry);
    while (list.size() > kMaxEntries)
        list.removeLast();
    save(list);
}

void RecentStores::remove(const QString& path)
{
    QStringList list = paths();
    if (list.removeAll(normalised(path)) > 0)
        save(list);
}

void RecentStores::clear()
{
    save({});
}

void RecentStores::save(const QStringList& paths)
{
    QSettings store = settings();
    if (paths.isEmpty())
        store.remove(kKey);
    else
        store.setValue(kKey, paths);
    store.sync();
    Q_EMIT changed();
}

} // namespace tokendesk::ui
