// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/users/UsersDialog.h"

#include "models/notices/NoticeListModel.h"
#include "models/users/UserListModel.h"
#include "tests/gui/GuiTestSupport.h"
#include "ui/users/AddUserDialog.h"
#include "ui/widgets/ErrorLabel.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QCheckBox>
#include <QDir>
#include <QInputDialog>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QTableView>
#include <QTest>

namespace tokendesk::test {

namespace {

class UsersDialogTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        m_backend = awaitOk(SqlBackend::create(m_dir.file(QStringLiteral("users.tokendesk")),
                                               StoreCreateOptions{QStringLiteral("alice"), 3}));
    }

    void TearDown() override
    {
        m_dialog.reset();
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    }

    // A fresh dialog, shown, active and loaded.
    ui::UsersDialog& openDialog(const std::shared_ptr<Backend>& backend = {})
    {
        m_dialog = std::make_unique<ui::UsersDialog>(backend ? backend : m_backend);
        m_dialog->show();
        QApplication::setActiveWindow(m_dialog.get());
        EXPECT_TRUE(QTest::qWaitForWindowActive(m_dialog.get()));
        EXPECT_TRUE(waitIdle());
        return *m_dialog;
    }

    bool waitIdle()
    {
        return waitUntil([this] { return m_dialog->usersLoaded() && !m_dialog->isBusy(); });
    }

    QStringList names() const
    {
        QStringList result;
        for (const User& user : m_dialog->userModel()->users())
            result.append(user.name);
        return result;
    }

    QString cell(const QString& name, int column) const
    {
        const UserListModel* model = m_dialog->userModel();
        return model->index(model->rowOf(name), column).data().toString();
    }

    template <typename T> T* child(const QString& objectName) const
    {
        T* found = childOf<T>(m_dialog.get(), objectName);
        EXPECT_NE(found, nullptr) << qPrintable(objectName);
        return found;
    }

    ui::AddUserDialog* openAddUser()
    {
        QTest::mouseClick(child<QPushButton>(QStringLiteral("addUserButton")), Qt::LeftButton);
        auto* dialog = waitForTopLevel<ui::AddUserDialog>(QStringLiteral("addUserDialog"));
        if (dialog) {
            QApplication::setActiveWindow(dialog);
            EXPECT_TRUE(QTest::qWaitForWindowActive(dialog));
        }
        return dialog;
    }

    void selectUser(const QString& name)
    {
        auto* table = child<QTableView>(QStringLiteral("userTable"));
        const int row = m_dialog->userModel()->rowOf(name);
        ASSERT_GE(row, 0) << qPrintable(name);
        table->setFocus();
        table->selectRow(row);
    }

    User userNamed(const QString& name)
    {
        for (const User& user : awaitOk(m_backend->users()))
            if (user.name == name)
                return user;
        return {};
    }

    bool waitForMessage(const QString& text)
    {
        const bool shown = waitUntil([&] { return m_dialog->message() == text; });
        EXPECT_EQ(m_dialog->message(), text);
        return shown;
    }

    TempDir m_dir;
    std::shared_ptr<SqlBackend> m_backend;
    std::unique_ptr<ui::UsersDialog> m_dialog;
};

} // namespace

TEST_F(UsersDialogTest, ListsTheFirstAdmin)
{
    openDialog();
    EXPECT_EQ(names(), QStringList{QStringLiteral("alice")});
    EXPECT_EQ(cell(QStringLiteral("alice"), UserListModel::Admin), QStringLiteral("Yes"));
    EXPECT_EQ(cell(QStringLiteral("alice"), UserListModel::ApiAccess), QStringLiteral("Yes"));
    EXPECT_TRUE(child<QPushButton>(QStringLiteral("addUserButton"))->isEnabled());
    // Nothing selected yet: nothing to remove, and the button says why.
    auto* remove = child<QPushButton>(QStringLiteral("removeUserButton"));
    EXPECT_FALSE(remove->isEnabled());
    EXPECT_FALSE(remove->toolTip().isEmpty());
    EXPECT_TRUE(m_dialog->message().isEmpty());
}

TEST_F(UsersDialogTest, AddsAUserWithTheAdminFlag)
{
    openDialog();
    ui::AddUserDialog* add = openAddUser();
    ASSERT_NE(add, nullptr);
    auto* addButton = childOf<QPushButton>(add, QStringLiteral("addButton"));
    EXPECT_FALSE(addButton->isEnabled()); // nothing typed yet
    QTest::keyClicks(childOf<QLineEdit>(add, QStringLiteral("userNameField")), QStringLiteral("bob"));
    childOf<QCheckBox>(add, QStringLiteral("adminCheck"))->setChecked(true);
    ASSERT_TRUE(addButton->isEnabled());
    QTest::mouseClick(addButton, Qt::LeftButton);

    ASSERT_TRUE(waitForMessage(QStringLiteral("User 'bob' added")));
    ASSERT_TRUE(waitUntil([this] { return names().contains(QStringLiteral("bob")); }));
    EXPECT_EQ(names(), (QStringList{QStringLiteral("alice"), QStringLiteral("bob")}));
    EXPECT_EQ(cell(QStringLiteral("bob"), UserListModel::Admin), QStringLiteral("Yes"));
    EXPECT_EQ(cell(QStringLiteral("bob"), UserListModel::ApiAccess), QStringLiteral("No"));
    EXPECT_TRUE(awaitOk(m_backend->users()).contains(User{QStringLiteral("bob"), true, false}));
}

TEST_F(UsersDialogTest, InvalidNameShowsInlineErrorAndDisablesAdd)
{
    openDialog();
    ui::AddUserDialog* add = openAddUser();
    ASSERT_NE(add, nullptr);
    auto* field = childOf<QLineEdit>(add, QStringLiteral("userNameField"));
    auto* error = childOf<ui::ErrorLabel>(add, QStringLiteral("userNameError"));
    auto* addButton = childOf<QPushButton>(add, QStringLiteral("addButton"));

    QTest::keyClicks(field, QStringLiteral("bob smith"));
    EXPECT_TRUE(error->isVisible());
    EXPECT_FALSE(error->text().isEmpty());
    EXPECT_EQ(field->accessibleDescription(), error->text());
    EXPECT_FALSE(addButton->isEnabled());
    // Enter does not get past the check either.
    QTest::keyClick(field, Qt::Key_Return);
    EXPECT_TRUE(add->isVisible());

    field->clear();
    QTest::keyClicks(field, QStringLiteral("alice"));
    EXPECT_EQ(error->text(), QStringLiteral("There is already a user 'alice'."));
    EXPECT_FALSE(addButton->isEnabled());

    field->clear();
    QTest::keyClicks(field, QStringLiteral("bob.smith"));
    EXPECT_FALSE(error->isVisible());
    EXPECT_TRUE(field->accessibleDescription().isEmpty());
    EXPECT_TRUE(addButton->isEnabled());
    QTest::keyClick(add, Qt::Key_Escape);
    EXPECT_EQ(names(), QStringList{QStringLiteral("alice")});
}

TEST_F(UsersDialogTest, AddingANameTakenMeanwhileShowsTheErrorInline)
{
    openDialog();
    ui::AddUserDialog* add = openAddUser();
    ASSERT_NE(add, nullptr);
    // Another console adds carol while this dialog is open.
    awaitOk(m_backend->addUser(User{QStringLiteral("carol"), false, false}));
    QTest::keyClicks(childOf<QLineEdit>(add, QStringLiteral("userNameField")), QStringLiteral("carol"));
    QTest::mouseClick(childOf<QPushButton>(add, QStringLiteral("addButton")), Qt::LeftButton);
    EXPECT_TRUE(waitForMessage(QStringLiteral("There is already a user 'carol'.")));
    EXPECT_TRUE(m_dialog->isVisible());
}

TEST_F(UsersDialogTest, RemovingAUserKeepsTheirTokensWorking)
{
    awaitOk(m_backend->addUser(User{QStringLiteral("bob"), true, true}));
    const GeneratedToken bobs =
        awaitOk(m_backend->withActor(QStringLiteral("bob"))
                    ->generate(TokenSpec{QStringLiteral("bob-ci"), Role::Developer, {}}));
    openDialog();
    QStringList asked;
    m_dialog->setRemovalConfirmer([&](const User& user) {
        asked.append(user.name);
        return true;
    });
    selectUser(QStringLiteral("bob"));
    ASSERT_TRUE(m_dialog->removeUserAction()->isEnabled());
    // The keyboard route: Delete on the selected row.
    QTest::keyClick(child<QTableView>(QStringLiteral("userTable")), Qt::Key_Delete);

    EXPECT_EQ(asked, QStringList{QStringLiteral("bob")});
    ASSERT_TRUE(
        waitForMessage(QStringLiteral("User 'bob' removed; their tokens stay with the organisation")));
    ASSERT_TRUE(waitUntil([this] { return !names().contains(QStringLiteral("bob")); }));
    EXPECT_EQ(names(), QStringList{QStringLiteral("alice")});

    const Token kept = awaitOk(m_backend->get(bobs.token.id));
    EXPECT_EQ(kept.label, QStringLiteral("bob-ci"));
    EXPECT_EQ(kept.createdBy, QStringLiteral("bob"));
    EXPECT_EQ(awaitOk(m_backend->verify(bobs.secret)).id, bobs.token.id);
}

TEST_F(UsersDialogTest, ConfirmationNamesTheVerbDefaultsToCancelAndSaysTokensStay)
{
    awaitOk(m_backend->addUser(User{QStringLiteral("bob"), false, false}));
    openDialog();
    selectUser(QStringLiteral("bob"));

    QTest::mouseClick(child<QPushButton>(QStringLiteral("removeUserButton")), Qt::LeftButton);
    auto* box = waitForTopLevel<QMessageBox>(QStringLiteral("removeUserConfirmation"));
    ASSERT_NE(box, nullptr);
    auto* confirm = childOf<QPushButton>(box, QStringLiteral("confirmRemoveButton"));
    auto* cancel = childOf<QPushButton>(box, QStringLiteral("cancelRemoveButton"));
    ASSERT_NE(confirm, nullptr);
    ASSERT_NE(cancel, nullptr);
    EXPECT_EQ(confirm->text(), QStringLiteral("Remove user"));
    EXPECT_EQ(box->defaultButton(), cancel);
    EXPECT_TRUE(box->text().contains(QStringLiteral("'bob'")));
    EXPECT_TRUE(box->informativeText().contains(
        QStringLiteral("Tokens they created stay with the organisation and keep working")));

    QTest::mouseClick(cancel, Qt::LeftButton);
    ASSERT_TRUE(waitUntil([] { return !findTopLevel(QStringLiteral("removeUserConfirmation")); }));
    ASSERT_TRUE(waitIdle());
    EXPECT_TRUE(names().contains(QStringLiteral("bob")));

    m_dialog->removeUserAction()->trigger();
    box = waitForTopLevel<QMessageBox>(QStringLiteral("removeUserConfirmation"));
    ASSERT_NE(box, nullptr);
    QTest::mouseClick(childOf<QPushButton>(box, QStringLiteral("confirmRemoveButton")), Qt::LeftButton);
    ASSERT_TRUE(
        waitForMessage(QStringLiteral("User 'bob' removed; their tokens stay with the organisation")));
    EXPECT_TRUE(waitUntil([this] { return !names().contains(QStringLiteral("bob")); }));
}

TEST_F(UsersDialogTest, RemovingTheLastAdminShowsTheError)
{
    openDialog();
    m_dialog->setRemovalConfirmer([](const User&) { return true; });
    selectUser(QStringLiteral("alice"));
    m_dialog->removeUserAction()->trigger();
    ASSERT_TRUE(waitUntil([this] { return !m_dialog->message().isEmpty(); }));
    EXPECT_EQ(m_dialog->message(),
              QStringLiteral("'alice' is the last admin with API access; add another one first."));
    ASSERT_TRUE(waitIdle());
    EXPECT_EQ(names(), QStringList{QStringLiteral("alice")});
    EXPECT_TRUE(m_dialog->isVisible());
}

TEST_F(UsersDialogTest, NonAdminsSeeWhyTheyCannotChangeUsers)
{
    awaitOk(m_backend->addUser(User{QStringLiteral("dave"), false, false}));
    openDialog(m_backend->withActor(QStringLiteral("dave")));
    EXPECT_EQ(names(), (QStringList{QStringLiteral("alice"), QStringLiteral("dave")}));
    auto* add = child<QPushButton>(QStringLiteral("addUserButton"));
    auto* remove = child<QPushButton>(QStringLiteral("removeUserButton"));
    EXPECT_FALSE(add->isEnabled());
    EXPECT_EQ(add->toolTip(), QStringLiteral("Only admins can add users"));
    selectUser(QStringLiteral("alice"));
    EXPECT_FALSE(remove->isEnabled());
    EXPECT_EQ(remove->toolTip(), QStringLiteral("Only admins can remove users"));
    EXPECT_EQ(m_dialog->message(),
              QStringLiteral("Only admins can add or remove users; 'dave' is not an admin."));
}

TEST_F(UsersDialogTest, PermissionDeniedFromTheBackendIsShownInline)
{
    awaitOk(m_backend->addUser(User{QStringLiteral("bob"), true, true}));
    auto asBob = m_backend->withActor(QStringLiteral("bob"));
    openDialog(asBob);
    // Bob loses his admin rights elsewhere while the dialog is open: removal is refused.
    awaitOk(m_backend->removeUser(QStringLiteral("bob")));
    m_dialog->setRemovalConfirmer([](const User&) { return true; });
    selectUser(QStringLiteral("alice"));
    m_dialog->removeUserAction()->trigger();
    ASSERT_TRUE(waitUntil([this] { return !m_dialog->message().isEmpty(); }));
    EXPECT_EQ(m_dialog->message(), QStringLiteral("'bob' is not a user of this store."));
    EXPECT_TRUE(m_dialog->isVisible());
}

TEST_F(UsersDialogTest, NoticesTabShowsOneRowPerAdminAfterAGenerate)
{
    awaitOk(m_backend->addUser(User{QStringLiteral("bob"), true, false}));
    awaitOk(m_backend->addUser(User{QStringLiteral("dave"), false, false}));
    openDialog();
    const GeneratedToken generated =
        awaitOk(m_backend->generate(TokenSpec{QStringLiteral("ci-deploy"), Role::Developer, {}}));

    // Switching to the tab fetches what arrived since the dialog opened.
    m_dialog->showTab(ui::UsersDialog::NoticesTab);
    const NoticeListModel* model = m_dialog->noticeModel();
    ASSERT_TRUE(waitUntil([&] { return model->rowCount() == 2 && !m_dialog->isBusy(); }));

    QStringList recipients;
    for (int row = 0; row < model->rowCount(); ++row) {
        recipients.append(model->index(row, NoticeListModel::Recipient).data().toString());
        EXPECT_EQ(model->index(row, NoticeListModel::Kind).data().toString(), QStringLiteral("Generated"));
        EXPECT_EQ(model->index(row, NoticeListModel::Label).data().toString(), QStringLiteral("ci-deploy"));
        EXPECT_EQ(model->index(row, NoticeListModel::Token).data().toString(), generated.token.masked);
        EXPECT_EQ(model->index(row, NoticeListModel::CreatedBy).data().toString(), QStringLiteral("alice"));
        const QModelIndex time = model->index(row, NoticeListModel::Time);
        EXPECT_FALSE(time.data().toString().isEmpty());
        EXPECT_TRUE(time.data(Qt::ToolTipRole).toString().endsWith(QStringLiteral(" UTC")));
        EXPECT_EQ(time.data(NoticeListModel::SortRole).toDateTime(), model->notices().at(row).createdAt);
        EXPECT_EQ(model->index(row, NoticeListModel::Delivery).data().toString(),
                  model->notices().at(row).delivered ? QStringLiteral("Delivered")
                                                     : QStringLiteral("Queued"));
    }
    recipients.sort();
    EXPECT_EQ(recipients, (QStringList{QStringLiteral("alice"), QStringLiteral("bob")}));
    EXPECT_EQ(child<QTableView>(QStringLiteral("noticeTable"))->model()->rowCount(), 2);
}

TEST_F(UsersDialogTest, ClosingWhileTheBackendWorksIsSafe)
{
    m_dialog = std::make_unique<ui::UsersDialog>(m_backend);
    m_dialog.reset(); // the answers for users() and notices() arrive after the dialog is gone
    awaitOk(m_backend->users());
    QTest::qWait(50);
    SUCCEED();
}

TEST_F(UsersDialogTest, AMailAddressIsGivenOnAddingCheckedInlineAndSetLater)
{
    openDialog();
    ui::AddUserDialog* add = openAddUser();
    ASSERT_NE(add, nullptr);
    auto* email = childOf<QLineEdit>(add, QStringLiteral("emailField"));
    auto* error = childOf<ui::ErrorLabel>(add, QStringLiteral("emailError"));
    auto* addButton = childOf<QPushButton>(add, QStringLiteral("addButton"));
    QTest::keyClicks(childOf<QLineEdit>(add, QStringLiteral("userNameField")), QStringLiteral("bob"));
    QTest::keyClicks(email, QStringLiteral("bob at example.org"));
    EXPECT_TRUE(error->isVisible());
    EXPECT_TRUE(error->text().startsWith(QStringLiteral("The mail address must look like")))
        << qPrintable(error->text());
    EXPECT_FALSE(addButton->isEnabled());
    email->clear();
    QTest::keyClicks(email, QStringLiteral("bob@example.org"));
    EXPECT_FALSE(error->isVisible());
    ASSERT_TRUE(addButton->isEnabled());
    QTest::mouseClick(addButton, Qt::LeftButton);
    ASSERT_TRUE(waitForMessage(QStringLiteral("User 'bob' added")));
    ASSERT_TRUE(waitUntil([this] {
        return cell(QStringLiteral("bob"), UserListModel::Email) == QStringLiteral("bob@example.org");
    }));

    // Set later through the Set Mail Address… button and its input.
    ASSERT_TRUE(waitIdle());
    selectUser(QStringLiteral("bob"));
    auto* setButton = child<QPushButton>(QStringLiteral("setEmailButton"));
    ASSERT_TRUE(setButton->isEnabled()) << qPrintable(setButton->toolTip());
    QTest::mouseClick(setButton, Qt::LeftButton);
    auto* input = waitForTopLevel<QInputDialog>(QStringLiteral("emailInput"));
    ASSERT_NE(input, nullptr);
    EXPECT_EQ(input->textValue(), QStringLiteral("bob@example.org"));
    EXPECT_TRUE(input->labelText().contains(QStringLiteral("'bob'")));
    input->setTextValue(QStringLiteral("bob.ops@mail.example.org"));
    input->accept();
    ASSERT_TRUE(waitForMessage(QStringLiteral("Notices for 'bob' go to bob.ops@mail.example.org")));
    ASSERT_TRUE(waitUntil([this] {
        return cell(QStringLiteral("bob"), UserListModel::Email) ==
               QStringLiteral("bob.ops@mail.example.org");
    }));

    // A hostile address comes back as the store's error; nothing changes.
    ASSERT_TRUE(waitIdle());
    selectUser(QStringLiteral("bob"));
    QTest::mouseClick(setButton, Qt::LeftButton);
    input = waitForTopLevel<QInputDialog>(QStringLiteral("emailInput"));
    ASSERT_NE(input, nullptr);
    input->setTextValue(QStringLiteral("x@example.org\r\nBcc: all@example.org"));
    input->accept();
    ASSERT_TRUE(
        waitUntil([this] { return m_dialog->message().startsWith(QStringLiteral("The mail address")); }));
    EXPECT_EQ(userNamed(QStringLiteral("bob")).email, QStringLiteral("bob.ops@mail.example.org"));
}

TEST_F(UsersDialogTest, EveryInteractiveWidgetHasAnObjectAndAccessibleName)
{
    openDialog();
    for (QWidget* widget : m_dialog->findChildren<QWidget*>()) {
        if (!widget->isVisible() || widget->focusPolicy() == Qt::NoFocus)
            continue;
        // Qt's own viewport and tab bar internals are named by their owners.
        if (widget->objectName().startsWith(QLatin1String("qt_")) || widget->inherits("QTabBar") ||
            widget->inherits("QHeaderView"))
            continue;
        EXPECT_FALSE(widget->objectName().isEmpty()) << widget->metaObject()->className();
        EXPECT_FALSE(widget->accessibleName().isEmpty()) << qPrintable(widget->objectName());
    }
}

TEST_F(UsersDialogTest, TabWalksFromTheListToItsButtonsAndClose)
{
    awaitOk(m_backend->addUser(User{QStringLiteral("bob"), false, false}));
    openDialog();
    selectUser(QStringLiteral("bob"));
    auto* table = child<QTableView>(QStringLiteral("userTable"));
    ASSERT_TRUE(waitUntil([&] { return table->hasFocus(); }));
    const QStringList expected{QStringLiteral("addUserButton"), QStringLiteral("setEmailButton"),
                               QStringLiteral("removeUserButton"), QStringLiteral("closeButton")};
    for (const QString& name : expected) {
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        ASSERT_NE(QApplication::focusWidget(), nullptr);
        EXPECT_EQ(QApplication::focusWidget()->objectName(), name);
    }
}

TEST_F(UsersDialogTest, TabWalksTheAddUserFormInOrder)
{
    openDialog();
    ui::AddUserDialog* add = openAddUser();
    ASSERT_NE(add, nullptr);
    auto* field = childOf<QLineEdit>(add, QStringLiteral("userNameField"));
    field->setFocus();
    QTest::keyClicks(field, QStringLiteral("bob"));
    const QStringList expected{QStringLiteral("emailField"),     QStringLiteral("adminCheck"),
                               QStringLiteral("apiAccessCheck"), QStringLiteral("addButton"),
                               QStringLiteral("cancelButton"),   QStringLiteral("userNameField")};
    for (const QString& name : expected) {
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        ASSERT_NE(QApplication::focusWidget(), nullptr);
        EXPECT_EQ(QApplication::focusWidget()->objectName(), name);
    }
    add->reject();
}

TEST(UserListModelTest, PassesTheModelTester)
{
    UserListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setUsers({{QStringLiteral("alice"), true, true}, {QStringLiteral("bob"), false, true}});
    EXPECT_EQ(model.rowCount(), 2);
    EXPECT_EQ(model.columnCount(), int(UserListModel::ColumnCount));
    EXPECT_EQ(model.headerData(UserListModel::ApiAccess, Qt::Horizontal).toString(),
              QStringLiteral("API access"));
    EXPECT_EQ(model.index(1, UserListModel::Admin).data().toString(), QStringLiteral("No"));
    EXPECT_EQ(model.index(1, UserListModel::Admin).data(UserListModel::SortRole), QVariant(false));
    EXPECT_EQ(model.index(1, UserListModel::ApiAccess).data(UserListModel::NameRole).toString(),
              QStringLiteral("bob"));
    EXPECT_EQ(model.rowOf(QStringLiteral("bob")), 1);
    EXPECT_EQ(model.rowOf(QStringLiteral("nobody")), -1);
    model.setUsers({});
    EXPECT_EQ(model.rowCount(), 0);
}

TEST(NoticeListModelTest, PassesTheModelTesterWithStoreNotices)
{
    TempDir dir;
    auto backend = awaitOk(SqlBackend::create(dir.file(QStringLiteral("notices.tokendesk")),
                                              StoreCreateOptions{QStringLiteral("alice"), 3}));
    awaitOk(backend->addUser(User{QStringLiteral("bob"), true, true}));
    const GeneratedToken first =
        awaitOk(backend->generate(TokenSpec{QStringLiteral("one"), Role::Developer, {}}));
    awaitOk(backend->rotate(first.token.id, first.token.version, std::chrono::seconds(0)));

    NoticeListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setNotices(awaitOk(backend->notices()));
    ASSERT_EQ(model.rowCount(), 4); // two admins × (generate + rotate)
    QStringList kinds;
    for (int row = 0; row < model.rowCount(); ++row)
        kinds.append(model.index(row, NoticeListModel::Kind).data().toString());
    kinds.sort();
    EXPECT_EQ(kinds, (QStringList{QStringLiteral("Generated"), QStringLiteral("Generated"),
                                  QStringLiteral("Rotated"), QStringLiteral("Rotated")}));
    for (int row = 0; row < model.rowCount(); ++row)
        EXPECT_TRUE(
            model.index(row, NoticeListModel::Token).data().toString().startsWith(QStringLiteral("tdk_")));
    EXPECT_EQ(NoticeListModel::exactUtc(QDateTime(QDate(2024, 5, 1), QTime(13, 45, 7), Qt::UTC)),
              QStringLiteral("2024-05-01 13:45:07 UTC"));
    EXPECT_EQ(NoticeListModel::kindText(QStringLiteral("something.else")), QStringLiteral("something.else"));
    model.setNotices({});
    EXPECT_EQ(model.rowCount(), 0);
}

// Not a check: renders the dialog for review. Runs only when TOKENDESK_SCREENSHOTS names a folder.
TEST(UsersDialogScreenshot, FourUsers)
{
    const QString dir = qEnvironmentVariable("TOKENDESK_SCREENSHOTS");
    if (dir.isEmpty())
        GTEST_SKIP() << "set TOKENDESK_SCREENSHOTS to a folder to render the screenshots";
    QDir().mkpath(dir);
    TempDir temp;
    auto backend = awaitOk(SqlBackend::create(temp.file(QStringLiteral("acme.tokendesk")),
                                              StoreCreateOptions{QStringLiteral("alice"), 10}));
    awaitOk(backend->addUser(
        User{QStringLiteral("bob"), true, true, QStringLiteral("bob.ops@mail.example.org")}));
    awaitOk(backend->addUser(User{QStringLiteral("carol"), false, true}));
    awaitOk(backend->addUser(User{QStringLiteral("dave@example.org"), false, false}));
    awaitOk(backend->generate(TokenSpec{QStringLiteral("ci-deploy"), Role::Developer, {}}));
    awaitOk(backend->withActor(QStringLiteral("bob"))
                ->generate(TokenSpec{QStringLiteral("backup-nightly"), Role::Admin, {}}));

    ui::UsersDialog dialog(backend);
    dialog.show();
    ASSERT_TRUE(
        waitUntil([&] { return dialog.usersLoaded() && dialog.noticesLoaded() && !dialog.isBusy(); }));
    dialog.findChild<QTableView*>(QStringLiteral("userTable"))->selectRow(2);
    dialog.grab().save(QDir(dir).filePath(QStringLiteral("users-dialog.png")));
    dialog.findChild<QPushButton*>(QStringLiteral("addUserButton"))->click();
    auto* add = waitForTopLevel<ui::AddUserDialog>(QStringLiteral("addUserDialog"));
    ASSERT_NE(add, nullptr);
    QTest::keyClicks(add->findChild<QLineEdit*>(QStringLiteral("userNameField")),
                     QStringLiteral("bob smith"));
    QTest::qWait(50); // let the layout make room for the error
    add->grab().save(QDir(dir).filePath(QStringLiteral("users-add-invalid.png")));
    add->reject();

    dialog.findChild<QTableView*>(QStringLiteral("userTable"))->selectRow(3);
    dialog.removeUserAction()->trigger();
    auto* box = waitForTopLevel<QMessageBox>(QStringLiteral("removeUserConfirmation"));
    ASSERT_NE(box, nullptr);
    QTest::qWait(50);
    box->grab().save(QDir(dir).filePath(QStringLiteral("users-remove-confirm.png")));
    box->findChild<QPushButton*>(QStringLiteral("confirmRemoveButton"))->click();
    ASSERT_TRUE(waitUntil([&] { return !dialog.message().isEmpty() && !dialog.isBusy(); }));
    dialog.grab().save(QDir(dir).filePath(QStringLiteral("users-dialog-removed.png")));
    dialog.showTab(ui::UsersDialog::NoticesTab);
    ASSERT_TRUE(waitUntil([&] { return !dialog.isBusy(); }));
    dialog.grab().save(QDir(dir).filePath(QStringLiteral("users-dialog-notices.png")));
}

} // namespace tokendesk::test
