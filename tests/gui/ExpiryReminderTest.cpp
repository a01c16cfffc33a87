// SPDX-License-Identifier: GPL-3.0-or-later
// Tokens about to expire, as the console tells an admin about them: a badge beside the expiry
// filter with their number, a banner once per store and session whose "Show Them" lists them,
// and their Expires cells marked (and said so to a screen reader).
#include "models/table/TokenTableModel.h"
#include "tests/gui/GuiTestSupport.h"
#include "ui/store/StoreSession.h"

#include <QComboBox>
#include <QPushButton>
#include <QToolButton>

namespace tokendesk::test {

namespace {

class ExpiryReminderTest : public GuiTest
{
protected:
    void generateExpiring(const QString& label, int days)
    {
        const QDateTime expires =
            days > 0 ? QDateTime::currentDateTimeUtc().addDays(days).addSecs(-60) : QDateTime();
        awaitOk(m_backend->generate(TokenSpec{label, Role::Developer, expires}));
    }

    QToolButton* badge() { return window().findChild<QToolButton*>(QStringLiteral("expiringBadge")); }
    bool badgeSays(const QString& text)
    {
        return waitUntil([&] { return badge()->isVisibleTo(&window()) && badge()->text() == text; });
    }

    QModelIndex expiresCell(const QString& label)
    {
        return window().tokenModel()->index(rowOf(label), TokenTableModel::Expires);
    }

    // The tokens every test starts from: two within the default first warning (30 days), two not.
    void openWithFourTokens()
    {
        openWindow(10);
        generateExpiring(QStringLiteral("in-five-days"), 5);
        generateExpiring(QStringLiteral("in-twenty-days"), 20);
        generateExpiring(QStringLiteral("in-sixty-days"), 60);
        generateExpiring(QStringLiteral("never"), 0);
        window().session()->refresh();
        window().tokenModel()->reload();
        ASSERT_TRUE(waitIdle());
    }
};

} // namespace

TEST_F(ExpiryReminderTest, TheBadgeTheBannerAndTheMarkedRowsNameTheTokensWithinTheFirstWarning)
{
    openWithFourTokens();
    ASSERT_TRUE(badgeSays(QStringLiteral("2 expiring")));
    EXPECT_TRUE(badge()->toolTip().contains(QStringLiteral("2 tokens expire within 30 days")))
        << qPrintable(badge()->toolTip());
    EXPECT_FALSE(badge()->accessibleName().isEmpty());
    ASSERT_TRUE(waitForBanner(QStringLiteral("2 tokens expire within 30 days.")));

    for (const char* label : {"in-five-days", "in-twenty-days"}) {
        const QModelIndex cell = expiresCell(QString::fromLatin1(label));
        EXPECT_TRUE(cell.data(TokenTableModel::ExpiresSoonRole).toBool()) << label;
        EXPECT_TRUE(cell.data(Qt::AccessibleTextRole).toString().endsWith(QStringLiteral(", expires soon")))
            << label;
        EXPECT_TRUE(cell.data(Qt::ToolTipRole).toString().contains(QStringLiteral("first expiry warning")))
            << label;
    }
    for (const char* label : {"in-sixty-days", "never"}) {
        const QModelIndex cell = expiresCell(QString::fromLatin1(label));
        EXPECT_FALSE(cell.data(TokenTableModel::ExpiresSoonRole).toBool()) << label;
        EXPECT_FALSE(cell.data(Qt::AccessibleTextRole).toString().contains(QStringLiteral("soon"))) << label;
    }

    // "Show Them" sets the expiry filter: the table lists exactly those two.
    auto* show = window().findChild<QPushButton*>(QStringLiteral("bannerAction"));
    ASSERT_TRUE(show && show->isVisible());
    EXPECT_EQ(show->text(), QStringLiteral("Show Them"));
    show->click();
    ASSERT_TRUE(waitUntil([this] { return window().tokenModel()->query().expiresWithinDays == 30; }));
    ASSERT_TRUE(waitIdle());
    QStringList listed = labels();
    listed.sort();
    EXPECT_EQ(listed, (QStringList{QStringLiteral("in-five-days"), QStringLiteral("in-twenty-days")}));
    EXPECT_EQ(window().findChild<QComboBox*>(QStringLiteral("expiryFilter"))->currentText(),
              QStringLiteral("Expires within 30 days"));
}

TEST_F(ExpiryReminderTest, TheBannerComesOncePerStoreWhileTheBadgeFollowsEveryChange)
{
    openWithFourTokens();
    ASSERT_TRUE(waitForBanner(QStringLiteral("2 tokens expire within 30 days.")));
    window().findChild<QToolButton*>(QStringLiteral("bannerClose"))->click();

    // Another token within the warning: the badge counts it, the banner stays away.
    generateExpiring(QStringLiteral("in-two-days"), 2);
    window().session()->refresh();
    ASSERT_TRUE(badgeSays(QStringLiteral("3 expiring")));
    // The same store opened again in this session: still no banner.
    window().setBackend(m_backend, storePath());
    ASSERT_TRUE(waitIdle());
    ASSERT_TRUE(badgeSays(QStringLiteral("3 expiring")));
    EXPECT_FALSE(bannerText().contains(QStringLiteral("expire within"))) << qPrintable(bannerText());

    // The first warning follows the store's thresholds, and a filter choice is added for one the
    // list does not offer.
    awaitOk(m_backend->setExpiryWarningDays({14, 3}));
    window().session()->refresh();
    ASSERT_TRUE(badgeSays(QStringLiteral("2 expiring")));
    EXPECT_FALSE(
        expiresCell(QStringLiteral("in-twenty-days")).data(TokenTableModel::ExpiresSoonRole).toBool());
    EXPECT_TRUE(expiresCell(QStringLiteral("in-two-days")).data(TokenTableModel::ExpiresSoonRole).toBool());
    badge()->click();
    ASSERT_TRUE(waitUntil([this] { return window().tokenModel()->query().expiresWithinDays == 14; }));
    auto* filter = window().findChild<QComboBox*>(QStringLiteral("expiryFilter"));
    EXPECT_EQ(filter->currentText(), QStringLiteral("Expires within 14 days"));
    EXPECT_EQ(filter->itemData(filter->currentIndex() - 1).toInt(), 7);
    EXPECT_EQ(filter->itemData(filter->currentIndex() + 1).toInt(), 30);

    // No warnings at all: no badge, no marks.
    awaitOk(m_backend->setExpiryWarningDays({}));
    window().session()->refresh();
    ASSERT_TRUE(waitUntil([this] { return !badge()->isVisibleTo(&window()); }));
    EXPECT_FALSE(expiresCell(QStringLiteral("in-two-days")).data(TokenTableModel::ExpiresSoonRole).toBool());
}

} // namespace tokendesk::test
