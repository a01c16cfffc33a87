// SPDX-License-Identifier: GPL-3.0-or-later
// The token flows driven through the real widgets: the shared actions, the dialogs they open,
// the banner that reports and the table that follows.
#include "models/table/EndedTokenListModel.h"
#include "models/table/TokenTableModel.h"
#include "tests/gui/GuiTestSupport.h"
#include "ui/ActionCollection.h"
#include "ui/tokens/InactiveTokensDialog.h"
#include "ui/tokens/RevealDialog.h"
#include "ui/widgets/Banner.h"
#include "ui/widgets/Clipboard.h"

#include <QAction>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDateEdit>
#include <QDialog>
#include <QFile>
#include <QFileDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QPushButton>
#include <QTableView>
#include <QTest>

#include <algorithm>

namespace tokendesk::test {

namespace {

using TokenFlowsTest = GuiTest;

QDialog* openDialog(QAction* action, const QString& objectName)
{
    EXPECT_TRUE(action->isEnabled()) << qPrintable(action->toolTip());
    action->trigger();
    auto* dialog = waitForTopLevel<QDialog>(objectName);
    if (dialog) {
        // Keys go where a user's would: to the dialog, not the table behind it.
        // (The offscreen platform does not always activate a new window by itself.)
        QApplication::setActiveWindow(dialog);
        EXPECT_TRUE(QTest::qWaitForWindowActive(dialog));
    }
    return dialog;
}

// Walks a reveal dialog through copy → confirm → close and returns the token it showed.
QString takeRevealedSecret()
{
    auto* reveal = waitForTopLevel<ui::RevealDialog>(QStringLiteral("revealDialog"));
    if (!reveal)
        return {};
    // A copy of its own: closing overwrites the characters the field shares with its text().
    QString secret = childOf<QLineEdit>(reveal, QStringLiteral("secretField"))->text();
    secret.detach();
    childOf<QCheckBox>(reveal, QStringLiteral("storedCheck"))->setChecked(true);
    childOf<QPushButton>(reveal, QStringLiteral("closeButton"))->click();
    return secret;
}

} // namespace

TEST_F(TokenFlowsTest, GenerateRevealCopyAndCloseWipes)
{
    openWindow();
    QDialog* dialog = openDialog(window().actions()->generate(), QStringLiteral("generateDialog"));
    ASSERT_NE(dialog, nullptr);
    EXPECT_TRUE(childOf<QAbstractButton>(dialog, QStringLiteral("roleDeveloper"))->isChecked());
    QTest::keyClicks(childOf<QLineEdit>(dialog, QStringLiteral("labelField")), QStringLiteral("ci-deploy"));
    auto* expiry = childOf<QComboBox>(dialog, QStringLiteral("expiryCombo"));
    expiry->setCurrentIndex(expiry->findText(QStringLiteral("In 30 days")));
    ASSERT_GE(expiry->currentIndex(), 0);
    childOf<QPushButton>(dialog, QStringLiteral("generateButton"))->click();

    auto* reveal = waitForTopLevel<ui::RevealDialog>(QStringLiteral("revealDialog"));
    ASSERT_NE(reveal, nullptr);
    auto* field = childOf<QLineEdit>(reveal, QStringLiteral("secretField"));
    QString secret = field->text();
    secret.detach(); // a copy of its own: closing overwrites the characters the field shares
    EXPECT_TRUE(secret.startsWith(QStringLiteral("tdk_")));
    EXPECT_TRUE(field->isReadOnly());
    EXPECT_TRUE(field->accessibleDescription().contains(QStringLiteral("Secret")));

    // Copy: the clipboard holds the token, marked sensitive, with a visible countdown.
    childOf<QPushButton>(reveal, QStringLiteral("copyButton"))->click();
    const QMimeData* mime = QGuiApplication::clipboard()->mimeData();
    ASSERT_NE(mime, nullptr);
    EXPECT_EQ(mime->text(), secret);
    EXPECT_EQ(mime->data(QStringLiteral("x-kde-passwordManagerHint")), QByteArrayLiteral("secret"));
    EXPECT_TRUE(
        childOf<QLabel>(reveal, QStringLiteral("clipboardCountdown"))->text().contains(QStringLiteral("30")));

    // Close stays disabled until the user confirms they stored it; Escape does not get around it.
    auto* close = childOf<QPushButton>(reveal, QStringLiteral("closeButton"));
    EXPECT_FALSE(close->isEnabled());
    QTest::keyClick(reveal, Qt::Key_Escape);
    EXPECT_TRUE(reveal->isVisible());
    childOf<QCheckBox>(reveal, QStringLiteral("storedCheck"))->setChecked(true);
    ASSERT_TRUE(close->isEnabled());
    close->click();
    EXPECT_TRUE(reveal->isWiped());
    EXPECT_TRUE(field->text().isEmpty());

    ASSERT_TRUE(waitForBanner(QStringLiteral("Token 'ci-deploy' created")));
    ASSERT_TRUE(waitUntil([&] { return rowOf(QStringLiteral("ci-deploy")) >= 0; }));
    // The verify path accepts the revealed token: it was the real one.
    EXPECT_TRUE(await(m_backend->verify(Secret::fromString(secret))).ok());

    // The clipboard is cleared when the countdown ends (here: forced) because it still holds it.
    ui::Clipboard::instance()->clearIfOwned();
    EXPECT_TRUE(QGuiApplication::clipboard()->text().isEmpty());
}

TEST_F(TokenFlowsTest, ClipboardIsLeftAloneWhenTheUserCopiedSomethingElse)
{
    ui::Clipboard clipboard;
    clipboard.copySecret(Secret::fromString(QStringLiteral("tdk_secret")), 30);
    QGuiApplication::clipboard()->setText(QStringLiteral("something else"));
    clipboard.clearIfOwned();
    EXPECT_EQ(QGuiApplication::clipboard()->text(), QStringLiteral("something else"));
    EXPECT_FALSE(clipboard.holdsSecret());
}

TEST_F(TokenFlowsTest, BadLabelShowsAnInlineError)
{
    openWindow();
    QDialog* dialog = openDialog(window().actions()->generate(), QStringLiteral("generateDialog"));
    ASSERT_NE(dialog, nullptr);
    auto* error = childOf<QLabel>(dialog, QStringLiteral("labelError"));
    EXPECT_FALSE(error->isVisible());
    childOf<QPushButton>(dialog, QStringLiteral("generateButton"))->click();
    EXPECT_TRUE(error->isVisible());
    EXPECT_FALSE(error->text().isEmpty());
    auto* label = childOf<QLineEdit>(dialog, QStringLiteral("labelField"));
    EXPECT_EQ(label->accessibleDescription(), error->text());
    EXPECT_TRUE(dialog->isVisible()); // nothing was generated

    QTest::keyClicks(label, QStringLiteral("ok-label"));
    EXPECT_FALSE(error->isVisible());
    dialog->close();
}

TEST_F(TokenFlowsTest, RevokeIsRefusedUntilTheLabelIsTypedThenTheRowGoes)
{
    openWindow();
    const GeneratedToken token = generateDirect(QStringLiteral("ci-deploy"));
    window().tokenModel()->reload();
    ASSERT_TRUE(selectToken(QStringLiteral("ci-deploy")));

    QDialog* dialog = openDialog(window().actions()->revoke(), QStringLiteral("revokeDialog"));
    ASSERT_NE(dialog, nullptr);
    auto* revoke = childOf<QPushButton>(dialog, QStringLiteral("revokeButton"));
    auto* cancel = childOf<QPushButton>(dialog, QStringLiteral("cancelButton"));
    EXPECT_TRUE(cancel->isDefault());
    EXPECT_FALSE(revoke->isEnabled());
    auto* confirm = childOf<QLineEdit>(dialog, QStringLiteral("confirmField"));
    QTest::keyClicks(confirm, QStringLiteral("ci-deplo"));
    EXPECT_FALSE(revoke->isEnabled());
    QTest::keyClicks(confirm, QStringLiteral("y"));
    ASSERT_TRUE(revoke->isEnabled());
    revoke->click();

    ASSERT_TRUE(waitForBanner(QStringLiteral("Token 'ci-deploy' revoked")));
    EXPECT_EQ(rowOf(QStringLiteral("ci-deploy")), -1);
    EXPECT_EQ(await(m_backend->verify(token.secret)).code(), ErrorCode::ApiKeyInvalid);
}

TEST_F(TokenFlowsTest, RevokeCancelledChangesNothing)
{
    openWindow();
    generateDirect(QStringLiteral("keep-me"));
    window().tokenModel()->reload();
    ASSERT_TRUE(selectToken(QStringLiteral("keep-me")));
    QDialog* dialog = openDialog(window().actions()->revoke(), QStringLiteral("revokeDialog"));
    ASSERT_NE(dialog, nullptr);
    QTest::keyClick(dialog, Qt::Key_Return); // Cancel is the default
    EXPECT_FALSE(dialog->isVisible());
    QTest::qWait(50);
    EXPECT_GE(rowOf(QStringLiteral("keep-me")), 0);
}

TEST_F(TokenFlowsTest, RotateRevealsANewSecretAndTheOldOneStops)
{
    openWindow();
    const GeneratedToken old = generateDirect(QStringLiteral("ci-deploy"));
    window().tokenModel()->reload();
    ASSERT_TRUE(selectToken(QStringLiteral("ci-deploy")));

    QDialog* dialog = openDialog(window().actions()->rotate(), QStringLiteral("rotateDialog"));
    ASSERT_NE(dialog, nullptr);
    EXPECT_TRUE(childOf<QPushButton>(dialog, QStringLiteral("cancelButton"))->isDefault());
    childOf<QPushButton>(dialog, QStringLiteral("rotateButton"))->click();

    const QString fresh = takeRevealedSecret();
    ASSERT_TRUE(fresh.startsWith(QStringLiteral("tdk_")));
    EXPECT_NE(fresh, old.secret.exposeAsString());
    EXPECT_TRUE(await(m_backend->verify(Secret::fromString(fresh))).ok());
    EXPECT_FALSE(await(m_backend->verify(old.secret)).ok());
    ASSERT_TRUE(waitUntil([&] { return rowOf(QStringLiteral("ci-deploy")) >= 0; }));
}

TEST_F(TokenFlowsTest, RenameUpdatesTheRowAndSaysSo)
{
    openWindow();
    generateDirect(QStringLiteral("old-name"));
    window().tokenModel()->reload();
    ASSERT_TRUE(selectToken(QStringLiteral("old-name")));

    QDialog* dialog = openDialog(window().actions()->rename(), QStringLiteral("renameDialog"));
    ASSERT_NE(dialog, nullptr);
    auto* field = childOf<QLineEdit>(dialog, QStringLiteral("renameField"));
    field->selectAll();
    QTest::keyClicks(field, QStringLiteral("new-name"));
    childOf<QPushButton>(dialog, QStringLiteral("renameButton"))->click();

    ASSERT_TRUE(waitForBanner(QStringLiteral("renamed to 'new-name'")));
    EXPECT_GE(rowOf(QStringLiteral("new-name")), 0);
    EXPECT_EQ(rowOf(QStringLiteral("old-name")), -1);
}

TEST_F(TokenFlowsTest, GenerateTakesADescriptionAndTags)
{
    openWindow();
    QDialog* dialog = openDialog(window().actions()->generate(), QStringLiteral("generateDialog"));
    ASSERT_NE(dialog, nullptr);
    QTest::keyClicks(childOf<QLineEdit>(dialog, QStringLiteral("labelField")), QStringLiteral("deploy"));
    QTest::keyClicks(childOf<QLineEdit>(dialog, QStringLiteral("descriptionField")),
                     QStringLiteral("Ships the web app"));
    auto* tags = childOf<QLineEdit>(dialog, QStringLiteral("tagsField"));
    QTest::keyClicks(tags, QStringLiteral("CI, env=prod bad,tag!"));
    auto* tagsError = childOf<QLabel>(dialog, QStringLiteral("tagsError"));
    EXPECT_TRUE(tagsError->isVisible()) << "checked as typed";
    childOf<QPushButton>(dialog, QStringLiteral("generateButton"))->click();
    EXPECT_TRUE(dialog->isVisible()) << "nothing generated with a bad tag";
    EXPECT_TRUE(awaitOk(m_backend->list({})).isEmpty());

    tags->clear();
    QTest::keyClicks(tags, QStringLiteral("CI, env=prod"));
    EXPECT_FALSE(tagsError->isVisible());
    childOf<QPushButton>(dialog, QStringLiteral("generateButton"))->click();
    auto* reveal = waitForTopLevel<ui::RevealDialog>(QStringLiteral("revealDialog"));
    ASSERT_NE(reveal, nullptr);
    childOf<QCheckBox>(reveal, QStringLiteral("storedCheck"))->setChecked(true);
    childOf<QPushButton>(reveal, QStringLiteral("closeButton"))->click();

    const QList<Token> stored = awaitOk(m_backend->list({}));
    ASSERT_EQ(stored.size(), 1);
    EXPECT_EQ(stored.first().description, QStringLiteral("Ships the web app"));
    EXPECT_EQ(stored.first().tags, (QStringList{QStringLiteral("ci"), QStringLiteral("env=prod")}));
}

namespace {
QStringList itemsOf(const QComboBox* combo)
{
    QStringList items;
    for (int i = 0; i < combo->count(); ++i)
        items << combo->itemText(i);
    return items;
}
} // namespace

// The generate dialog offers only the expiries the store's lifetime policy allows for the role
// chosen, and says why; Change Expiry… moves a token made before the policy into it.
TEST_F(TokenFlowsTest, ExpiryChoicesFollowTheLifetimePolicy)
{
    using namespace std::chrono_literals;
    openWindow();
    const GeneratedToken forever = generateDirect(QStringLiteral("forever"), Role::Admin);
    awaitOk(m_backend->setLifetimePolicy(
        {RoleLifetime{24h * 7, 24h * 30}, RoleLifetime{24h * 90, std::nullopt}}));
    window().tokenModel()->reload();

    QDialog* dialog = openDialog(window().actions()->generate(), QStringLiteral("generateDialog"));
    ASSERT_NE(dialog, nullptr);
    auto* expiry = childOf<QComboBox>(dialog, QStringLiteral("expiryCombo"));
    auto* hint = childOf<QLabel>(dialog, QStringLiteral("expiryPolicyHint"));
    EXPECT_TRUE(itemsOf(expiry).contains(QStringLiteral("Never"))) << qPrintable(itemsOf(expiry).join(u'|'));
    EXPECT_EQ(expiry->currentText(), QStringLiteral("Store default (in 90 days)"));
    EXPECT_FALSE(hint->isVisibleTo(dialog)) << "developers have no maximum";

    childOf<QAbstractButton>(dialog, QStringLiteral("roleAdmin"))->click();
    const QStringList adminChoices = itemsOf(expiry);
    EXPECT_EQ(adminChoices,
              (QStringList{QStringLiteral("Store default (in 7 days)"), QStringLiteral("In 7 days"),
                           QStringLiteral("In 30 days"), QStringLiteral("On a date…")}))
        << qPrintable(adminChoices.join(u'|'));
    EXPECT_TRUE(hint->isVisibleTo(dialog));
    EXPECT_EQ(hint->text(), QStringLiteral("The store's policy lets admin tokens live at most 30 days."));
    EXPECT_EQ(childOf<QDateEdit>(dialog, QStringLiteral("expiryDate"))->maximumDate(),
              QDateTime::currentDateTimeUtc().addDays(30).toLocalTime().date());

    QTest::keyClicks(childOf<QLineEdit>(dialog, QStringLiteral("labelField")), QStringLiteral("ops"));
    childOf<QPushButton>(dialog, QStringLiteral("generateButton"))->click();
    auto* reveal = waitForTopLevel<ui::RevealDialog>(QStringLiteral("revealDialog"));
    ASSERT_NE(reveal, nullptr);
    childOf<QCheckBox>(reveal, QStringLiteral("storedCheck"))->setChecked(true);
    childOf<QPushButton>(reveal, QStringLiteral("closeButton"))->click();
    const QList<Token> made = awaitOk(m_backend->list({}));
    const auto ops = std::find_if(made.begin(), made.end(),
                                  [](const Token& t) { return t.label == QStringLiteral("ops"); });
    ASSERT_NE(ops, made.end());
    EXPECT_LE(std::abs(ops->expiresAt.secsTo(QDateTime::currentDateTimeUtc().addDays(7))), 60);

    ASSERT_TRUE(waitIdle());
    ASSERT_TRUE(selectToken(QStringLiteral("forever")));
    QDialog* change = openDialog(window().actions()->changeExpiry(), QStringLiteral("expiryDialog"));
    ASSERT_NE(change, nullptr);
    EXPECT_EQ(childOf<QLabel>(change, QStringLiteral("currentExpiry"))->text(), QStringLiteral("Never"));
    auto* newExpiry = childOf<QComboBox>(change, QStringLiteral("expiryCombo"));
    EXPECT_FALSE(itemsOf(newExpiry).contains(QStringLiteral("Never")));
    EXPECT_EQ(newExpiry->currentText(), QStringLiteral("In 7 days")) << "the role's default first";
    newExpiry->setCurrentIndex(newExpiry->findText(QStringLiteral("In 30 days")));
    childOf<QPushButton>(change, QStringLiteral("changeExpiryButton"))->click();
    ASSERT_TRUE(waitForBanner(QStringLiteral("Token 'forever' now expires")));
    const Token moved = awaitOk(m_backend->get(forever.token.id));
    EXPECT_LE(std::abs(moved.expiresAt.secsTo(QDateTime::currentDateTimeUtc().addDays(30))), 60);
}

TEST_F(TokenFlowsTest, EditDetailsSavesShowsAndFiltersByTag)
{
    openWindow();
    generateDirect(QStringLiteral("deploy"));
    generateDirect(QStringLiteral("backup"));
    window().tokenModel()->reload();
    ASSERT_TRUE(selectToken(QStringLiteral("deploy")));

    QDialog* dialog = openDialog(window().actions()->editDetails(), QStringLiteral("detailsDialog"));
    ASSERT_NE(dialog, nullptr);
    QTest::keyClicks(childOf<QLineEdit>(dialog, QStringLiteral("descriptionField")),
                     QStringLiteral("Owned by the web team"));
    QTest::keyClicks(childOf<QLineEdit>(dialog, QStringLiteral("tagsField")), QStringLiteral("team=web ci"));
    childOf<QPushButton>(dialog, QStringLiteral("saveDetailsButton"))->click();
    ASSERT_TRUE(waitForBanner(QStringLiteral("Description and tags of token 'deploy' saved")));

    const QList<Token> tagged = awaitOk(m_backend->list({}));
    const auto deploy = std::find_if(tagged.begin(), tagged.end(),
                                     [](const Token& t) { return t.label == QStringLiteral("deploy"); });
    ASSERT_NE(deploy, tagged.end());
    EXPECT_EQ(deploy->tags, (QStringList{QStringLiteral("ci"), QStringLiteral("team=web")}));

    window().actions()->details()->trigger();
    auto* shownTags = childOf<QLabel>(&window(), QStringLiteral("detailTags"));
    ASSERT_TRUE(waitUntil([&] { return shownTags->text() == QStringLiteral("ci, team=web"); }))
        << qPrintable(shownTags->text());
    EXPECT_EQ(childOf<QLabel>(&window(), QStringLiteral("detailDescription"))->text(),
              QStringLiteral("Owned by the web team"));

    auto* search = childOf<QLineEdit>(&window(), QStringLiteral("searchField"));
    QTest::keyClicks(search, QStringLiteral("tag:team"));
    ASSERT_TRUE(waitUntil(
        [&] { return window().tokenModel()->rowCount() == 1 && !window().tokenModel()->isBusy(); }));
    EXPECT_GE(rowOf(QStringLiteral("deploy")), 0);
}

// File → Export Tokens… writes every row the table's filter matches, in the format of the file
// type chosen in the save dialog, and says so in the banner.
TEST_F(TokenFlowsTest, ExportSavesWhatTheTableFilterMatches)
{
    openWindow();
    generateDirect(QStringLiteral("deploy-web"));
    generateDirect(QStringLiteral("deploy-api"));
    generateDirect(QStringLiteral("backup"));
    window().tokenModel()->reload();
    auto* search = childOf<QLineEdit>(&window(), QStringLiteral("searchField"));
    QTest::keyClicks(search, QStringLiteral("deploy"));
    ASSERT_TRUE(waitUntil(
        [&] { return window().tokenModel()->rowCount() == 2 && !window().tokenModel()->isBusy(); }));

    for (const bool asJson : {false, true}) {
        SCOPED_TRACE(asJson ? "json" : "csv");
        QAction* exportAction = window().actions()->exportInventory();
        ASSERT_TRUE(exportAction->isEnabled()) << qPrintable(exportAction->toolTip());
        exportAction->trigger();
        auto* chooser = waitForTopLevel<QFileDialog>(QStringLiteral("exportFileDialog"));
        ASSERT_NE(chooser, nullptr);
        ASSERT_EQ(chooser->nameFilters().size(), 2);
        if (asJson) {
            // As a user picks the type: from the dialog's file-type box, which then emits both.
            auto* types = childOf<QComboBox>(chooser, QStringLiteral("fileTypeCombo"));
            types->setCurrentIndex(1);
            Q_EMIT types->activated(1);
            Q_EMIT types->textActivated(types->currentText());
        }
        // What a user gets by typing a bare name: the chosen type's suffix.
        const QString typed = m_dir.file(QStringLiteral("inventory"));
        chooser->selectFile(typed);
        static_cast<QDialog*>(chooser)->accept(); // QFileDialog::accept(), as the Save button would
        const QString expected = typed + (asJson ? QStringLiteral(".json") : QStringLiteral(".csv"));
        ASSERT_TRUE(waitForBanner(expected));
        // "tokens" once the English plural catalogue is loaded, "token(s)" before.
        EXPECT_TRUE(window().findChild<ui::Banner*>()->text().startsWith(QStringLiteral("Exported 2 token")));
        QFile written(expected);
        ASSERT_TRUE(written.open(QIODevice::ReadOnly)) << qPrintable(written.fileName());
        const QByteArray bytes = written.readAll();
        EXPECT_TRUE(bytes.contains("deploy-web"));
        EXPECT_TRUE(bytes.contains("deploy-api"));
        EXPECT_FALSE(bytes.contains("backup")) << "the table's filter applies";
        EXPECT_EQ(bytes.startsWith('['), asJson);
    }
}

// View → Inactive Tokens… lists what was revoked or rotated out, newest first, and searches it.
TEST_F(TokenFlowsTest, InactiveTokensShowWhatWasRevokedAndRotated)
{
    openWindow();
    const GeneratedToken gone = generateDirect(QStringLiteral("old-deploy"));
    const GeneratedToken renewed = generateDirect(QStringLiteral("backup"));
    awaitOk(m_backend->revoke(gone.token.id, gone.token.version));
    awaitOk(m_backend->rotate(renewed.token.id, renewed.token.version, std::chrono::seconds(0)));

    QAction* action = window().actions()->inactiveTokens();
    ASSERT_TRUE(action->isEnabled()) << qPrintable(action->toolTip());
    action->trigger();
    auto* dialog = waitForTopLevel<ui::InactiveTokensDialog>(QStringLiteral("inactiveDialog"));
    ASSERT_NE(dialog, nullptr);
    EndedTokenListModel* model = dialog->model();
    ASSERT_TRUE(waitUntil([&] { return model->rowCount() == 2 && !model->isLoading(); }));
    auto* table = childOf<QTableView>(dialog, QStringLiteral("inactiveTable"));
    EXPECT_EQ(table->model()->index(0, EndedTokenListModel::Label).data().toString(),
              QStringLiteral("backup"));
    EXPECT_EQ(table->model()->index(0, EndedTokenListModel::Reason).data().toString(),
              EndedTokenListModel::reasonText(QStringLiteral("rotated")));
    EXPECT_EQ(table->model()->index(1, EndedTokenListModel::Masked).data().toString(), gone.token.masked);
    EXPECT_EQ(table->model()->index(1, EndedTokenListModel::Reason).data().toString(),
              EndedTokenListModel::reasonText(QStringLiteral("revoked")));

    QTest::keyClicks(childOf<QLineEdit>(dialog, QStringLiteral("inactiveSearch")), QStringLiteral("deploy"));
    ASSERT_TRUE(waitUntil([&] { return model->rowCount() == 1 && !model->isLoading(); }));
    EXPECT_EQ(model->tokens().first().id, gone.token.id);
    EXPECT_FALSE(childOf<QLabel>(dialog, QStringLiteral("inactiveSummary"))->text().isEmpty());
    dialog->reject();
}

TEST_F(TokenFlowsTest, DisableThenEnable)
{
    openWindow();
    const GeneratedToken token = generateDirect(QStringLiteral("ci-deploy"));
    window().tokenModel()->reload();
    ASSERT_TRUE(selectToken(QStringLiteral("ci-deploy")));
    QAction* toggle = window().actions()->toggleEnabled();
    EXPECT_EQ(toggle->text(), QStringLiteral("&Disable"));

    toggle->trigger();
    ASSERT_TRUE(waitForBanner(QStringLiteral("Token 'ci-deploy' disabled")));
    const int row = rowOf(QStringLiteral("ci-deploy"));
    EXPECT_EQ(window().tokenModel()->index(row, TokenTableModel::Status).data().toString(),
              QStringLiteral("Disabled"));
    EXPECT_EQ(await(m_backend->verify(token.secret)).code(), ErrorCode::ApiKeyDisabled);
    ASSERT_TRUE(waitUntil([&] { return toggle->text() == QStringLiteral("&Enable"); }));

    toggle->trigger();
    ASSERT_TRUE(waitForBanner(QStringLiteral("Token 'ci-deploy' enabled")));
    EXPECT_EQ(window().tokenModel()->index(row, TokenTableModel::Status).data().toString(),
              QStringLiteral("Active"));
    EXPECT_TRUE(await(m_backend->verify(token.secret)).ok());
}

TEST_F(TokenFlowsTest, ConflictShowsABannerAndReloads)
{
    openWindow();
    const GeneratedToken token = generateDirect(QStringLiteral("shared"));
    window().tokenModel()->reload();
    ASSERT_TRUE(selectToken(QStringLiteral("shared")));
    // Another admin renames it behind the window's back.
    awaitOk(m_backend->rename(token.token.id, token.token.version, QStringLiteral("changed-elsewhere")));

    window().actions()->toggleEnabled()->trigger();
    ASSERT_TRUE(waitForBanner(QStringLiteral("Someone else changed this token; reloaded")));
    ASSERT_TRUE(waitUntil([&] { return rowOf(QStringLiteral("changed-elsewhere")) >= 0; }));
}

} // namespace tokendesk::test
