// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/Types.h"

#include <QObject>

#include <optional>

class QAction;
class QMenu;
class QWidget;

namespace tokendesk::ui {

// What decides whether an action may run right now.
struct ActionContext
{
    bool storeOpen = false;
    std::optional<SessionInfo> session; // empty while loading or when the session failed
    QString sessionError;               // why there is no session, when there is none
    std::optional<Token> current;       // the selected token, when exactly one is selected
    qsizetype selectedCount = 0;        // rows selected in the table
    int rowCount = 0;                   // rows the table lists
    QString offlineReason;              // a server that does not answer: nothing can change
};

// The one registry of QActions. The menu bar, the toolbar, the table's context menu and each
// row's "⋯" button all show these same objects, so shortcuts, enabled state and the tooltip
// that says why an action is unavailable are defined once.
class ActionCollection : public QObject
{
    Q_OBJECT

public:
    explicit ActionCollection(QWidget* window);

    QAction* newStore() const { return m_newStore; }
    QAction* openStore() const { return m_openStore; }
    QAction* connectServer() const { return m_connectServer; }
    QAction* openDatabase() const { return m_openDatabase; }
    QAction* quit() const { return m_quit; }
    QAction* usersAndNotices() const { return m_usersAndNotices; }
    QAction* storeSettings() const { return m_storeSettings; }
    QAction* exportInventory() const { return m_exportInventory; }
    QAction* inactiveTokens() const { return m_inactiveTokens; }
    QAction* generate() const { return m_generate; }
    QAction* rename() const { return m_rename; }
    QAction* editDetails() const { return m_editDetails; }
    QAction* changeExpiry() const { return m_changeExpiry; }
    QAction* toggleEnabled() const { return m_toggleEnabled; }
    QAction* rotate() const { return m_rotate; }
    QAction* revoke() const { return m_revoke; }
    QAction* copyMaskedId() const { return m_copyMaskedId; }
    QAction* details() const { return m_details; }
    QAction* reload() const { return m_reload; }
    // The selection: every row the filter matches, and the changes made to all selected tokens.
    QAction* selectAll() const { return m_selectAll; }
    QAction* bulkDisable() const { return m_bulkDisable; }
    QAction* bulkEnable() const { return m_bulkEnable; }
    QAction* bulkExtend() const { return m_bulkExtend; }
    QAction* bulkAddTag() const { return m_bulkAddTag; }
    QAction* bulkRemoveTag() const { return m_bulkRemoveTag; }
    QAction* bulkRevoke() const { return m_bulkRevoke; }

    // The actions about one token, in menu order (nullptr marks a separator).
    QList<QAction*> rowActions() const;
    void fillRowMenu(QMenu* menu) const;
    // The actions about every selected token, in menu order (nullptr marks a separator).
    QList<QAction*> selectionActions() const;
    void fillSelectionMenu(QMenu* menu) const;

    void update(const ActionContext& context);

private:
    QAction* make(const QString& objectName, const QString& text, const QString& icon);
    void setAvailable(QAction* action, const QString& reasonWhenNot, const QString& help);
    void updateSelectionActions(const ActionContext& context, const QString& manageReason);
    static void fillMenu(QMenu* menu, const QList<QAction*>& actions);

    QAction* m_newStore;
    QAction* m_openStore;
    QAction* m_connectServer;
    QAction* m_openDatabase;
    QAction* m_quit;
    QAction* m_usersAndNotices;
    QAction* m_storeSettings;
    QAction* m_exportInventory;
    QAction* m_inactiveTokens;
    QAction* m_generate;
    QAction* m_rename;
    QAction* m_editDetails;
    QAction* m_changeExpiry;
    QAction* m_toggleEnabled;
    QAction* m_rotate;
    QAction* m_revoke;
    QAction* m_copyMaskedId;
    QAction* m_details;
    QAction* m_reload;
    QAction* m_selectAll;
    QAction* m_bulkDisable;
    QAction* m_bulkEnable;
    QAction* m_bulkExtend;
    QAction* m_bulkAddTag;
    QAction* m_bulkRemoveTag;
    QAction* m_bulkRevoke;
};

} // namespace tokendesk::ui
