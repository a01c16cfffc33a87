// SPDX-License-Identifier: GPL-3.0-or-later
// The console connected to a live tokendesk-server (the real executable on 127.0.0.1): connect
// through File → Connect to Server…, generate and reveal, revoke, and what happens when the
// server stops answering.
#include "models/core/StorePaths.h"
#include "models/remote/RemoteBackend.h"
#include "models/table/TokenTableModel.h"
#include "tests/gui/GuiTestSupport.h"
#include "tests/support/LiveServer.h"
#include "ui/ActionCollection.h"
#include "ui/store/RecentStores.h"
#include "ui/store/StoreSession.h"
#include "ui/tokens/RevealDialog.h"

#include <QAction>
#include <QCheckBox>
#include <QDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStatusBar>
#include <QTest>

namespace tokendesk::test {

namespace {

class RemoteConsoleTest : public GuiTest
{
protected:
    void SetUp() override
    {
        qputenv("TOKENDESK_NO_KEYCHAIN", "1"); // never the developer's real keychain
        GuiTest::SetUp();
        m_backend =
            awaitOk(SqlBackend::create(storePath(), StoreCreateOptions{StorePaths::osLoginName(), 5}));
        m_adminToken = awaitOk(m_backend->generate({QStringLiteral("console"), Role::Admin, {}}));
        m_server = std::make_unique<ServerProcess>(QStringList{QStringLiteral("--store"), storePath()});
        ASSERT_TRUE(m_server->started()) << qPrintable(m_server->output());
    }
    void TearDown() override
    {
        GuiTest::TearDown();
        m_server.reset();
    }

    QDialog* trigger(QAction* action, const QString& dialogName)
    {
        EXPECT_TRUE(action->isEnabled()) << qPrintable(action->toolTip());
        action->trigger();
        auto* dialog = waitForTopLevel<QDialog>(dialogName);
        if (dialog) {
            QApplication::setActiveWindow(dialog);
            EXPECT_TRUE(QTest::qWaitForWindowActive(dialog));
        }
        return dialog;
    }

    void connectThroughTheDialog()
    {
        window().show();
        QDialog* dialog = trigger(window().actions()->connectServer(), QStringLiteral("connectDialog"));
        ASSERT_NE(dialog, nullptr);
        QTest::keyClicks(childOf<QLineEdit>(dialog, QStringLiteral("serverAddressField")),
                         m_server->url().toString());
        auto* token = childOf<QLineEdit>(dialog, QStringLiteral("adminTokenField"));
        EXPECT_EQ(token->echoMode(), QLineEdit::Password);
        QTest::keyClicks(token, m_adminToken.secret.exposeAsString());
        childOf<QCheckBox>(dialog, QStringLiteral("rememberTokenCheck"))->setChecked(true);
        childOf<QPushButton>(dialog, QStringLiteral("connectButton"))->click();
        ASSERT_TRUE(waitUntil([this] {
            return window().session()->isServer() && window().session()->info() &&
                   window().tokenModel()->isLoaded();
        }));
    }

    GeneratedToken m_adminToken;
    std::unique_ptr<ServerProcess> m_server;
};

} // namespace

TEST_F(RemoteConsoleTest, ConnectGenerateRevealAndRevokeOnAServer)
{
    ASSERT_NO_FATAL_FAILURE(connectThroughTheDialog());
    const QString server = m_server->url().toString();
    EXPECT_TRUE(window().windowTitle().contains(QStringLiteral("(server)")))
        << qPrintable(window().windowTitle());
    auto* where = window().statusBar()->findChild<QLabel*>(QStringLiteral("storeLabel"));
    ASSERT_NE(where, nullptr);
    EXPECT_EQ(where->text(), QStringLiteral("Server %1").arg(server));
    EXPECT_TRUE(waitForBanner(QStringLiteral("kept in memory"))) << "no keychain here: the user is told";
    EXPECT_EQ(ui::RecentStores().paths().value(0), server) << "recent connections sit beside recent stores";
    EXPECT_GE(rowOf(QStringLiteral("console")), 0);

    // Generate through the dialog; the one-time reveal shows the real secret.
    QDialog* generate = trigger(window().actions()->generate(), QStringLiteral("generateDialog"));
    ASSERT_NE(generate, nullptr);
    QTest::keyClicks(childOf<QLineEdit>(generate, QStringLiteral("labelField")),
                     QStringLiteral("remote-deploy"));
    childOf<QPushButton>(generate, QStringLiteral("generateButton"))->click();
    auto* reveal = waitForTopLevel<ui::RevealDialog>(QStringLiteral("revealDialog"));
    ASSERT_NE(reveal, nullptr);
    const Secret secret =
        Secret::fromString(childOf<QLineEdit>(reveal, QStringLiteral("secretField"))->text());
    childOf<QCheckBox>(reveal, QStringLiteral("storedCheck"))->setChecked(true);
    childOf<QPushButton>(reveal, QStringLiteral("closeButton"))->click();
    ASSERT_TRUE(waitUntil([&] { return rowOf(QStringLiteral("remote-deploy")) >= 0; }));
    EXPECT_TRUE(await(m_backend->verify(secret)).ok()) << "the server made the token in the store";

    // Revoke it: confirmed by typing its label; the server rejects it at once.
    ASSERT_TRUE(selectToken(QStringLiteral("remote-deploy")));
    QDialog* revoke = trigger(window().actions()->revoke(), QStringLiteral("revokeDialog"));
    ASSERT_NE(revoke, nullptr);
    QTest::keyClicks(childOf<QLineEdit>(revoke, QStringLiteral("confirmField")),
                     QStringLiteral("remote-deploy"));
    childOf<QPushButton>(revoke, QStringLiteral("revokeButton"))->click();
    ASSERT_TRUE(waitForBanner(QStringLiteral("Token 'remote-deploy' revoked")));
    EXPECT_EQ(rowOf(QStringLiteral("remote-deploy")), -1);
    RemoteOptions options;
    options.server = m_server->url();
    options.token = m_adminToken.secret;
    EXPECT_EQ(await(RemoteBackend(options).verify(secret)).code(), ErrorCode::ApiKeyInvalid);

    const auto audit = awaitOk(m_backend->audit({}));
    ASSERT_FALSE(audit.isEmpty());
    EXPECT_EQ(audit.first().actor,
              QStringLiteral("%1 (token #%2)").arg(StorePaths::osLoginName()).arg(m_adminToken.token.id));
}

TEST_F(RemoteConsoleTest, AServerThatStopsAnsweringLeavesTheRowsReadOnly)
{
    ASSERT_NO_FATAL_FAILURE(connectThroughTheDialog());
    ASSERT_TRUE(window().actions()->generate()->isEnabled());
    const int rows = window().tokenModel()->rowCount();

    m_server->stop();
    window().actions()->reload()->trigger();
    ASSERT_TRUE(waitForBanner(QStringLiteral("does not answer")));
    EXPECT_EQ(window().tokenModel()->rowCount(), rows) << "the rows loaded before stay";
    EXPECT_FALSE(window().actions()->generate()->isEnabled());
    EXPECT_TRUE(window().actions()->generate()->toolTip().contains(QStringLiteral("cannot be reached")));
    auto* where = window().statusBar()->findChild<QLabel*>(QStringLiteral("storeLabel"));
    EXPECT_TRUE(where->text().contains(QStringLiteral("not answering")));
}

TEST_F(RemoteConsoleTest, TheDialogRefusesAnAddressOrTokenItCannotUse)
{
    window().show();
    QDialog* dialog = trigger(window().actions()->connectServer(), QStringLiteral("connectDialog"));
    ASSERT_NE(dialog, nullptr);
    QTest::keyClicks(childOf<QLineEdit>(dialog, QStringLiteral("serverAddressField")),
                     QStringLiteral("ftp://x"));
    QTest::keyClicks(childOf<QLineEdit>(dialog, QStringLiteral("adminTokenField")),
                     QStringLiteral("hunter2"));
    childOf<QPushButton>(dialog, QStringLiteral("connectButton"))->click();
    EXPECT_TRUE(dialog->isVisible());
    EXPECT_FALSE(childOf<QLabel>(dialog, QStringLiteral("serverAddressError"))->text().isEmpty());
    EXPECT_FALSE(childOf<QLabel>(dialog, QStringLiteral("adminTokenError"))->text().isEmpty());
    EXPECT_FALSE(window().session()->backend()) << "nothing was opened";
    dialog->reject();
}

} // namespace tokendesk::test
