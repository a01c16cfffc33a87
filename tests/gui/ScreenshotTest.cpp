// SPDX-License-Identifier: GPL-3.0-or-later
// Not a check: renders the README pictures from a realistic store. Runs only when
// TOKENDESK_SCREENSHOTS names a folder, e.g.
//   TOKENDESK_SCREENSHOTS=resources/screenshots gui_tests --gtest_filter='Screenshots.*'
#include "models/backend/sql/SqlStore.h"
#include "models/core/StorePaths.h"
#include "models/table/EndedTokenListModel.h"
#include "models/table/TokenTableModel.h"
#include "tests/gui/GuiTestSupport.h"
#include "tests/support/LiveServer.h"
#include "ui/ActionCollection.h"
#include "ui/store/ServerConnector.h"
#include "ui/store/StoreSession.h"
#include "ui/store/StoreSettingsDialog.h"
#include "ui/tokens/InactiveTokensDialog.h"
#include "ui/tokens/TokenTableView.h"
#include "ui/widgets/Banner.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QDialog>
#include <QDir>
#include <QLineEdit>
#include <QPalette>
#include <QPushButton>
#include <QStyle>
#include <QTest>

#include <atomic>

namespace tokendesk::test {

namespace {

struct Seed
{
    const char* label;
    const char* creator;
    Role role;
    int createdDaysAgo;
    int lastUsedHoursAgo; // -1: never
    bool disabled;
    int expiresInDays; // 0: never
    const char* description = "";
    const char* tags = ""; // comma-separated
};

constexpr Seed kSeeds[] = {
    {"ci-deploy", "alice", Role::Developer, 120, 2, false, 0, "Deploys main to production from CI",
     "ci,env=prod"},
    {"ci-tests", "alice", Role::Developer, 118, 0, false, 90, "Runs the integration suite", "ci"},
    {"backup-nightly", "bob", Role::Admin, 300, 20, false, 0, "Nightly store backup; ask bob", "ops"},
    {"billing-sync", "carol", Role::Developer, 45, 72, false, 30, "", "team=billing"},
    {"grafana-metrics", "bob", Role::Developer, 200, 1, false, 0},
    {"legacy-importer", "dave", Role::Developer, 400, 24 * 190, true, 0},
    {"mobile-app-staging", "erin", Role::Developer, 20, 5, false, 60, "", "env=staging,team=mobile"},
    {"mobile-app-prod", "erin", Role::Developer, 19, 0, false, 0, "", "env=prod,team=mobile"},
    {"onboarding-script", "carol", Role::Developer, 9, -1, false, 7},
    {"partner-acme", "alice", Role::Developer, 60, 26, false, 90},
    {"release-bot", "frank", Role::Admin, 150, 9, false, 0},
    {"search-indexer", "frank", Role::Developer, 75, 3, false, 0},
    {"slack-alerts", "dave", Role::Developer, 33, 30, false, 0},
    {"support-dashboard", "gina", Role::Developer, 14, 48, false, 0},
    {"terraform-cloud", "bob", Role::Admin, 90, 24 * 12, false, 0},
    {"temp-debugging", "gina", Role::Developer, 3, -1, true, 7},
    {"webhook-relay", "erin", Role::Developer, 50, 6, false, 0},
    {"data-export", "dave", Role::Developer, 240, 24 * 40, false, 0},
    {"qa-sandbox", "gina", Role::Developer, 11, 96, false, 30},
    {"uptime-probe", "frank", Role::Developer, 180, 0, false, 0},
};

void save(QWidget* widget, const QString& dir, const QString& name)
{
    widget->grab().save(QDir(dir).filePath(name));
}

// A store with the users and tokens of kSeeds, as a team would have after a few months.
std::shared_ptr<SqlBackend> seedStore(const QString& path)
{
    const QString me = StorePaths::osLoginName();
    auto admin = awaitOk(SqlBackend::create(path, StoreCreateOptions{me, 50}));
    auto offset = std::make_shared<std::atomic<qint64>>(0);
    admin->store()->setClockForTesting(
        [offset] { return QDateTime::currentDateTimeUtc().addSecs(offset->load()); });
    for (const char* user : {"alice", "bob", "carol", "dave", "erin", "frank", "gina"})
        awaitOk(admin->addUser(User{QString::fromLatin1(user), true, true}));

    const qint64 hour = 3600;
    for (const Seed& seed : kSeeds) {
        offset->store(-static_cast<qint64>(seed.createdDaysAgo) * 24 * hour);
        auto as = admin->withActor(QString::fromLatin1(seed.creator));
        QDateTime expires;
        if (seed.expiresInDays > 0)
            expires = QDateTime::currentDateTimeUtc().addDays(seed.expiresInDays);
        // Expiry is checked against the store clock; keep it in that clock's future.
        TokenSpec spec{QString::fromLatin1(seed.label), seed.role, expires.isValid() ? expires : QDateTime()};
        spec.description = QString::fromUtf8(seed.description);
        spec.tags = QString::fromUtf8(seed.tags).split(u',', Qt::SkipEmptyParts);
        auto generated = awaitOk(as->generate(spec));
        if (seed.lastUsedHoursAgo >= 0) {
            offset->store(-seed.lastUsedHoursAgo * hour - 600);
            awaitOk(as->verify(generated.secret));
        }
        offset->store(0);
        if (seed.disabled) {
            auto token = awaitOk(as->get(generated.token.id));
            awaitOk(as->setEnabled(token.id, token.version, false));
        }
    }
    awaitOk(admin->flushLastUsed());

    return admin;
}

// A dark palette as a dark desktop theme would hand it to Fusion.
QPalette darkPalette()
{
    QPalette pal;
    const QColor window(0x2b, 0x2d, 0x31);
    const QColor base(0x1f, 0x21, 0x24);
    const QColor text(0xe6, 0xe6, 0xe6);
    const QColor disabled(0x80, 0x84, 0x8a);
    pal.setColor(QPalette::Window, window);
    pal.setColor(QPalette::WindowText, text);
    pal.setColor(QPalette::Base, base);
    pal.setColor(QPalette::AlternateBase, QColor(0x26, 0x28, 0x2c));
    pal.setColor(QPalette::ToolTipBase, window);
    pal.setColor(QPalette::ToolTipText, text);
    pal.setColor(QPalette::PlaceholderText, disabled);
    pal.setColor(QPalette::Text, text);
    pal.setColor(QPalette::Button, QColor(0x35, 0x37, 0x3c));
    pal.setColor(QPalette::ButtonText, text);
    pal.setColor(QPalette::BrightText, Qt::white);
    pal.setColor(QPalette::Light, QColor(0x45, 0x48, 0x4e));
    pal.setColor(QPalette::Midlight, QColor(0x3a, 0x3d, 0x42));
    pal.setColor(QPalette::Mid, QColor(0x25, 0x27, 0x2a));
    pal.setColor(QPalette::Dark, QColor(0x18, 0x19, 0x1b));
    pal.setColor(QPalette::Shadow, Qt::black);
    pal.setColor(QPalette::Highlight, QColor(0x3d, 0x7e, 0xd6));
    pal.setColor(QPalette::HighlightedText, Qt::white);
    pal.setColor(QPalette::Link, QColor(0x6c, 0xa8, 0xf0));
    for (const QPalette::ColorRole role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        pal.setColor(QPalette::Disabled, role, disabled);
    return pal;
}

// Revokes the two oldest tokens and rotates the third, then shows View → Inactive Tokens….
void saveInactiveDialog(ui::MainWindow& window, SqlBackend& admin, const QString& dir, const QString& name)
{
    TokenQuery oldest;
    oldest.limit = 3;
    const QList<Token> tokens = awaitOk(admin.list(oldest));
    ASSERT_EQ(tokens.size(), 3);
    awaitOk(admin.revoke(tokens[0].id, tokens[0].version));
    awaitOk(admin.revoke(tokens[1].id, tokens[1].version));
    awaitOk(admin.rotate(tokens[2].id, tokens[2].version, std::chrono::seconds(0)));
    window.actions()->inactiveTokens()->trigger();
    auto* dialog = waitForTopLevel<ui::InactiveTokensDialog>(QStringLiteral("inactiveDialog"));
    ASSERT_NE(dialog, nullptr);
    ASSERT_TRUE(waitUntil([&] { return dialog->model()->rowCount() == 3 && !dialog->model()->isLoading(); }));
    QTest::qWait(100);
    save(dialog, dir, name);
    dialog->reject();
}

// With a tightened lifetime policy: File → Store Settings…, the generate dialog for an admin
// token (its choices cut to the maximum, the limit named) and Token → Change Expiry….
void savePolicyDialogs(ui::MainWindow& window, SqlBackend& admin, const QString& dir, const QString& suffix)
{
    using namespace std::chrono_literals;
    awaitOk(admin.setLifetimePolicy({RoleLifetime{24h * 7, 24h * 30}, RoleLifetime{24h * 90, 24h * 365}}));
    window.actions()->storeSettings()->trigger();
    auto* settings = waitForTopLevel<ui::StoreSettingsDialog>(QStringLiteral("storeSettingsDialog"));
    ASSERT_NE(settings, nullptr);
    ASSERT_TRUE(waitUntil([&] { return settings->isLoaded(); }));
    QTest::qWait(100);
    save(settings, dir, QStringLiteral("store-settings-dialog%1.png").arg(suffix));
    settings->reject();

    window.actions()->generate()->trigger();
    if (auto* generate = waitForTopLevel<QDialog>(QStringLiteral("generateDialog"))) {
        generate->findChild<QAbstractButton*>(QStringLiteral("roleAdmin"))->click();
        QTest::keyClicks(generate->findChild<QLineEdit*>(QStringLiteral("labelField")),
                         QStringLiteral("release-signing"));
        QTest::qWait(100);
        save(generate, dir, QStringLiteral("generate-dialog-policy%1.png").arg(suffix));
        generate->reject();
    }
    window.findChild<ui::TokenTableView*>(QStringLiteral("tokenTable"))->selectRow(0);
    window.actions()->changeExpiry()->trigger();
    if (auto* expiry = waitForTopLevel<QDialog>(QStringLiteral("expiryDialog"))) {
        QTest::qWait(100);
        save(expiry, dir, QStringLiteral("expiry-dialog%1.png").arg(suffix));
        expiry->reject();
    }
}

// Three rows picked with Ctrl and a click, the revoke that wants their number typed, and the
// summary of a disable in which one token had been changed by someone else meanwhile.
void saveBulkScreens(ui::MainWindow& window, SqlBackend& admin, const QString& dir, const QString& suffix)
{
    auto* table = window.findChild<ui::TokenTableView*>(QStringLiteral("tokenTable"));
    table->clearSelection();
    for (const int row : {1, 3, 4})
        table->selectionModel()->select(table->model()->index(row, 0),
                                        QItemSelectionModel::Select | QItemSelectionModel::Rows);
    QTest::qWait(100);
    save(&window, dir, QStringLiteral("main-window-selection%1.png").arg(suffix));

    window.actions()->bulkRevoke()->trigger();
    if (auto* revoke = waitForTopLevel<QDialog>(QStringLiteral("bulkConfirmDialog"))) {
        QTest::keyClicks(revoke->findChild<QLineEdit*>(QStringLiteral("confirmField")), QStringLiteral("3"));
        save(revoke, dir, QStringLiteral("bulk-revoke-dialog%1.png").arg(suffix));
        revoke->reject();
    }
    const Token moved = window.tokenModel()->tokenAt(3).value();
    awaitOk(admin.rename(moved.id, moved.version, moved.label + QStringLiteral("-v2")));
    window.actions()->bulkDisable()->trigger();
    if (auto* disable = waitForTopLevel<QDialog>(QStringLiteral("bulkConfirmDialog"))) {
        disable->findChild<QPushButton*>(QStringLiteral("applyButton"))->click();
        if (auto* summary = waitForTopLevel<QDialog>(QStringLiteral("bulkSummary"))) {
            QTest::qWait(100);
            save(summary, dir, QStringLiteral("bulk-summary%1.png").arg(suffix));
            summary->accept();
        }
    }
}
} // namespace

TEST(Screenshots, MainWindowAndDialogs)
{
    const QString dir = qEnvironmentVariable("TOKENDESK_SCREENSHOTS");
    if (dir.isEmpty())
        GTEST_SKIP() << "set TOKENDESK_SCREENSHOTS to a folder to render the screenshots";
    QDir().mkpath(dir);

    TempDir temp;
    const QString path = temp.file(QStringLiteral("acme.tokendesk"));
    auto admin = seedStore(path);

    ui::MainWindow window;
    window.resize(1180, 720);
    window.setBackend(admin, path);
    window.show();
    ASSERT_TRUE(waitUntil([&] { return window.tokenModel()->isLoaded() && window.session()->info(); }));
    auto* table = window.findChild<ui::TokenTableView*>(QStringLiteral("tokenTable"));
    table->selectRow(0);
    ASSERT_TRUE(waitUntil([&] { return !window.tokenModel()->isBusy(); }));
    QTest::qWait(300); // history panel
    save(&window, dir, QStringLiteral("main-window.png"));

    // The Tags column as an admin who tags would choose it, filtered by one tag.
    window.resize(1500, 720);
    table->setColumnHidden(TokenTableModel::Tags, false);
    QTest::keyClicks(window.findChild<QLineEdit*>(QStringLiteral("searchField")), QStringLiteral("tag:env"));
    ASSERT_TRUE(
        waitUntil([&] { return window.tokenModel()->rowCount() == 3 && !window.tokenModel()->isBusy(); }));
    table->selectRow(0);
    QTest::qWait(300);
    save(&window, dir, QStringLiteral("main-window-tags.png"));

    window.actions()->editDetails()->trigger();
    if (auto* details = waitForTopLevel<QDialog>(QStringLiteral("detailsDialog"))) {
        auto* tags = details->findChild<QLineEdit*>(QStringLiteral("tagsField"));
        tags->end(false);
        QTest::keyClicks(tags, QStringLiteral(", owner=ops"));
        save(details, dir, QStringLiteral("details-dialog.png"));
        details->reject();
    }
    window.findChild<QLineEdit*>(QStringLiteral("searchField"))->clear();
    table->setColumnHidden(TokenTableModel::Tags, true);
    window.resize(1180, 720);
    ASSERT_TRUE(
        waitUntil([&] { return window.tokenModel()->rowCount() == 20 && !window.tokenModel()->isBusy(); }));
    table->selectRow(0); // the filter cleared the selection; revoke acts on a selected row

    window.actions()->revoke()->trigger();
    if (auto* revoke = waitForTopLevel<QDialog>(QStringLiteral("revokeDialog"))) {
        QTest::keyClicks(revoke->findChild<QLineEdit*>(QStringLiteral("confirmField")),
                         QStringLiteral("backup"));
        save(revoke, dir, QStringLiteral("revoke-dialog.png"));
        revoke->reject();
    }
    window.actions()->generate()->trigger();
    if (auto* generate = waitForTopLevel<QDialog>(QStringLiteral("generateDialog"))) {
        QTest::keyClicks(generate->findChild<QLineEdit*>(QStringLiteral("labelField")),
                         QStringLiteral("ci-deploy-v2"));
        QTest::keyClicks(generate->findChild<QLineEdit*>(QStringLiteral("descriptionField")),
                         QStringLiteral("Deploys the new pipeline"));
        QTest::keyClicks(generate->findChild<QLineEdit*>(QStringLiteral("tagsField")),
                         QStringLiteral("ci, env=prod"));
        save(generate, dir, QStringLiteral("generate-dialog.png"));
        generate->findChild<QPushButton*>(QStringLiteral("generateButton"))->click();
        if (auto* reveal = waitForTopLevel<QDialog>(QStringLiteral("revealDialog"))) {
            save(reveal, dir, QStringLiteral("reveal-dialog.png"));
            reveal->hide();
        }
    }
    saveInactiveDialog(window, *admin, dir, QStringLiteral("inactive-dialog.png"));
    savePolicyDialogs(window, *admin, dir, {});
    saveBulkScreens(window, *admin, dir, {});
}

// The same window in Fusion with a dark palette, with a banner and a disabled token in view:
// everything drawn by hand (badges, banners, icons) must follow the palette.
TEST(Screenshots, MainWindowDark)
{
    const QString dir = qEnvironmentVariable("TOKENDESK_SCREENSHOTS");
    if (dir.isEmpty())
        GTEST_SKIP() << "set TOKENDESK_SCREENSHOTS to a folder to render the screenshots";
    QDir().mkpath(dir);

    const QString oldStyle = QApplication::style()->name();
    const QPalette oldPalette = QApplication::palette();
    QApplication::setStyle(QStringLiteral("Fusion"));
    QApplication::setPalette(darkPalette());

    {
        TempDir temp;
        const QString path = temp.file(QStringLiteral("acme.tokendesk"));
        auto admin = seedStore(path);
        ui::MainWindow window;
        window.resize(1180, 720);
        window.setBackend(admin, path);
        window.show();
        ASSERT_TRUE(waitUntil([&] { return window.tokenModel()->isLoaded() && window.session()->info(); }));
        auto* table = window.findChild<ui::TokenTableView*>(QStringLiteral("tokenTable"));
        table->selectRow(0);
        ASSERT_TRUE(waitUntil([&] { return !window.tokenModel()->isBusy(); }));
        window.findChild<ui::Banner*>(QStringLiteral("banner"))
            ->showMessage(ui::Banner::Kind::Success, QStringLiteral("Token 'ci-deploy-v1' revoked."));
        QTest::qWait(300); // history panel
        save(&window, dir, QStringLiteral("main-window-dark.png"));

        window.findChild<ui::Banner*>(QStringLiteral("banner"))
            ->showMessage(ui::Banner::Kind::Error,
                          QStringLiteral("Someone else changed this token; reloaded."));
        save(&window, dir, QStringLiteral("main-window-dark-error.png"));

        window.actions()->generate()->trigger();
        if (auto* generate = waitForTopLevel<QDialog>(QStringLiteral("generateDialog"))) {
            QTest::keyClicks(generate->findChild<QLineEdit*>(QStringLiteral("labelField")),
                             QStringLiteral("ci-deploy-v2"));
            generate->findChild<QPushButton*>(QStringLiteral("generateButton"))->click();
            if (auto* reveal = waitForTopLevel<QDialog>(QStringLiteral("revealDialog"))) {
                save(reveal, dir, QStringLiteral("reveal-dialog-dark.png"));
                reveal->hide();
            }
        }
        saveInactiveDialog(window, *admin, dir, QStringLiteral("inactive-dialog-dark.png"));
        savePolicyDialogs(window, *admin, dir, QStringLiteral("-dark"));
        saveBulkScreens(window, *admin, dir, QStringLiteral("-dark"));
    }

    QApplication::setPalette(oldPalette);
    QApplication::setStyle(oldStyle);
}

} // namespace tokendesk::test

namespace tokendesk::test {

// The console on a server: the connect dialog and the window it leads to.
TEST(Screenshots, ConnectedToAServer)
{
    const QString dir = qEnvironmentVariable("TOKENDESK_SCREENSHOTS");
    if (dir.isEmpty())
        GTEST_SKIP() << "set TOKENDESK_SCREENSHOTS to a folder to render the screenshots";
    QDir().mkpath(dir);
    qputenv("TOKENDESK_NO_KEYCHAIN", "1");

    TempDir temp;
    const QString path = temp.file(QStringLiteral("acme.tokendesk"));
    auto admin = seedStore(path);
    const GeneratedToken console =
        awaitOk(admin->generate({QStringLiteral("admin-console"), Role::Admin, {}}));
    InProcessServer server(admin);

    ui::MainWindow window;
    window.resize(1180, 720);
    window.show();
    window.actions()->connectServer()->trigger();
    auto* dialog = waitForTopLevel<QDialog>(QStringLiteral("connectDialog"));
    ASSERT_NE(dialog, nullptr);
    QTest::keyClicks(dialog->findChild<QLineEdit*>(QStringLiteral("serverAddressField")),
                     QStringLiteral("https://tokens.acme.example:8443"));
    QTest::keyClicks(dialog->findChild<QLineEdit*>(QStringLiteral("adminTokenField")),
                     console.secret.exposeAsString());
    save(dialog, dir, QStringLiteral("connect-dialog.png"));
    dialog->reject();

    window.actions()->openDatabase()->trigger();
    auto* database = waitForTopLevel<QDialog>(QStringLiteral("openDatabaseDialog"));
    ASSERT_NE(database, nullptr);
    QTest::keyClicks(database->findChild<QLineEdit*>(QStringLiteral("databaseUrlField")),
                     QStringLiteral("postgresql://alice:hunter2@db.acme.example/tokens"));
    database->findChild<QPushButton*>(QStringLiteral("openButton"))->click(); // refused: a password
    QTest::qWait(100);
    save(database, dir, QStringLiteral("open-database-dialog.png"));
    database->reject();

    window.connector()->connectTo(server.url(), console.secret, false);
    ASSERT_TRUE(waitUntil([&] { return window.session()->isServer() && window.tokenModel()->isLoaded(); }));
    QTest::qWait(300);
    save(&window, dir, QStringLiteral("main-window-server.png"));
}

} // namespace tokendesk::test
