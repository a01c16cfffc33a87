// SPDX-License-Identifier: GPL-3.0-or-later
// Changes to many tokens at once, driven through the real widgets: rows picked with Ctrl and a
// click or Ctrl+A, one confirmation that names their number (a revoke wants it typed), the
// progress with its Cancel, and a summary that lists what did not change and why.
#include "models/table/TokenTableModel.h"
#include "tests/gui/GuiTestSupport.h"
#include "ui/ActionCollection.h"

#include <QAction>
#include <QContextMenuEvent>
#include <QDialog>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QProgressDialog>
#include <QPushButton>
#include <QTableView>
#include <QTest>

namespace tokendesk::test {

namespace {

class BulkActionsTest : public GuiTest
{
protected:
    QTableView* table() { return window().findChild<QTableView*>(QStringLiteral("tokenTable")); }

    void clickRow(const QString& label, Qt::KeyboardModifiers modifiers = {})
    {
        const int row = rowOf(label);
        ASSERT_GE(row, 0) << qPrintable(label);
        const QRect rect = table()->visualRect(table()->model()->index(row, TokenTableModel::Label));
        QTest::mouseClick(table()->viewport(), Qt::LeftButton, modifiers, rect.center());
    }

    QString countText() { return window().findChild<QLabel*>(QStringLiteral("tokenCount"))->text(); }

    QDialog* confirmDialog(QAction* action)
    {
        EXPECT_TRUE(action->isEnabled()) << qPrintable(action->toolTip());
        action->trigger();
        return waitForTopLevel<QDialog>(QStringLiteral("bulkConfirmDialog"));
    }

    TokenStatus statusOf(const QString& label)
    {
        for (const Token& token : awaitOk(m_backend->list(TokenQuery{})))
            if (token.label == label)
                return token.status;
        ADD_FAILURE() << "no token " << qPrintable(label);
        return TokenStatus::Active;
    }

    void reloadTable()
    {
        window().tokenModel()->reload();
        ASSERT_TRUE(waitIdle());
    }
};

} // namespace

TEST_F(BulkActionsTest, CtrlClickedRowsAreDisabledTogetherAfterOneConfirmationNamingTheirNumber)
{
    openWindow(10);
    for (const char* label : {"a-one", "b-two", "c-three", "d-four", "e-five"})
        generateDirect(QString::fromLatin1(label));
    reloadTable();
    clickRow(QStringLiteral("a-one"));
    clickRow(QStringLiteral("c-three"), Qt::ControlModifier);
    clickRow(QStringLiteral("e-five"), Qt::ControlModifier);
    EXPECT_TRUE(countText().contains(QStringLiteral("3 selected"))) << qPrintable(countText());
    // The single-token actions wait for one row, and say so.
    EXPECT_FALSE(window().actions()->rename()->isEnabled());
    EXPECT_TRUE(window().actions()->rename()->toolTip().contains(QStringLiteral("3 tokens are selected")));
    auto* placeholder = window().findChild<QLabel*>(QStringLiteral("detailsPlaceholder"));
    EXPECT_TRUE(placeholder->isVisibleTo(&window()) &&
                placeholder->text().startsWith(QStringLiteral("3 tokens are selected.")))
        << qPrintable(placeholder->text());

    QDialog* dialog = confirmDialog(window().actions()->bulkDisable());
    ASSERT_NE(dialog, nullptr);
    EXPECT_EQ(dialog->windowTitle(), QStringLiteral("Disable 3 tokens"));
    childOf<QPushButton>(dialog, QStringLiteral("applyButton"))->click();

    ASSERT_TRUE(waitForBanner(QStringLiteral("3 tokens disabled.")));
    for (const char* label : {"a-one", "c-three", "e-five"})
        EXPECT_EQ(statusOf(QString::fromLatin1(label)), TokenStatus::Disabled) << label;
    for (const char* label : {"b-two", "d-four"})
        EXPECT_EQ(statusOf(QString::fromLatin1(label)), TokenStatus::Active) << label;
}

TEST_F(BulkActionsTest, RevokeOfEveryRowWaitsForTheirNumberTypedThenEveryTokenIsRejected)
{
    openWindow(10);
    const GeneratedToken first = generateDirect(QStringLiteral("first"));
    for (const char* label : {"second", "third", "fourth"})
        generateDirect(QString::fromLatin1(label));
    reloadTable();
    table()->setFocus();
    QTest::keyClick(table(), Qt::Key_A, Qt::ControlModifier);
    EXPECT_TRUE(countText().contains(QStringLiteral("4 selected"))) << qPrintable(countText());

    QDialog* dialog = confirmDialog(window().actions()->bulkRevoke());
    ASSERT_NE(dialog, nullptr);
    auto* apply = childOf<QPushButton>(dialog, QStringLiteral("applyButton"));
    auto* typed = childOf<QLineEdit>(dialog, QStringLiteral("confirmField"));
    EXPECT_FALSE(apply->isEnabled());
    EXPECT_FALSE(apply->isDefault()) << "Enter alone must not revoke";
    QTest::keyClicks(typed, QStringLiteral("3"));
    EXPECT_FALSE(apply->isEnabled()) << "a wrong number is refused";
    typed->clear();
    QTest::keyClicks(typed, QStringLiteral("4"));
    ASSERT_TRUE(apply->isEnabled());
    apply->click();

    ASSERT_TRUE(waitForBanner(QStringLiteral("4 tokens revoked.")));
    ASSERT_TRUE(waitIdle());
    EXPECT_TRUE(labels().isEmpty()) << qPrintable(labels().join(u','));
    EXPECT_EQ(await(m_backend->verify(first.secret)).code(), ErrorCode::ApiKeyInvalid);
}

TEST_F(BulkActionsTest, ATokenChangedSinceItWasShownIsListedAndTheOthersStillChange)
{
    openWindow(10);
    for (const char* label : {"alpha", "beta", "gamma"})
        generateDirect(QString::fromLatin1(label));
    reloadTable();
    window().actions()->selectAll()->trigger();
    // Another admin renames one while this console still shows the old version.
    const Token beta = window().tokenModel()->tokenAt(rowOf(QStringLiteral("beta"))).value();
    awaitOk(m_backend->rename(beta.id, beta.version, QStringLiteral("beta-renamed")));

    QDialog* dialog = confirmDialog(window().actions()->bulkDisable());
    ASSERT_NE(dialog, nullptr);
    childOf<QPushButton>(dialog, QStringLiteral("applyButton"))->click();

    auto* summary = waitForTopLevel<QMessageBox>(QStringLiteral("bulkSummary"));
    ASSERT_NE(summary, nullptr);
    EXPECT_TRUE(summary->text().contains(QStringLiteral("2 tokens disabled.")))
        << qPrintable(summary->text());
    EXPECT_TRUE(summary->text().contains(QStringLiteral("1 token could not be changed:")))
        << qPrintable(summary->text());
    EXPECT_TRUE(summary->text().contains(QStringLiteral("beta"))) << qPrintable(summary->text());
    EXPECT_TRUE(summary->detailedText().contains(QStringLiteral("beta")))
        << qPrintable(summary->detailedText());
    summary->accept();
    EXPECT_EQ(statusOf(QStringLiteral("alpha")), TokenStatus::Disabled);
    EXPECT_EQ(statusOf(QStringLiteral("gamma")), TokenStatus::Disabled);
    EXPECT_EQ(statusOf(QStringLiteral("beta-renamed")), TokenStatus::Active)
        << "its change was not made blind";
}

TEST_F(BulkActionsTest, TagsAreAddedToAndRemovedFromTheSelectedTokens)
{
    openWindow(10);
    for (const char* label : {"one", "two", "three"})
        generateDirect(QString::fromLatin1(label));
    reloadTable();
    clickRow(QStringLiteral("one"));
    clickRow(QStringLiteral("two"), Qt::ControlModifier);

    QDialog* dialog = confirmDialog(window().actions()->bulkAddTag());
    ASSERT_NE(dialog, nullptr);
    auto* apply = childOf<QPushButton>(dialog, QStringLiteral("applyButton"));
    EXPECT_FALSE(apply->isEnabled()) << "no tag typed yet";
    auto* tag = childOf<QLineEdit>(dialog, QStringLiteral("tagField"));
    QTest::keyClicks(tag, QStringLiteral("bad tag"));
    apply->click();
    EXPECT_TRUE(dialog->isVisible()) << "a tag with a space is refused in the dialog";
    tag->clear();
    QTest::keyClicks(tag, QStringLiteral("env=Prod"));
    apply->click();
    ASSERT_TRUE(waitForBanner(QStringLiteral("2 tokens tagged.")));

    TokenQuery tagged;
    tagged.filter = QStringLiteral("tag:env=Prod");
    QStringList found;
    for (const Token& token : awaitOk(m_backend->list(tagged)))
        found << token.label;
    found.sort();
    EXPECT_EQ(found, (QStringList{QStringLiteral("one"), QStringLiteral("two")}));
}

// Cancel stops after the step in flight: what it did stays done, the rest is never attempted,
// and the summary says how many.
TEST_F(BulkActionsTest, CancelStopsAfterTheStepInFlightAndTheSummarySaysWhatWasLeft)
{
    openWindow(10);
    awaitOk(m_backend->seed(2500));
    reloadTable();
    const int rows = window().tokenModel()->rowCount();
    ASSERT_EQ(rows, 2500);
    window().actions()->selectAll()->trigger();
    EXPECT_TRUE(countText().contains(QLocale().toString(2500) + QStringLiteral(" selected")))
        << qPrintable(countText());

    QDialog* dialog = confirmDialog(window().actions()->bulkRevoke());
    ASSERT_NE(dialog, nullptr);
    QTest::keyClicks(childOf<QLineEdit>(dialog, QStringLiteral("confirmField")), QStringLiteral("2500"));
    childOf<QPushButton>(dialog, QStringLiteral("applyButton"))->click();
    auto* progress = window().findChild<QProgressDialog*>(QStringLiteral("bulkProgress"));
    ASSERT_NE(progress, nullptr);
    auto* cancel = progress->findChild<QPushButton*>();
    ASSERT_NE(cancel, nullptr);
    cancel->click();

    auto* summary = waitForTopLevel<QMessageBox>(QStringLiteral("bulkSummary"), 30000);
    ASSERT_NE(summary, nullptr);
    EXPECT_TRUE(summary->text().contains(QStringLiteral("1000 tokens revoked.")))
        << qPrintable(summary->text());
    EXPECT_TRUE(summary->text().contains(QStringLiteral("Cancelled: 1500 tokens were not attempted.")))
        << qPrintable(summary->text());
    summary->accept();
    EXPECT_EQ(awaitOk(m_backend->count(TokenQuery{})), 1500);
}

TEST_F(BulkActionsTest, TheMenuOfARowInsideTheSelectionActsOnTheWholeSelection)
{
    openWindow(10);
    for (const char* label : {"left", "middle", "right"})
        generateDirect(QString::fromLatin1(label));
    reloadTable();
    clickRow(QStringLiteral("left"));
    clickRow(QStringLiteral("right"), Qt::ShiftModifier);
    const int row = rowOf(QStringLiteral("middle"));
    const QRect rect = table()->visualRect(table()->model()->index(row, TokenTableModel::Label));
    QContextMenuEvent event(QContextMenuEvent::Mouse, rect.center(),
                            table()->viewport()->mapToGlobal(rect.center()));
    QApplication::sendEvent(table()->viewport(), &event);
    auto* menu = waitForTopLevel<QMenu>(QStringLiteral("selectionRowMenu"));
    ASSERT_NE(menu, nullptr);
    EXPECT_TRUE(menu->actions().contains(window().actions()->bulkRevoke()));
    menu->close();
    EXPECT_TRUE(countText().contains(QStringLiteral("3 selected"))) << "the click kept the selection";

    // A row outside the selection gets its own menu, and becomes the selection.
    clickRow(QStringLiteral("left"));
    QContextMenuEvent single(QContextMenuEvent::Mouse, rect.center(),
                             table()->viewport()->mapToGlobal(rect.center()));
    QApplication::sendEvent(table()->viewport(), &single);
    auto* rowMenu = waitForTopLevel<QMenu>(QStringLiteral("rowMenu"));
    ASSERT_NE(rowMenu, nullptr);
    rowMenu->close();
    EXPECT_EQ(window().actions()->rename()->isEnabled(), true);
}

} // namespace tokendesk::test
