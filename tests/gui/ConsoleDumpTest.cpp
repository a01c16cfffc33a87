// SPDX-License-Identifier: GPL-3.0-or-later
// Secrets in memory, the console (issue 14): a token generated and one rotated through the real
// dialogs, shown, hidden and shown again, copied, confirmed, and the clipboard cleared. Then
// this very process (the console) is dumped with gcore: neither token may be in it. The test
// itself remembers them only scrambled, so that its own memory does not put them there.
#include "tests/gui/GuiTestSupport.h"
#include "tests/support/CoreDump.h"
#include "ui/ActionCollection.h"
#include "ui/tokens/RevealDialog.h"
#include "ui/widgets/Clipboard.h"

#include <QAction>
#include <QCheckBox>
#include <QDialog>
#include <QLineEdit>
#include <QPushButton>
#include <QTest>

namespace tokendesk::test {

namespace {

using ConsoleDumpTest = GuiTest;

// Shows the reveal dialog's token, hides it and shows it again (each a copy Qt lays out), copies
// it, confirms and closes; returns it scrambled.
QByteArray revealCopyAndClose()
{
    auto* reveal = waitForTopLevel<ui::RevealDialog>(QStringLiteral("revealDialog"));
    if (!reveal)
        return {};
    QByteArray latin = childOf<QLineEdit>(reveal, QStringLiteral("secretField"))->text().toLatin1();
    QByteArray kept = scrambled(latin);
    secureWipe(latin);
    reveal->toggleVisibleAction()->trigger();
    reveal->toggleVisibleAction()->trigger();
    childOf<QPushButton>(reveal, QStringLiteral("copyButton"))->click();
    childOf<QCheckBox>(reveal, QStringLiteral("storedCheck"))->setChecked(true);
    childOf<QPushButton>(reveal, QStringLiteral("closeButton"))->click();
    return kept;
}

QDialog* openDialog(QAction* action, const QString& objectName)
{
    action->trigger();
    auto* dialog = waitForTopLevel<QDialog>(objectName);
    if (dialog)
        QApplication::setActiveWindow(dialog);
    return dialog;
}

} // namespace

TEST_F(ConsoleDumpTest, GeneratedAndRotatedTokensAreNotInTheConsolesDumpOnceTheDialogsClosed)
{
    if (!canDumpProcesses())
        GTEST_SKIP() << "no gdb, or a sanitizer build (its shadow memory cannot be dumped)";
    openWindow();
    QDialog* generate = openDialog(window().actions()->generate(), QStringLiteral("generateDialog"));
    ASSERT_NE(generate, nullptr);
    QTest::keyClicks(childOf<QLineEdit>(generate, QStringLiteral("labelField")),
                     QStringLiteral("probe-console"));
    childOf<QPushButton>(generate, QStringLiteral("generateButton"))->click();
    QList<QByteArray> kept{revealCopyAndClose()};

    ASSERT_TRUE(waitUntil([&] { return rowOf(QStringLiteral("probe-console")) >= 0; }));
    ASSERT_TRUE(selectToken(QStringLiteral("probe-console")));
    QDialog* rotate = openDialog(window().actions()->rotate(), QStringLiteral("rotateDialog"));
    ASSERT_NE(rotate, nullptr);
    childOf<QPushButton>(rotate, QStringLiteral("rotateButton"))->click();
    kept << revealCopyAndClose();
    ui::Clipboard::instance()->clearIfOwned();
    ASSERT_TRUE(waitIdle());
    QTest::qWait(50); // the closed dialogs are deleted later, from the event loop

    for (const QByteArray& secret : kept)
        ASSERT_TRUE(scrambled(secret).startsWith("tdk_"));
    const CoreDump dump = dumpProcess(QCoreApplication::applicationPid(), m_dir.path());
    ASSERT_TRUE(dump.ok()) << qPrintable(dump.log);
    EXPECT_GT(occurrences(dump, "probe-console"), 0) << "the dump does not hold what the console showed";
    for (const QByteArray& secret : kept)
        EXPECT_EQ(occurrences(dump, scrambled(secret).mid(4)), 0) << "a token is in the console's dump";
}

} // namespace tokendesk::test
