// SPDX-License-Identifier: GPL-3.0-or-later
// File → Open PostgreSQL Store… on a throwaway cluster: the console opens a shared store by its
// postgresql:// address and works on it like on a file.
#include "models/core/StorePaths.h"
#include "models/table/TokenTableModel.h"
#include "tests/gui/GuiTestSupport.h"
#include "tests/support/PgCluster.h"
#include "ui/ActionCollection.h"
#include "ui/store/RecentStores.h"
#include "ui/store/StoreSession.h"

#include <QAction>
#include <QDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStatusBar>
#include <QTest>

namespace tokendesk::test {

using PostgresStoreTest = GuiTest;

TEST_F(PostgresStoreTest, OpenAStoreByItsAddress)
{
    if (const QString why = PgCluster::unavailableReason(); !why.isEmpty())
        GTEST_SKIP() << why.toStdString();
    const QString url = freshPostgresDatabase();
    m_backend = awaitOk(SqlBackend::create(url, StoreCreateOptions{StorePaths::osLoginName(), 3}));
    generateDirect(QStringLiteral("shared-deploy"));

    window().show();
    window().actions()->openDatabase()->trigger();
    auto* dialog = waitForTopLevel<QDialog>(QStringLiteral("openDatabaseDialog"));
    ASSERT_NE(dialog, nullptr);
    auto* field = childOf<QLineEdit>(dialog, QStringLiteral("databaseUrlField"));
    QTest::keyClicks(field, QStringLiteral("postgresql://me:hunter2@127.0.0.1/tokens"));
    childOf<QPushButton>(dialog, QStringLiteral("openButton"))->click();
    EXPECT_TRUE(dialog->isVisible()) << "a password in the address is refused";
    EXPECT_TRUE(childOf<QLabel>(dialog, QStringLiteral("databaseUrlError"))
                    ->text()
                    .contains(QStringLiteral("PGPASSFILE")));

    field->clear();
    QTest::keyClicks(field, url);
    childOf<QPushButton>(dialog, QStringLiteral("openButton"))->click();
    ASSERT_TRUE(
        waitUntil([this] { return window().session()->info() && window().tokenModel()->isLoaded(); }));
    EXPECT_GE(rowOf(QStringLiteral("shared-deploy")), 0);
    EXPECT_EQ(window().statusBar()->findChild<QLabel*>(QStringLiteral("storeLabel"))->text(),
              QStringLiteral("Database %1").arg(url));
    EXPECT_EQ(ui::RecentStores().paths().value(0), url);
    EXPECT_TRUE(window().actions()->generate()->isEnabled())
        << qPrintable(window().actions()->generate()->toolTip());
}

} // namespace tokendesk::test
