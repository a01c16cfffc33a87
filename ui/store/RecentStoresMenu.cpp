// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/store/RecentStoresMenu.h"

#include "ui/store/RecentStores.h"

#include <QDir>
#include <QFileInfo>
#include <QUrl>

namespace tokendesk::ui {

namespace {
const char* const kPathProperty = "storePath";
}

RecentStoresMenu::RecentStoresMenu(RecentStores* recent, QWidget* parent) : QMenu(parent), m_recent(recent)
{
    setObjectName(QStringLiteral("recentStoresMenu"));
    setTitle(tr("Recent &Stores"));
    setToolTipsVisible(true);
    menuAction()->setObjectName(QStringLiteral("action_recentStores"));

    m_clear = new QAction(tr("&Clear Recent"), this);
    m_clear->setObjectName(QStringLiteral("action_clearRecentStores"));
    m_clear->setToolTip(tr("Forget the list of recently opened stores; the files stay where they are"));
    connect(m_clear, &QAction::triggered, m_recent, &RecentStores::clear);

    connect(m_recent, &RecentStores::changed, this, &RecentStoresMenu::rebuild);
    connect(this, &QMenu::aboutToShow, this, &RecentStoresMenu::rebuild);
    rebuild();
}

QAction* RecentStoresMenu::actionFor(const QString& path) const
{
    const QString wanted = RecentStores::isServer(path) || RecentStores::isDatabase(path)
                               ? path
                               : QFileInfo(path).absoluteFilePath();
    for (QAction* action : actions()) {
        if (action->property(kPathProperty).toString() == wanted)
            return action;
    }
    return nullptr;
}

void RecentStoresMenu::rebuild()
{
    // Entries are owned by the menu; the Clear action is kept and re-added.
    for (QAction* action : actions()) {
        removeAction(action);
        if (action != m_clear)
            action->deleteLater();
    }

    const QStringList paths = m_recent->paths();
    QStringList names;
    for (const QString& path : paths)
        names.append(QFileInfo(path).fileName());
    int number = 0;
    for (const QString& path : paths) {
        if (RecentStores::isServer(path)) {
            // "&2 Server tokens.example.com:8443": connections sit beside the store files.
            const QUrl url(path);
            QString name =
                tr("Server %1")
                    .arg(url.port() == -1 ? url.host() : tr("%1:%2").arg(url.host()).arg(url.port()));
            name.replace(QLatin1Char('&'), QStringLiteral("&&"));
            auto* action = new QAction(++number < 10 ? tr("&%1 %2").arg(number).arg(name) : name, this);
            action->setObjectName(QStringLiteral("action_recentStore_%1").arg(number));
            action->setProperty(kPathProperty, path);
            action->setStatusTip(path);
            action->setToolTip(path);
            connect(action, &QAction::triggered, this, [this, path] { Q_EMIT openRequested(path); });
            addAction(action);
            continue;
        }
        const QFileInfo file(path);
        const QString native = QDir::toNativeSeparators(path);
        // "&1 acme.tokendesk": a mnemonic for the first nine, the full path in the tooltip. Two
        // stores with the same file name also show their folder, so they can be told apart.
        QString name = names.count(file.fileName()) > 1
                           ? tr("%1 (%2)").arg(file.fileName(), QDir::toNativeSeparators(file.path()))
                           : file.fileName();
        name.replace(QLatin1Char('&'), QStringLiteral("&&")); // not a mnemonic
        const QString text = ++number < 10 ? tr("&%1 %2").arg(number).arg(name) : name;
        auto* action = new QAction(text, this);
        action->setObjectName(QStringLiteral("action_recentStore_%1").arg(number));
        action->setProperty(kPathProperty, path);
        action->setStatusTip(native);
        if (file.isFile()) {
            action->setToolTip(native);
            connect(action, &QAction::triggered, this, [this, path] { Q_EMIT openRequested(path); });
        } else {
            action->setEnabled(false);
            action->setToolTip(tr("%1 was not found").arg(native));
        }
        addAction(action);
    }
    if (paths.isEmpty()) {
        auto* none = new QAction(tr("No recent stores"), this);
        none->setObjectName(QStringLiteral("action_recentStoresNone"));
        none->setEnabled(false);
        addAction(none);
    }
    addSeparator();
    addAction(m_clear);
    m_clear->setEnabled(!paths.isEmpty());
}

} // namespace tokendesk::ui
