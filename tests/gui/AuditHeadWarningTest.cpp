// SPDX-License-Identifier: GPL-3.0-or-later
// The console remembers the newest audit head it saw of each store and warns when the store's log
// no longer holds it (issue 14): an intruder who can write the store file drops the append-only
// trigger, cuts entries off and rewrites the head the store keeps of itself.
#include "models/core/StorePaths.h"
#include "models/table/TokenTableModel.h"
#include "tests/gui/GuiTestSupport.h"
#include "tests/support/StoreFaults.h"
#include "ui/ActionCollection.h"
#include "ui/store/AuditHeadWatch.h"
#include "ui/store/StoreSession.h"
#include "ui/widgets/Banner.h"

#include <QAction>
#include <QDir>
#include <QLocale>
#include <QTest>

namespace tokendesk::test {

namespace {

class AuditHeadWarningTest : public GuiTest
{
protected:
    qint64 newestSequence()
    {
        AuditQuery newest;
        newest.limit = 1;
        return awaitOk(m_backend->audit(newest)).constFirst().sequence;
    }

    // The console has seen the store's current head: it refreshed after the changes.
    void letTheConsoleSee(qint64 sequence)
    {
        window().actions()->reload()->trigger();
        ASSERT_TRUE(waitUntil([&] {
            const auto seen = ui::AuditHeadWatch::remembered(storePath());
            return seen && seen->head.sequence == sequence;
        }));
    }

    void closeTheConsole()
    {
        m_window.reset();
        m_backend.reset();
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        m_window = std::make_unique<ui::MainWindow>();
    }

    void openAgain()
    {
        window().show();
        window().openStore(storePath());
        ASSERT_TRUE(waitUntil([this] { return window().session()->info().has_value(); }));
    }

    // What someone with write access to the file can do (as in CliAuditHeadTest).
    void cutOffAfter(qint64 keep) { cutOffAuditLog(storePath(), keep); }

    QString seenOn() const
    {
        return QLocale().toString(ui::AuditHeadWatch::remembered(storePath())->at.toLocalTime(),
                                  QLocale::ShortFormat);
    }
};

TEST_F(AuditHeadWarningTest, EntriesCutOffWhileTheConsoleWasClosedAreNamedOnOpen)
{
    openWindow(10);
    for (const QString& label : {QStringLiteral("ci"), QStringLiteral("billing"), QStringLiteral("backup")})
        generateDirect(label);
    const qint64 seen = newestSequence();
    ASSERT_GE(seen, 4);
    letTheConsoleSee(seen);
    EXPECT_TRUE(bannerText().isEmpty()) << qPrintable(bannerText());

    closeTheConsole();
    cutOffAfter(2);
    openAgain();
    ASSERT_TRUE(waitForBanner(QStringLiteral("were removed"))) << qPrintable(bannerText());
    auto* banner = window().findChild<ui::Banner*>(QStringLiteral("banner"));
    EXPECT_EQ(banner->kind(), ui::Banner::Kind::Error);
    EXPECT_FALSE(banner->accessibleName().isEmpty());
    EXPECT_EQ(bannerText(),
              QStringLiteral("The audit log of this store ends at entry 2, but this console saw "
                             "entry %1 on %2: entries 3–%1 were removed.")
                  .arg(seen)
                  .arg(seenOn()));
    // What it saw is kept: the warning is not silenced by opening the store once.
    EXPECT_EQ(ui::AuditHeadWatch::remembered(storePath())->head.sequence, seen);

    // With TOKENDESK_SCREENSHOTS set (as for ScreenshotTest), the warning is rendered there too.
    if (const QString dir = qEnvironmentVariable("TOKENDESK_SCREENSHOTS"); !dir.isEmpty()) {
        window().resize(1000, 420);
        QTest::qWait(200);
        window().grab().save(QDir(dir).filePath(QStringLiteral("audit-head-warning.png")));
    }
}

TEST_F(AuditHeadWarningTest, ARewrittenTailIsNamedEvenWhenTheLogGrewBack)
{
    openWindow(10);
    for (const QString& label : {QStringLiteral("ci"), QStringLiteral("billing"), QStringLiteral("backup")})
        generateDirect(label);
    const qint64 seen = newestSequence();
    letTheConsoleSee(seen);
    closeTheConsole();
    cutOffAfter(2);
    {
        // New operations grow the log past what the console saw, with other entries.
        auto intruder = awaitOk(SqlBackend::open(storePath(), StorePaths::osLoginName()));
        for (int i = 0; i < 4; ++i)
            awaitOk(intruder->generate(TokenSpec{QStringLiteral("forged-%1").arg(i), Role::Developer, {}}));
    }
    openAgain();
    ASSERT_TRUE(waitForBanner(QStringLiteral("rewritten"))) << qPrintable(bannerText());
    EXPECT_EQ(bannerText(),
              QStringLiteral("Entry %1 of this store's audit log is not the one this console saw "
                             "on %2: the log was rewritten from there on.")
                  .arg(seen)
                  .arg(seenOn()));
}

TEST_F(AuditHeadWarningTest, AGrowingLogMovesTheRememberedHeadAndNeverWarns)
{
    openWindow(10);
    const qint64 first = newestSequence();
    letTheConsoleSee(first);
    generateDirect(QStringLiteral("later"));
    closeTheConsole();
    openAgain();
    ASSERT_TRUE(
        waitUntil([&] { return ui::AuditHeadWatch::remembered(storePath())->head.sequence > first; }));
    EXPECT_TRUE(bannerText().isEmpty()) << qPrintable(bannerText());
    // Another store's head is remembered apart.
    EXPECT_FALSE(ui::AuditHeadWatch::remembered(m_dir.file(QStringLiteral("other.tokendesk"))).has_value());
}

} // namespace
} // namespace tokendesk::test
