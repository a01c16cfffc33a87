// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/store/RecentStores.h"

#include "tests/gui/GuiTestSupport.h"
#include "ui/store/RecentStoresMenu.h"
#include "ui/store/StoreSession.h"

#include <QAction>
#include <QFile>
#include <QFileInfo>
#include <QSettings>

namespace tokendesk::test {

namespace {

class RecentStoresTest : public GuiTest
{
protected:
    ui::RecentStoresMenu* menu()
    {
        return childOf<ui::RecentStoresMenu>(&window(), QStringLiteral("recentStoresMenu"));
    }

    // The store entries as the menu shows them, top to bottom.
    QStringList entryTexts()
    {
        Q_EMIT menu()->aboutToShow(); // what opening the menu does
        QStringList texts;
        for (QAction* action : menu()->actions()) {
            if (action->property("storePath").isValid())
                texts.append(action->text());
        }
        return texts;
    }

    void openAndWait(const QString& path, bool create)
    {
        window().openStore(path, create);
        ASSERT_TRUE(waitUntil(
            [&] { return window().session()->path() == path && window().session()->info().has_value(); }));
    }
};

QString absolute(const QString& path)
{
    return QFileInfo(path).absoluteFilePath();
}

} // namespace

TEST_F(RecentStoresTest, SettingsLiveInTheTestsTemporaryFolder)
{
    const QSettings settings(QSettings::NativeFormat, QSettings::UserScope, QStringLiteral("tokendesk"),
                             QStringLiteral("tokendesk"));
    EXPECT_TRUE(settings.fileName().startsWith(m_dir.path())) << qPrintable(settings.fileName());
    EXPECT_TRUE(ui::RecentStores().paths().isEmpty());
    EXPECT_EQ(entryTexts(), QStringList());
    EXPECT_FALSE(menu()->clearAction()->isEnabled());
}

TEST_F(RecentStoresTest, OpenedStoresAreListedMostRecentFirstAndReopen)
{
    window().show();
    const QString first = m_dir.file(QStringLiteral("first.tokendesk"));
    const QString second = m_dir.file(QStringLiteral("second.tokendesk"));
    openAndWait(first, true);
    openAndWait(second, true);
    EXPECT_EQ(ui::RecentStores().paths(), (QStringList{absolute(second), absolute(first)}));
    EXPECT_EQ(entryTexts(),
              (QStringList{QStringLiteral("&1 second.tokendesk"), QStringLiteral("&2 first.tokendesk")}));

    // Choosing an entry opens that store and moves it to the top.
    QAction* entry = menu()->actionFor(first);
    ASSERT_NE(entry, nullptr);
    ASSERT_TRUE(entry->isEnabled());
    EXPECT_EQ(entry->toolTip(), first);
    entry->trigger();
    ASSERT_TRUE(waitUntil([&] { return window().windowTitle() == QStringLiteral("first — TokenDesk"); }));
    EXPECT_EQ(ui::RecentStores().paths(), (QStringList{absolute(first), absolute(second)}));
}

TEST_F(RecentStoresTest, MissingFilesAreShownDisabledAndClearEmptiesTheList)
{
    window().show();
    const QString kept = m_dir.file(QStringLiteral("kept.tokendesk"));
    const QString gone = m_dir.file(QStringLiteral("gone.tokendesk"));
    openAndWait(gone, true);
    openAndWait(kept, true);
    ASSERT_TRUE(QFile::remove(gone));

    entryTexts();
    QAction* missing = menu()->actionFor(gone);
    ASSERT_NE(missing, nullptr);
    EXPECT_FALSE(missing->isEnabled());
    EXPECT_TRUE(missing->toolTip().contains(QStringLiteral("not found")));
    EXPECT_TRUE(menu()->actionFor(kept)->isEnabled());

    ASSERT_TRUE(menu()->clearAction()->isEnabled());
    menu()->clearAction()->trigger();
    EXPECT_TRUE(ui::RecentStores().paths().isEmpty());
    EXPECT_EQ(entryTexts(), QStringList());
    EXPECT_FALSE(menu()->clearAction()->isEnabled());
    EXPECT_NE(menu()->findChild<QAction*>(QStringLiteral("action_recentStoresNone")), nullptr);
}

TEST_F(RecentStoresTest, AFailedOpenIsNotRemembered)
{
    const QString corrupt = m_dir.file(QStringLiteral("corrupt.tokendesk"));
    QFile file(corrupt);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(QByteArray(4096, 'x'));
    file.close();
    window().show();
    window().openStore(corrupt);
    ASSERT_TRUE(waitForBanner(QStringLiteral("corrupt.tokendesk")));
    EXPECT_TRUE(ui::RecentStores().paths().isEmpty());
}

TEST_F(RecentStoresTest, KeepsEightDistinctEntries)
{
    ui::RecentStores recent;
    for (int i = 0; i < 10; ++i)
        recent.add(m_dir.file(QStringLiteral("store-%1.tokendesk").arg(i)));
    QStringList paths = recent.paths();
    ASSERT_EQ(paths.size(), ui::RecentStores::kMaxEntries);
    EXPECT_EQ(paths.first(), absolute(m_dir.file(QStringLiteral("store-9.tokendesk"))));
    EXPECT_EQ(paths.last(), absolute(m_dir.file(QStringLiteral("store-2.tokendesk"))));

    // Opening one again moves it up instead of listing it twice.
    recent.add(m_dir.file(QStringLiteral("store-5.tokendesk")));
    paths = recent.paths();
    EXPECT_EQ(paths.size(), ui::RecentStores::kMaxEntries);
    EXPECT_EQ(paths.first(), absolute(m_dir.file(QStringLiteral("store-5.tokendesk"))));
    EXPECT_EQ(paths.count(absolute(m_dir.file(QStringLiteral("store-5.tokendesk")))), 1);
    EXPECT_EQ(entryTexts().size(), ui::RecentStores::kMaxEntries);
}

} // namespace tokendesk::test
