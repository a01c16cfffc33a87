// SPDX-License-Identifier: GPL-3.0-or-later
// The eye toggle on the one-time reveal field.
#include "ui/tokens/RevealDialog.h"

#include "tests/gui/GuiTestSupport.h"
#include "ui/widgets/Clipboard.h"

#include <QAction>
#include <QCheckBox>
#include <QClipboard>
#include <QGuiApplication>
#include <QLineEdit>
#include <QPushButton>
#include <QTest>
#include <QToolButton>

#include <memory>

namespace tokendesk::test {

namespace {

const QString kSecret = QStringLiteral("tdk_test_0123456789abcdefghijklmnopqrstuv");

class RevealDialogTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        GeneratedToken generated;
        generated.token.label = QStringLiteral("ci-deploy");
        generated.secret = Secret(kSecret.toUtf8());
        m_dialog = std::make_unique<ui::RevealDialog>(generated, &m_clipboard);
        m_field = childOf<QLineEdit>(m_dialog.get(), QStringLiteral("secretField"));
        m_toggle = m_dialog->findChild<QAction*>(QStringLiteral("toggleSecretVisibleAction"));
    }

    void TearDown() override { m_clipboard.clearIfOwned(); }

    ui::Clipboard m_clipboard;
    std::unique_ptr<ui::RevealDialog> m_dialog;
    QLineEdit* m_field = nullptr;
    QAction* m_toggle = nullptr;
};

} // namespace

TEST_F(RevealDialogTest, TokenIsShownByDefaultWithATrailingEyeToggle)
{
    ASSERT_NE(m_field, nullptr);
    ASSERT_NE(m_toggle, nullptr);
    EXPECT_EQ(m_toggle, m_dialog->toggleVisibleAction());
    EXPECT_TRUE(m_field->actions().contains(m_toggle));
    EXPECT_TRUE(m_toggle->isCheckable());
    EXPECT_TRUE(m_toggle->isChecked());
    EXPECT_FALSE(m_toggle->icon().isNull());
    EXPECT_EQ(m_field->echoMode(), QLineEdit::Normal);
    EXPECT_EQ(m_field->text(), kSecret);
    EXPECT_EQ(m_toggle->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_H));
    EXPECT_EQ(m_toggle->shortcutContext(), Qt::WidgetShortcut);
    EXPECT_EQ(m_toggle->text(), QStringLiteral("Hide token"));
    EXPECT_TRUE(m_field->accessibleDescription().startsWith(QStringLiteral("Secret, shown")));

    // The line edit shows the action as a button whose accessible name is the action's text.
    bool found = false;
    for (QToolButton* button : m_field->findChildren<QToolButton*>())
        found = found || button->defaultAction() == m_toggle;
    EXPECT_TRUE(found);
}

TEST_F(RevealDialogTest, ToggleHidesAndShowsAndCopyStillWorksWhileHidden)
{
    m_toggle->trigger();
    EXPECT_FALSE(m_toggle->isChecked());
    EXPECT_EQ(m_field->echoMode(), QLineEdit::Password);
    EXPECT_EQ(m_toggle->text(), QStringLiteral("Show token"));
    EXPECT_TRUE(m_toggle->toolTip().startsWith(QStringLiteral("Show token (")));
    EXPECT_TRUE(m_field->accessibleDescription().startsWith(QStringLiteral("Secret, hidden")));

    childOf<QPushButton>(m_dialog.get(), QStringLiteral("copyButton"))->click();
    EXPECT_EQ(QGuiApplication::clipboard()->text(), kSecret);

    EXPECT_EQ(m_field->displayText(), QString(kSecret.size(), m_field->displayText().at(0))) << "dots";
    EXPECT_EQ(m_field->text(), kSecret) << "hiding overwrote the laid-out copy only, not the field's text";

    m_toggle->trigger();
    EXPECT_TRUE(m_toggle->isChecked());
    EXPECT_EQ(m_field->echoMode(), QLineEdit::Normal);
    EXPECT_EQ(m_field->displayText(), kSecret) << "shown again, whole";
    EXPECT_EQ(m_field->text(), kSecret);
}

TEST_F(RevealDialogTest, CtrlHInTheFieldToggles)
{
    m_dialog->show();
    QApplication::setActiveWindow(m_dialog.get());
    ASSERT_TRUE(QTest::qWaitForWindowActive(m_dialog.get()));
    m_field->setFocus();
    ASSERT_TRUE(waitUntil([&] { return m_field->hasFocus(); }));
    QTest::keyClick(m_field, Qt::Key_H, Qt::ControlModifier);
    EXPECT_EQ(m_field->echoMode(), QLineEdit::Password);
    QTest::keyClick(m_field, Qt::Key_H, Qt::ControlModifier);
    EXPECT_EQ(m_field->echoMode(), QLineEdit::Normal);
    m_dialog->hide();
}

TEST_F(RevealDialogTest, ClosingWipesAndDisablesTheToggle)
{
    m_dialog->show();
    childOf<QCheckBox>(m_dialog.get(), QStringLiteral("storedCheck"))->setChecked(true);
    childOf<QPushButton>(m_dialog.get(), QStringLiteral("closeButton"))->click();
    EXPECT_TRUE(m_dialog->isWiped());
    EXPECT_TRUE(m_field->text().isEmpty());
    EXPECT_FALSE(m_toggle->isEnabled());
}

} // namespace tokendesk::test
