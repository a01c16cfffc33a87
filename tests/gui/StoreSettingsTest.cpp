// SPDX-License-Identifier: GPL-3.0-or-later
// File → Store Settings…: an admin sets the token limit and the lifetime policy per role; what
// breaks the policy's own rules is refused in the dialog, a refusal of the backend is shown there
// too, and a non-admin sees the settings read-only.
#include "models/core/LifetimePolicy.h"
#include "tests/gui/GuiTestSupport.h"
#include "ui/ActionCollection.h"
#include "ui/store/LifetimeCombo.h"
#include "ui/store/StoreSession.h"
#include "ui/store/StoreSettingsDialog.h"

#include <QAction>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>

namespace tokendesk::test {

namespace {

using namespace std::chrono_literals;

class StoreSettingsTest : public GuiTest
{
protected:
    ui::StoreSettingsDialog* openSettings()
    {
        QAction* action = window().actions()->storeSettings();
        EXPECT_TRUE(action->isEnabled()) << qPrintable(action->toolTip());
        action->trigger();
        auto* dialog = waitForTopLevel<ui::StoreSettingsDialog>(QStringLiteral("storeSettingsDialog"));
        if (dialog != nullptr) {
            EXPECT_TRUE(waitUntil([dialog] { return dialog->isLoaded(); }));
        }
        return dialog;
    }

    static ui::LifetimeCombo* combo(QWidget* dialog, const QString& name)
    {
        return childOf<ui::LifetimeCombo>(dialog, name);
    }

    static void choose(ui::LifetimeCombo* field, const QString& text)
    {
        const int index = field->findText(text);
        ASSERT_GE(index, 0) << qPrintable(text);
        field->setCurrentIndex(index);
    }
};

TEST_F(StoreSettingsTest, AnAdminSetsTheTokenLimitAndTheLifetimePolicy)
{
    openWindow(3);
    auto* dialog = openSettings();
    ASSERT_NE(dialog, nullptr);
    auto* limit = childOf<QSpinBox>(dialog, QStringLiteral("tokenLimitField"));
    EXPECT_EQ(limit->value(), 3);
    EXPECT_EQ(combo(dialog, QStringLiteral("developerDefaultLifetime"))->currentText(),
              QStringLiteral("90 days"));
    EXPECT_EQ(combo(dialog, QStringLiteral("adminMaximumLifetime"))->currentText(),
              QStringLiteral("No maximum"));
    EXPECT_FALSE(childOf<QLabel>(dialog, QStringLiteral("readOnlyNote"))->isVisibleTo(dialog));

    // A maximum below the default is refused by the dialog, before anything is sent.
    choose(combo(dialog, QStringLiteral("adminMaximumLifetime")), QStringLiteral("30 days"));
    childOf<QPushButton>(dialog, QStringLiteral("saveButton"))->click();
    auto* error = childOf<QLabel>(dialog, QStringLiteral("settingsError"));
    EXPECT_TRUE(error->text().contains(QStringLiteral("30 days"))) << qPrintable(error->text());
    EXPECT_TRUE(dialog->isVisible());
    EXPECT_EQ(awaitOk(m_backend->lifetimePolicy()), LifetimePolicy::newStoreDefault()) << "nothing was saved";

    choose(combo(dialog, QStringLiteral("adminDefaultLifetime")), QStringLiteral("7 days"));
    choose(combo(dialog, QStringLiteral("developerMaximumLifetime")), QStringLiteral("365 days"));
    limit->setValue(5);
    auto* retention = combo(dialog, QStringLiteral("inactiveRetentionField"));
    EXPECT_EQ(retention->currentText(), QStringLiteral("For ever"));
    choose(retention, QStringLiteral("90 days"));
    auto* warnings = childOf<QLineEdit>(dialog, QStringLiteral("expiryWarningsField"));
    EXPECT_EQ(warnings->text(), QStringLiteral("30, 7, 1"));
    warnings->setText(QStringLiteral("7, 400"));
    childOf<QPushButton>(dialog, QStringLiteral("saveButton"))->click();
    EXPECT_TRUE(error->text().contains(QStringLiteral("400"))) << qPrintable(error->text());
    EXPECT_EQ(awaitOk(m_backend->tokenLimit()), 3) << "nothing was saved";
    warnings->setText(QStringLiteral("14, 3"));
    childOf<QPushButton>(dialog, QStringLiteral("saveButton"))->click();
    ASSERT_TRUE(
        waitForBanner(QStringLiteral("Store settings saved: 5 tokens per user, the lifetime policy, inactive "
                                     "tokens kept 90 days, expiry warnings 14 and 3 days before.")))
        << qPrintable(bannerText());
    EXPECT_EQ(awaitOk(m_backend->expiryWarningDays()), (QList<int>{14, 3}));
    EXPECT_EQ(awaitOk(m_backend->inactiveRetention()), std::optional<int>(90));
    EXPECT_EQ(awaitOk(m_backend->tokenLimit()), 5);
    const LifetimePolicy saved = awaitOk(m_backend->lifetimePolicy());
    EXPECT_EQ(saved.admin, (RoleLifetime{24h * 7, 24h * 30}));
    EXPECT_EQ(saved.developer, (RoleLifetime{24h * 90, 24h * 365}));
    ASSERT_TRUE(waitUntil([&] {
        return window().session()->info() && window().session()->info()->tokenLimit == 5;
    })) << "Generate counts against the new limit";
}

// A lifetime set elsewhere (the CLI's "12h") is shown as it is, and saving without a change
// writes nothing.
TEST_F(StoreSettingsTest, ALifetimeFromTheCliIsKeptAndAnUnchangedSaveWritesNothing)
{
    openWindow();
    LifetimePolicy policy = LifetimePolicy::newStoreDefault();
    policy.admin = RoleLifetime{12h, 24h * 2};
    awaitOk(m_backend->setLifetimePolicy(policy));
    const qsizetype auditBefore = awaitOk(m_backend->audit({})).size();

    auto* dialog = openSettings();
    ASSERT_NE(dialog, nullptr);
    EXPECT_EQ(combo(dialog, QStringLiteral("adminDefaultLifetime"))->currentText(),
              QStringLiteral("12 hours"));
    EXPECT_EQ(combo(dialog, QStringLiteral("adminMaximumLifetime"))->currentText(), QStringLiteral("2 days"));
    EXPECT_EQ(dialog->policy(), policy);
    childOf<QPushButton>(dialog, QStringLiteral("saveButton"))->click();
    ASSERT_TRUE(waitUntil([dialog] { return !dialog->isVisible(); }));
    EXPECT_EQ(awaitOk(m_backend->audit({})).size(), auditBefore) << "no change, no audit entry";
    EXPECT_EQ(awaitOk(m_backend->lifetimePolicy()), policy);
}

TEST_F(StoreSettingsTest, ANonAdminSeesTheSettingsReadOnlyAndTheBackendRefusesThemToo)
{
    openWindow();
    awaitOk(m_backend->addUser(User{QStringLiteral("dave"), false, true}));
    const std::shared_ptr<Backend> asDave = m_backend->withActor(QStringLiteral("dave"));

    ui::StoreSettingsDialog readOnly(asDave, false);
    readOnly.show();
    ASSERT_TRUE(waitUntil([&] { return readOnly.isLoaded(); }));
    EXPECT_TRUE(childOf<QLabel>(&readOnly, QStringLiteral("readOnlyNote"))->isVisibleTo(&readOnly));
    EXPECT_FALSE(childOf<QPushButton>(&readOnly, QStringLiteral("saveButton"))->isEnabled());
    EXPECT_FALSE(childOf<QSpinBox>(&readOnly, QStringLiteral("tokenLimitField"))->isEnabled());
    EXPECT_EQ(combo(&readOnly, QStringLiteral("developerDefaultLifetime"))->currentText(),
              QStringLiteral("90 days"))
        << "they still see the policy their tokens follow";

    // Had the console let them try, the backend would have said no, in the dialog.
    ui::StoreSettingsDialog tried(asDave, true);
    tried.show();
    ASSERT_TRUE(waitUntil([&] { return tried.isLoaded(); }));
    childOf<QSpinBox>(&tried, QStringLiteral("tokenLimitField"))->setValue(9);
    childOf<QPushButton>(&tried, QStringLiteral("saveButton"))->click();
    auto* error = childOf<QLabel>(&tried, QStringLiteral("settingsError"));
    ASSERT_TRUE(waitUntil([&] { return !error->text().isEmpty(); }));
    EXPECT_TRUE(error->text().contains(QStringLiteral("dave"))) << qPrintable(error->text());
    EXPECT_TRUE(tried.isVisible());
    EXPECT_TRUE(childOf<QPushButton>(&tried, QStringLiteral("saveButton"))->isEnabled())
        << "they may try again";
    EXPECT_EQ(awaitOk(m_backend->tokenLimit()), 3);
}

} // namespace

} // namespace tokendesk::test
