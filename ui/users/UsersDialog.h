// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/backend/Backend.h"

#include <QDialog>

#include <functional>
#include <memory>
#include <optional>

class QAction;
class QPushButton;
class QSortFilterProxyModel;
class QTabWidget;
class QTableView;

namespace tokendesk {
class NoticeListModel;
class RequestTracker;
class UserListModel;
} // namespace tokendesk

namespace tokendesk::ui {

class Banner;
class BusyIndicator;

// Who may use the store, and the creation notices queued for its admins. Adds and removes
// users through the Backend; results and errors appear in a message line inside the dialog.
// Every answer arrives through a context-guarded continuation, so closing the dialog while the
// backend works is safe.
class UsersDialog : public QDialog
{
    Q_OBJECT

public:
    enum Tab
    {
        UsersTab,
        NoticesTab
    };

    // Answers "remove this user?"; true goes ahead. The default asks with a message box (opened
    // without blocking); tests pre-answer here.
    using RemovalConfirmer = std::function<bool(const User&)>;

    explicit UsersDialog(std::shared_ptr<Backend> backend, QWidget* parent = nullptr);
    ~UsersDialog() override;

    void setRemovalConfirmer(RemovalConfirmer confirmer) { m_confirmRemoval = std::move(confirmer); }

    // Asks the backend for the users and the notices again.
    void reload();
    bool isBusy() const;
    bool usersLoaded() const { return m_usersLoaded; }
    bool noticesLoaded() const { return m_noticesLoaded; }
    UserListModel* userModel() const { return m_users; }
    NoticeListModel* noticeModel() const { return m_notices; }
    // The text of the message line while it is shown, else empty.
    QString message() const;

    void showTab(Tab tab);
    QAction* addUserAction() const { return m_addAction; }
    QAction* removeUserAction() const { return m_removeAction; }
    QAction* setEmailAction() const { return m_emailAction; }

Q_SIGNALS:
    // After a user was added or removed, so the owner can refresh what depends on users.
    void usersChanged();

private:
    void buildUsersTab(QWidget* page);
    void buildNoticesTab(QWidget* page);
    void reloadUsers();
    void reloadNotices();
    void openAddUser();
    void addUser(const User& user);
    void removeSelected();
    void askToRemove(const User& user);
    void removeUser(const QString& name);
    void openSetEmail();
    void setEmail(const QString& name, const QString& address);
    void showError(const Error& error);
    void updateActions();
    std::optional<User> selectedUser() const;
    std::optional<User> actingUser() const;

    std::shared_ptr<Backend> m_backend;
    RemovalConfirmer m_confirmRemoval;
    UserListModel* m_users;
    NoticeListModel* m_notices;
    QSortFilterProxyModel* m_noticeSort;
    Banner* m_message;
    BusyIndicator* m_busy;
    QTabWidget* m_tabs;
    QTableView* m_userTable;
    QTableView* m_noticeTable;
    QPushButton* m_addButton;
    QPushButton* m_removeButton;
    QPushButton* m_emailButton;
    QAction* m_addAction;
    QAction* m_removeAction;
    QAction* m_emailAction;
    // One tracker per list, so an older answer arriving late never overwrites a newer one of
    // the same list; adding and removing users count with the users.
    RequestTracker* m_userRequests;
    RequestTracker* m_noticeRequests;
    bool m_usersLoaded = false;
    bool m_noticesLoaded = false;
};

} // namespace tokendesk::ui
