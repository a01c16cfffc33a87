// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/backend/Backend.h"

#include <QMainWindow>
#include <QPointer>

#include <memory>

class QLabel;
class QMenu;
class QStackedWidget;
class QSplitter;

namespace tokendesk {
class TokenTableModel;
}

namespace tokendesk::ui {

class ActionCollection;
class Banner;
class BulkOperations;
class BusyIndicator;
class EmptyStatePanel;
class ExpiryReminder;
class RecentStores;
class RecentStoresMenu;
class ServerConnector;
class ServerCredentials;
class StoreSession;
class AuditHeadWatch;
class TokenDetailsPanel;
class TokenFilterBar;
class TokenExportFlow;
class TokenOperations;
class TokenTableView;
class UsersDialog;

// Wiring only: builds the menus, toolbar and panels from the classes that do the work and
// connects their signals. Behaviour lives in those classes, not here.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    void openStore(const QString& path, bool createIfMissing = false);
    void setBackend(std::shared_ptr<Backend> backend, const QString& path = {});

    StoreSession* session() const { return m_session; }
    ServerConnector* connector() const { return m_connector; }
    TokenTableModel* tokenModel() const { return m_model; }
    ActionCollection* actions() const { return m_actions; }

private:
    void buildMenus();
    void buildToolBar();
    void updateActions();
    void updateTitle();
    void updatePages();
    void updateStatus();
    void showRowMenu(const QPoint& globalPos);
    void showUsersDialog();
    void showInactiveTokens();
    void showStoreSettings();
    void onOpenFailed(const QString& path, const Error& error);
    void noteFailure(const Error& error);
    void openRecent(const QString& entry);
    void withCurrent(void (TokenOperations::*operation)(const Token&));

    StoreSession* m_session;
    AuditHeadWatch* m_auditWatch;
    TokenTableModel* m_model;
    ActionCollection* m_actions;
    RecentStores* m_recent;
    RecentStoresMenu* m_recentMenu;
    ServerCredentials* m_credentials;
    ServerConnector* m_connector;
    Banner* m_banner;
    TokenFilterBar* m_filterBar;
    QStackedWidget* m_pages;
    EmptyStatePanel* m_emptyState;
    QSplitter* m_splitter;
    TokenTableView* m_table;
    TokenDetailsPanel* m_details;
    TokenOperations* m_operations;
    BulkOperations* m_bulk;
    TokenExportFlow* m_exportFlow;
    ExpiryReminder* m_expiryReminder;
    BusyIndicator* m_busy;
    QLabel* m_countLabel;
    QLabel* m_userLabel;
    QLabel* m_storeLabel;
    QPointer<UsersDialog> m_usersDialog;
};

} // namespace tokendesk::ui
