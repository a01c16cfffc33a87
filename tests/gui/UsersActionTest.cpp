// SPDX-License-Identifier: GPL-3.0-or-later
// The main window's side of Users & Notices: the shared action, the dialog it opens, and the
// session refresh afterwards. The dialog's own behaviour is covered in UsersDialogTest.
#include "tests/gui/GuiTestSupport.h"
#include "ui/ActionCollection.h"
#include "ui/store/StoreSession.h"
#include "ui/users/UsersDialog.h"

#include <QAction>
#include <QMenu>
#include <QMenuBar>
#include <QSignalSpy>

namespace tokendesk::test {

namespace {
using UsersActionTest = GuiTest;
}

TEST_F(UsersActionTest, NeedsAnOpenStore)
{
    QAction* action = window().actions()->usersAndNotices();
    EXPECT_FALSE(action->isEnabled());
    EXPECT_EQ(action->toolTip(), QStringLiteral("Open a store first."));
    EXPECT_EQ(action->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_U));
    auto* file = childOf<QMenu>(&window(), QStringLiteral("fileMenu"));
    ASSERT_NE(file, nullptr);
    EXPECT_TRUE(file->actions().contains(action));

    openWindow();
    EXPECT_TRUE(action->isEnabled());
}

TEST_F(UsersActionTest, OpensOneWindowModalDialogAndRefreshesTheSessionWhenItCloses)
{
    openWindow();
    window().actions()->usersAndNotices()->trigger();
    auto* dialog = waitForTopLevel<ui::UsersDialog>(QStringLiteral("usersDialog"));
    ASSERT_NE(dialog, nullptr);
    EXPECT_EQ(dialog->windowModality(), Qt::WindowModal);
    EXPECT_EQ(dialog->parentWidget(), &window());
    ASSERT_TRUE(waitUntil([&] { return dialog->usersLoaded(); }));

    // A second trigger brings the same dialog forward instead of stacking another.
    window().actions()->usersAndNotices()->trigger();
    EXPECT_EQ(window().findChildren<ui::UsersDialog*>().size(), 1);

    QSignalSpy refreshed(window().session(), &ui::StoreSession::sessionChanged);
    dialog->reject();
    ASSERT_TRUE(refreshed.wait());
    EXPECT_TRUE(window().session()->info().has_value());
    ASSERT_TRUE(waitUntil([&] { return window().findChildren<ui::UsersDialog*>().isEmpty(); }));
}

TEST_F(UsersActionTest, AddingAUserRefreshesTheSessionRightAway)
{
    openWindow();
    window().actions()->usersAndNotices()->trigger();
    auto* dialog = waitForTopLevel<ui::UsersDialog>(QStringLiteral("usersDialog"));
    ASSERT_NE(dialog, nullptr);
    QSignalSpy refreshed(window().session(), &ui::StoreSession::sessionChanged);
    Q_EMIT dialog->usersChanged(); // what the dialog says after an add or remove
    ASSERT_TRUE(refreshed.wait());
    dialog->reject();
}

} // namespace tokendesk::test
