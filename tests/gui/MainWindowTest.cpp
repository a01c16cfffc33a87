// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/table/TokenTableModel.h"
#include "tests/gui/GuiTestSupport.h"
#include "ui/ActionCollection.h"
#include "ui/store/StoreSession.h"
#include "ui/tokens/TokenFilterBar.h"
#include "ui/tokens/TokenTableView.h"

#include <QAction>
#include <QComboBox>
#include <QFile>
#include <QHeaderView>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QStackedWidget>
#include <QTableWidget>
#include <QTest>

namespace tokendesk::test {

namespace {
using MainWindowTest = GuiTest;
}

TEST_F(MainWindowTest, TitleNamesTheStoreAndAnEmptyStoreOffersGenerate)
{
    openWindow();
    EXPECT_EQ(window().windowTitle(), QStringLiteral("test — TokenDesk"));
    auto* empty = childOf<QWidget>(&window(), QStringLiteral("emptyState"));
    ASSERT_TRUE(waitUntil([&] { return empty->isVisible(); }));
    auto* button = childOf<QPushButton>(&window(), QStringLiteral("emptyStateGenerate"));
    ASSERT_TRUE(waitUntil([&] { return button->isEnabled(); }));
    button->click();
    auto* dialog = waitForTopLevel(QStringLiteral("generateDialog"));
    ASSERT_NE(dialog, nullptr);
    dialog->close();
}

TEST_F(MainWindowTest, CorruptStoreShowsAnErrorAndTheWindowStaysUsable)
{
    const QString corrupt = m_dir.file(QStringLiteral("corrupt.tokendesk"));
    QFile file(corrupt);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(QByteArray(4096, 'x'));
    file.close();

    window().show();
    window().openStore(corrupt);
    ASSERT_TRUE(waitForBanner(QStringLiteral("corrupt.tokendesk")));
    EXPECT_TRUE(bannerText().contains(QStringLiteral("damaged")));
    EXPECT_EQ(window().windowTitle(), QStringLiteral("No store — TokenDesk"));
    EXPECT_FALSE(window().actions()->generate()->isEnabled());
    EXPECT_TRUE(window().actions()->openStore()->isEnabled());

    // Still usable: a good store opens afterwards and works.
    openWindow();
    generateDirect(QStringLiteral("after-the-error"));
    window().tokenModel()->reload();
    EXPECT_TRUE(selectToken(QStringLiteral("after-the-error")));
}

TEST_F(MainWindowTest, MissingStoreShowsAnError)
{
    window().show();
    window().openStore(m_dir.file(QStringLiteral("nowhere.tokendesk")));
    ASSERT_TRUE(waitForBanner(QStringLiteral("nowhere.tokendesk")));
    EXPECT_TRUE(bannerText().contains(QStringLiteral("could not be opened")));
}

TEST_F(MainWindowTest, OpenStoreCreatesTheDefaultStoreWhenMissing)
{
    const QString path = m_dir.file(QStringLiteral("fresh/default.tokendesk"));
    window().show();
    window().openStore(path, /*createIfMissing=*/true);
    ASSERT_TRUE(waitUntil([&] { return window().session()->info().has_value(); }));
    EXPECT_TRUE(window().session()->info()->user.admin);
    EXPECT_EQ(window().windowTitle(), QStringLiteral("default — TokenDesk"));
    EXPECT_TRUE(QFile::exists(path));
}

TEST_F(MainWindowTest, LimitReachedDisablesGenerateWithTheReason)
{
    openWindow(3);
    for (const char* label : {"one", "two", "three"})
        generateDirect(QString::fromLatin1(label));
    window().actions()->reload()->trigger();
    QAction* generate = window().actions()->generate();
    ASSERT_TRUE(waitUntil([&] { return !generate->isEnabled(); }));
    EXPECT_EQ(generate->toolTip(), QStringLiteral("3 of 3 tokens used — revoke one to free a slot."));
}

TEST_F(MainWindowTest, NoApiAccessDisablesTokenActionsWithTheReason)
{
    openWindow();
    awaitOk(m_backend->addUser(User{QStringLiteral("dev"), true, false}));
    window().setBackend(m_backend->withActor(QStringLiteral("dev")), storePath());
    QAction* generate = window().actions()->generate();
    ASSERT_TRUE(waitUntil([&] { return window().session()->info().has_value(); }));
    EXPECT_FALSE(generate->isEnabled());
    EXPECT_TRUE(generate->toolTip().contains(QStringLiteral("API access")));
}

TEST_F(MainWindowTest, SearchAndFiltersNarrowTheTable)
{
    openWindow(10);
    generateDirect(QStringLiteral("ci-deploy"));
    generateDirect(QStringLiteral("backup-job"), Role::Admin);
    generateDirect(QStringLiteral("ci-tests"));
    window().tokenModel()->reload();
    ASSERT_TRUE(waitUntil([&] { return window().tokenModel()->rowCount() == 3; }));

    auto* search = childOf<QLineEdit>(&window(), QStringLiteral("searchField"));
    QTest::keyClicks(search, QStringLiteral("ci-"));
    ASSERT_TRUE(waitUntil(
        [&] { return window().tokenModel()->rowCount() == 2 && !window().tokenModel()->isBusy(); }));
    EXPECT_EQ(labels(), (QStringList{QStringLiteral("ci-deploy"), QStringLiteral("ci-tests")}));

    search->clear();
    auto* role = childOf<QComboBox>(&window(), QStringLiteral("roleFilter"));
    role->setCurrentIndex(role->findData(int(Role::Admin)));
    ASSERT_TRUE(waitUntil(
        [&] { return window().tokenModel()->rowCount() == 1 && !window().tokenModel()->isBusy(); }));
    EXPECT_EQ(labels(), QStringList{QStringLiteral("backup-job")});
}

TEST_F(MainWindowTest, PastingASearchAppliesAtOnceWhileTypingWaitsForAPause)
{
    openWindow(10);
    generateDirect(QStringLiteral("ci-deploy"));
    generateDirect(QStringLiteral("backup-job"));
    window().tokenModel()->reload();
    ASSERT_TRUE(waitUntil([&] { return window().tokenModel()->rowCount() == 2; }));
    auto* search = childOf<QLineEdit>(&window(), QStringLiteral("searchField"));

    QTest::keyClick(search, Qt::Key_B);
    QCoreApplication::processEvents();
    EXPECT_TRUE(window().tokenModel()->query().filter.isEmpty()) << "one typed key waits for the next";
    ASSERT_TRUE(waitUntil([&] { return window().tokenModel()->query().filter == QStringLiteral("b"); }));

    search->clear();
    search->insert(QStringLiteral("backup")); // what a paste does
    EXPECT_EQ(window().tokenModel()->query().filter, QStringLiteral("backup"))
        << "a paste is applied at once";
    ASSERT_TRUE(waitUntil(
        [&] { return window().tokenModel()->rowCount() == 1 && !window().tokenModel()->isBusy(); }));
    EXPECT_EQ(labels(), QStringList{QStringLiteral("backup-job")});
}

TEST_F(MainWindowTest, UsageAndExpiryFiltersReachTheQuery)
{
    openWindow(10);
    generateDirect(QStringLiteral("never-used"));
    window().tokenModel()->reload();
    ASSERT_TRUE(waitUntil([&] { return window().tokenModel()->rowCount() == 1; }));
    auto* usage = childOf<QComboBox>(&window(), QStringLiteral("usageFilter"));
    auto* expiry = childOf<QComboBox>(&window(), QStringLiteral("expiryFilter"));
    EXPECT_FALSE(usage->accessibleName().isEmpty());
    EXPECT_FALSE(expiry->accessibleName().isEmpty());

    usage->setCurrentIndex(usage->findData(90));
    ASSERT_TRUE(waitUntil([&] { return !window().tokenModel()->isBusy(); }));
    EXPECT_EQ(window().tokenModel()->query().unusedForDays, 90);
    EXPECT_EQ(window().tokenModel()->rowCount(), 1) << "a token never used is unused";

    expiry->setCurrentIndex(expiry->findData(30));
    ASSERT_TRUE(waitUntil([&] { return !window().tokenModel()->isBusy(); }));
    EXPECT_EQ(window().tokenModel()->query().expiresWithinDays, 30);
    EXPECT_EQ(window().tokenModel()->rowCount(), 0) << "it never expires";
}

// After the policy tightened, the expiry filter finds the tokens it no longer allows.
TEST_F(MainWindowTest, TheExpiryFilterFindsTokensBeyondTheLifetimePolicy)
{
    using namespace std::chrono_literals;
    openWindow(10);
    generateDirect(QStringLiteral("forever"));
    awaitOk(m_backend->generate(
        TokenSpec{QStringLiteral("weekly"), Role::Developer, QDateTime::currentDateTimeUtc().addDays(7)}));
    awaitOk(m_backend->setLifetimePolicy({RoleLifetime{24h * 7, 24h * 30}, RoleLifetime{24h * 7, 24h * 30}}));
    window().tokenModel()->reload();
    ASSERT_TRUE(waitUntil([&] { return window().tokenModel()->rowCount() == 2; }));

    auto* expiry = childOf<QComboBox>(&window(), QStringLiteral("expiryFilter"));
    const int beyond = expiry->findData(ui::TokenFilterBar::kBreaksPolicy);
    ASSERT_GE(beyond, 0);
    EXPECT_FALSE(expiry->itemData(beyond, Qt::ToolTipRole).toString().isEmpty()) << "it says what it finds";
    expiry->setCurrentIndex(beyond);
    ASSERT_TRUE(waitUntil([&] { return !window().tokenModel()->isBusy(); }));
    EXPECT_TRUE(window().tokenModel()->query().breaksPolicy);
    EXPECT_EQ(labels(), QStringList{QStringLiteral("forever")});
    EXPECT_FALSE(childOf<QWidget>(&window(), QStringLiteral("emptyState"))->isVisible())
        << "a filter that matches nothing is not an empty store";

    expiry->setCurrentIndex(0);
    ASSERT_TRUE(waitUntil([&] { return window().tokenModel()->rowCount() == 2; }));
    EXPECT_FALSE(window().tokenModel()->query().breaksPolicy);
}

TEST_F(MainWindowTest, KeyboardOpensTheRowMenuWithTheSharedActions)
{
    openWindow();
    generateDirect(QStringLiteral("ci-deploy"));
    window().tokenModel()->reload();
    ASSERT_TRUE(selectToken(QStringLiteral("ci-deploy")));
    auto* table = childOf<ui::TokenTableView>(&window(), QStringLiteral("tokenTable"));
    QTest::keyClick(table, Qt::Key_F10, Qt::ShiftModifier);
    auto* menu = waitForTopLevel<QMenu>(QStringLiteral("rowMenu"));
    ASSERT_NE(menu, nullptr);
    EXPECT_TRUE(menu->actions().contains(window().actions()->revoke()));
    EXPECT_TRUE(menu->actions().contains(window().actions()->rename()));
    menu->close();
}

TEST_F(MainWindowTest, HistoryWrapsWhatInsteadOfCuttingItOff)
{
    openWindow();
    generateDirect(QStringLiteral("ci-deploy"));
    window().tokenModel()->reload();
    ASSERT_TRUE(selectToken(QStringLiteral("ci-deploy")));
    auto* history = childOf<QTableWidget>(&window(), QStringLiteral("historyList"));
    ASSERT_NE(history, nullptr);
    ASSERT_TRUE(waitUntil([&] { return history->rowCount() == 1; }));
    const QString what = history->item(0, 2)->text();
    EXPECT_TRUE(what.startsWith(QStringLiteral("Generated: role developer")));
    EXPECT_EQ(history->item(0, 2)->toolTip(), what);
    EXPECT_EQ(history->horizontalHeader()->sectionResizeMode(2), QHeaderView::Stretch);
    EXPECT_EQ(history->horizontalScrollBarPolicy(), Qt::ScrollBarAlwaysOff);

    // The row is as tall as the text needs when wrapped to the column's width.
    const int width = history->columnWidth(2);
    const QRect needed =
        history->fontMetrics().boundingRect(QRect(0, 0, width - 8, 10000), Qt::TextWordWrap, what);
    ASSERT_TRUE(waitUntil([&] { return history->rowHeight(0) >= needed.height(); }))
        << history->rowHeight(0) << " < " << needed.height();
}

} // namespace tokendesk::test
