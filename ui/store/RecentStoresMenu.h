// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMenu>

namespace tokendesk::ui {

class RecentStores;

// File → Recent Stores: one entry per remembered store, most recent first, then "Clear Recent".
// A store whose file is gone is listed disabled with the reason in its tooltip rather than
// dropped, since it may live on a drive that is only unmounted for now. The entries are rebuilt
// whenever the list changes and each time the menu opens, so a file that appears or vanishes
// meanwhile is shown as it is.
class RecentStoresMenu : public QMenu
{
    Q_OBJECT

public:
    RecentStoresMenu(RecentStores* recent, QWidget* parent = nullptr);

    QAction* clearAction() const { return m_clear; }
    // The entry for `path`, or nullptr; for tests.
    QAction* actionFor(const QString& path) const;

Q_SIGNALS:
    void openRequested(const QString& path);

private:
    void rebuild();

    RecentStores* m_recent;
    QAction* m_clear;
};

} // namespace tokendesk::ui
