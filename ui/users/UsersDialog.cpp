// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/users/UsersDialog.h"

#include "models/core/RequestTracker.h"
#include "models/notices/NoticeListModel.h"
#include "models/users/UserListModel.h"
#include "ui/users/AddUserDialog.h"
#include "ui/widgets/Banner.h"
#include "ui/widgets/BusyIndicator.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace tokendesk::ui {

namespace {

QLabel* makeIntro(const QString& text, const QString& objectName, QWidget* parent)
{
    auto* label = new QLabel(text, parent);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    return label;
}

void setUpTable(QTableView* table)
{
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    // Tab leaves the table for the buttons instead of walking its cells.
    table->setTabKeyNavigation(false);
    table->setAlternatingRowColors(true);
    table->setWordWrap(false);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setStretchLastSection(true);
    table->horizontalHeader()->setHighlightSections(false);
}

} // namespace

UsersDialog::UsersDialog(std::shared_ptr<Backend> backend, QWidget* parent)
    : QDialog(parent), m_backend(std::move(backend)), m_users(new UserListModel(this)),
      m_notices(new NoticeListModel(this)), m_noticeSort(new QSortFilterProxyModel(this)),
      m_userRequests(new RequestTracker(this)), m_noticeRequests(new RequestTracker(this))
{
    setObjectName(QStringLiteral("usersDialog"));
    setWindowTitle(tr("Users & Notices"));
    setAccessibleName(tr("Users and notices"));

    m_message = new Banner(this);
    m_message->setObjectName(QStringLiteral("usersMessage"));

    m_addAction = new QAction(tr("&Add user…"), this);
    m_addAction->setObjectName(QStringLiteral("addUserAction"));
    m_addAction->setShortcut(QKeySequence::New);
    m_addAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(m_addAction);
    m_removeAction = new QAction(tr("&Remove user"), this);
    m_removeAction->setObjectName(QStringLiteral("removeUserAction"));
    m_removeAction->setShortcut(QKeySequence::Delete);
    m_removeAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);

    m_emailAction = new QAction(tr("Set mail &address…"), this);
    m_emailAction->setObjectName(QStringLiteral("setEmailAction"));

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("usersTabs"));
    m_tabs->setAccessibleName(tr("Users and notices"));
    auto* usersPage = new QWidget(m_tabs);
    usersPage->setObjectName(QStringLiteral("usersPage"));
    buildUsersTab(usersPage);
    auto* noticesPage = new QWidget(m_tabs);
    noticesPage->setObjectName(QStringLiteral("noticesPage"));
    buildNoticesTab(noticesPage);
    m_tabs->addTab(usersPage, tr("&Users"));
    m_tabs->addTab(noticesPage, tr("&Notices"));

    m_busy = new BusyIndicator(this);
    m_busy->setObjectName(QStringLiteral("usersBusy"));
    m_busy->watch(m_userRequests);
    m_busy->watch(m_noticeRequests);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton* close = buttons->button(QDialogButtonBox::Close);
    close->setObjectName(QStringLiteral("closeButton"));
    close->setAccessibleName(tr("Close"));
    // Enter in a table must not close the dialog.
    close->setAutoDefault(false);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* bottom = new QHBoxLayout;
    bottom->addWidget(m_busy);
    bottom->addStretch(1);
    bottom->addWidget(buttons);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_message);
    layout->addWidget(m_tabs, 1);
    layout->addLayout(bottom);

    // Creation order already is the tab order (tabs, list, its buttons, Close). No setTabOrder:
    // the pages are the tab widget's descendants, and ordering a child after its own ancestor
    // cuts it out of the focus chain.
    m_userTable->setFocus();

    connect(m_addAction, &QAction::triggered, this, &UsersDialog::openAddUser);
    connect(m_removeAction, &QAction::triggered, this, &UsersDialog::removeSelected);
    connect(m_emailAction, &QAction::triggered, this, &UsersDialog::openSetEmail);
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int index) {
        // Notices arrive with every generate and rotate, also from other consoles: refresh on view.
        if (index == NoticesTab)
            reloadNotices();
    });
    connect(m_users, &QAbstractItemModel::modelReset, this, &UsersDialog::updateActions);
    connect(m_userTable->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &UsersDialog::updateActions);

    resize(760, 460);
    updateActions();
    reload();
}

UsersDialog::~UsersDialog() = default;

void UsersDialog::buildUsersTab(QWidget* page)
{
    QLabel* intro = makeIntro(tr("People who can use this store. Removing a user never revokes their tokens: "
                                 "tokens belong to the organisation."),
                              QStringLiteral("usersIntro"), page);

    m_userTable = new QTableView(page);
    m_userTable->setObjectName(QStringLiteral("userTable"));
    m_userTable->setAccessibleName(tr("Users"));
    setUpTable(m_userTable);
    m_userTable->setModel(m_users);
    m_userTable->addAction(m_removeAction);
    // The name takes the room; the yes/no columns stay as wide as their headers plus a margin.
    QHeaderView* header = m_userTable->horizontalHeader();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(UserListModel::Name, QHeaderView::Stretch);
    header->setSectionResizeMode(UserListModel::Email, QHeaderView::Stretch);
    for (int column : {int(UserListModel::Admin), int(UserListModel::ApiAccess)}) {
        const QString title = m_users->headerData(column, Qt::Horizontal).toString();
        header->setSectionResizeMode(column, QHeaderView::Fixed);
        header->resizeSection(column, header->fontMetrics().horizontalAdvance(title) +
                                          4 * header->fontMetrics().averageCharWidth() + 16);
    }

    m_addButton = new QPushButton(m_addAction->text(), page);
    m_addButton->setObjectName(QStringLiteral("addUserButton"));
    m_addButton->setAccessibleName(tr("Add user"));
    m_addButton->setAutoDefault(false);
    connect(m_addButton, &QPushButton::clicked, m_addAction, &QAction::trigger);
    m_emailButton = new QPushButton(m_emailAction->text(), page);
    m_emailButton->setObjectName(QStringLiteral("setEmailButton"));
    m_emailButton->setAccessibleName(tr("Set mail address"));
    m_emailButton->setAutoDefault(false);
    connect(m_emailButton, &QPushButton::clicked, m_emailAction, &QAction::trigger);
    m_removeButton = new QPushButton(m_removeAction->text(), page);
    m_removeButton->setObjectName(QStringLiteral("removeUserButton"));
    m_removeButton->setAccessibleName(tr("Remove user"));
    m_removeButton->setAutoDefault(false);
    connect(m_removeButton, &QPushButton::clicked, m_removeAction, &QAction::trigger);

    auto* actions = new QHBoxLayout;
    actions->addWidget(m_addButton);
    actions->addWidget(m_emailButton);
    actions->addWidget(m_removeButton);
    actions->addStretch(1);
    auto* layout = new QVBoxLayout(page);
    layout->addWidget(intro);
    layout->addWidget(m_userTable, 1);
    layout->addLayout(actions);
}

void UsersDialog::buildNoticesTab(QWidget* page)
{
    QLabel* intro = makeIntro(tr("Every admin is told when a token is generated or rotated. Notices wait "
                                 "here as queued until they are delivered."),
                              QStringLiteral("noticesIntro"), page);

    m_noticeSort->setSourceModel(m_notices);
    m_noticeSort->setSortRole(NoticeListModel::SortRole);
    m_noticeTable = new QTableView(page);
    m_noticeTable->setObjectName(QStringLiteral("noticeTable"));
    m_noticeTable->setAccessibleName(tr("Notices"));
    setUpTable(m_noticeTable);
    m_noticeTable->setModel(m_noticeSort);
    m_noticeTable->setSortingEnabled(true);
    m_noticeTable->sortByColumn(NoticeListModel::Time, Qt::DescendingOrder);
    m_noticeTable->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_noticeTable->horizontalHeader()->setSectionResizeMode(NoticeListModel::Label, QHeaderView::Stretch);

    auto* layout = new QVBoxLayout(page);
    layout->addWidget(intro);
    layout->addWidget(m_noticeTable, 1);
}

QString UsersDialog::message() const
{
    return m_message->isVisible() ? m_message->text() : QString();
}

void UsersDialog::showTab(Tab tab)
{
    m_tabs->setCurrentIndex(tab);
}

void UsersDialog::reload()
{
    reloadUsers();
    reloadNotices();
}

bool UsersDialog::isBusy() const
{
    return m_userRequests->isBusy() || m_noticeRequests->isBusy();
}

void UsersDialog::reloadUsers()
{
    if (!m_backend)
        return;
    whenCurrent(m_backend->users(), this, m_userRequests->startLatest(), [this](Result<QList<User>> users) {
        if (!users.ok()) {
            showError(users.error());
            return;
        }
        // Keep the selection on the same person across the reset.
        const std::optional<User> selected = selectedUser();
        const bool first = !m_usersLoaded;
        m_usersLoaded = true;
        m_users->setUsers(std::move(users).value());
        if (selected) {
            const int row = m_users->rowOf(selected->name);
            if (row >= 0)
                m_userTable->selectRow(row);
        }
        const std::optional<User> me = actingUser();
        if (first && !(me && me->admin)) {
            m_message->showMessage(
                Banner::Kind::Info,
                tr("Only admins can add or remove users; '%1' is not an admin.").arg(m_backend->actor()));
        }
    });
}

void UsersDialog::reloadNotices()
{
    if (!m_backend)
        return;
    whenCurrent(m_backend->notices(), this, m_noticeRequests->startLatest(),
                [this](Result<QList<Notice>> notices) {
                    if (!notices.ok()) {
                        showError(notices.error());
                        return;
                    }
                    m_noticesLoaded = true;
                    m_notices->setNotices(std::move(notices).value());
                });
}

void UsersDialog::openAddUser()
{
    QStringList names;
    for (const User& user : m_users->users())
        names.append(user.name);
    auto* dialog = new AddUserDialog(names, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { addUser(dialog->user()); });
    dialog->open();
}

void UsersDialog::addUser(const User& user)
{
    whenDone(m_backend->addUser(user), this, m_userRequests->start(), [this](const Result<User>& added) {
        if (!added.ok()) {
            showError(added.error());
            return;
        }
        m_message->showMessage(Banner::Kind::Success, tr("User '%1' added").arg(added->name));
        reload();
        Q_EMIT usersChanged();
    });
}

void UsersDialog::removeSelected()
{
    if (const std::optional<User> user = selectedUser(); user && m_removeAction->isEnabled())
        askToRemove(*user);
}

void UsersDialog::askToRemove(const User& user)
{
    if (m_confirmRemoval) {
        if (m_confirmRemoval(user))
            removeUser(user.name);
        return;
    }
    const bool self = user.name == m_backend->actor();
    const QString consequence = self ? tr("This is you: this console will lose access to the store.")
                                     : tr("'%1' will no longer be able to use this store.").arg(user.name);
    auto* box = new QMessageBox(QMessageBox::Warning, tr("Remove User"),
                                tr("Remove the user '%1'?").arg(user.name), QMessageBox::NoButton, this);
    box->setObjectName(QStringLiteral("removeUserConfirmation"));
    box->setAccessibleName(tr("Remove user"));
    box->setTextFormat(Qt::PlainText);
    box->setInformativeText(tr("%1 Tokens they created stay with the organisation and keep working; "
                               "revoke them separately if they should stop.")
                                .arg(consequence));
    QPushButton* remove = box->addButton(tr("Remove user"), QMessageBox::DestructiveRole);
    remove->setObjectName(QStringLiteral("confirmRemoveButton"));
    remove->setAccessibleName(tr("Remove user"));
    QPushButton* cancel = box->addButton(QMessageBox::Cancel);
    cancel->setObjectName(QStringLiteral("cancelRemoveButton"));
    cancel->setAccessibleName(tr("Cancel"));
    box->setDefaultButton(cancel);
    box->setEscapeButton(cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, box, remove, name = user.name] {
        if (box->clickedButton() == remove)
            removeUser(name);
    });
    box->open();
}

void UsersDialog::removeUser(const QString& name)
{
    whenDone(m_backend->removeUser(name), this, m_userRequests->start(),
             [this, name](const Result<Unit>& removed) {
                 if (!removed.ok()) {
                     showError(removed.error());
                     return;
                 }
                 m_message->showMessage(
                     Banner::Kind::Success,
                     tr("User '%1' removed; their tokens stay with the organisation").arg(name));
                 reload();
                 Q_EMIT usersChanged();
             });
}

void UsersDialog::openSetEmail()
{
    const std::optional<User> user = selectedUser();
    if (!user || !m_emailAction->isEnabled())
        return;
    auto* input = new QInputDialog(this);
    input->setObjectName(QStringLiteral("emailInput"));
    input->setWindowTitle(tr("Mail Address"));
    input->setLabelText(tr("Where notices for '%1' are mailed (left empty: the name if it is an address, "
                           "else the name at the server's mail domain):")
                            .arg(user->name));
    input->setTextValue(user->email);
    input->setAttribute(Qt::WA_DeleteOnClose);
    connect(input, &QInputDialog::textValueSelected, this,
            [this, name = user->name](const QString& address) { setEmail(name, address); });
    input->open();
}

void UsersDialog::setEmail(const QString& name, const QString& address)
{
    whenDone(m_backend->setUserEmail(name, address), this, m_userRequests->start(),
             [this](const Result<User>& changed) {
                 if (!changed.ok()) {
                     showError(changed.error());
                     return;
                 }
                 m_message->showMessage(
                     Banner::Kind::Success,
                     changed->email.isEmpty()
                         ? tr("Notices for '%1' go to the address made from the name").arg(changed->name)
                         : tr("Notices for '%1' go to %2").arg(changed->name, changed->email));
                 reloadUsers();
             });
}

void UsersDialog::showError(const Error& error)
{
    m_message->showMessage(Banner::Kind::Error, error.message);
}

std::optional<User> UsersDialog::selectedUser() const
{
    const QModelIndexList rows = m_userTable->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return std::nullopt;
    return m_users->userAt(rows.first().row());
}

std::optional<User> UsersDialog::actingUser() const
{
    if (!m_backend)
        return std::nullopt;
    return m_users->userAt(m_users->rowOf(m_backend->actor()));
}

// Enabled state and the tooltip that says why not, mirrored on the buttons (which, unlike
// QToolButton, cannot show an action directly).
void UsersDialog::updateActions()
{
    const std::optional<User> me = actingUser();
    const bool admin = me && me->admin;
    const std::optional<User> selected = selectedUser();

    m_addAction->setEnabled(admin);
    m_addAction->setToolTip(!m_usersLoaded ? tr("Loading users…")
                            : admin        ? tr("Add a user to this store (%1)")
                                          .arg(m_addAction->shortcut().toString(QKeySequence::NativeText))
                                    : tr("Only admins can add users"));
    m_removeAction->setEnabled(admin && selected.has_value());
    m_removeAction->setToolTip(!admin      ? tr("Only admins can remove users")
                               : !selected ? tr("Select a user to remove")
                                           : tr("Remove '%1'; their tokens stay with the organisation (%2)")
                                                 .arg(selected->name, m_removeAction->shortcut().toString(
                                                                          QKeySequence::NativeText)));
    m_emailAction->setEnabled(admin && selected.has_value());
    m_emailAction->setToolTip(!admin      ? tr("Only admins can change where notices are mailed")
                              : !selected ? tr("Select a user first")
                                          : tr("Set where notices for '%1' are mailed").arg(selected->name));
    m_emailButton->setEnabled(m_emailAction->isEnabled());
    m_emailButton->setToolTip(m_emailAction->toolTip());
    m_addButton->setEnabled(m_addAction->isEnabled());
    m_addButton->setToolTip(m_addAction->toolTip());
    m_removeButton->setEnabled(m_removeAction->isEnabled());
    m_removeButton->setToolTip(m_removeAction->toolTip());
}

} // namespace tokendesk::ui
