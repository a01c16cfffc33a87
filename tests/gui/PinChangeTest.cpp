// SPDX-License-Identifier: GPL-3.0-or-later
// A server whose certificate the user pinned presents another one (the real tokendesk-server
// with TLS): the console shows both fingerprints, Cancel is the default, and the pin is replaced
// only when the user confirms. Also renders the dialog for the README.
#include "models/core/StorePaths.h"
#include "models/remote/RemoteBackend.h"
#include "tests/gui/GuiTestSupport.h"
#include "tests/support/LiveServer.h"
#include "ui/ActionCollection.h"
#include "ui/store/PinChangedDialog.h"
#include "ui/store/ServerConnector.h"
#include "ui/store/StoreSession.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QSslCertificate>
#include <QTest>

namespace tokendesk::test {

namespace {

QSslCertificate makeSelfSigned(const TempDir& dir, const QString& name)
{
    QProcess openssl;
    openssl.setWorkingDirectory(dir.path());
    openssl.start(QStringLiteral("openssl"),
                  {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                   QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
                   QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"),
                   QStringLiteral("-subj"), QStringLiteral("/CN=tokens.example.org"), QStringLiteral("-days"),
                   QStringLiteral("30"), QStringLiteral("-keyout"), name + QStringLiteral(".key"),
                   QStringLiteral("-out"), name + QStringLiteral(".pem")});
    EXPECT_TRUE(openssl.waitForFinished(30000));
    EXPECT_EQ(openssl.exitCode(), 0) << openssl.readAllStandardError().toStdString();
    QFile pem(dir.file(name + QStringLiteral(".pem")));
    EXPECT_TRUE(pem.open(QIODevice::ReadOnly));
    return QSslCertificate(pem.readAll(), QSsl::Pem);
}

QString hex(const QSslCertificate& certificate)
{
    return QString::fromLatin1(certificate.digest(QCryptographicHash::Sha256).toHex(':').toUpper());
}

class PinChangeTest : public GuiTest
{
protected:
    void SetUp() override
    {
        qputenv("TOKENDESK_NO_KEYCHAIN", "1");
        GuiTest::SetUp();
        auto backend =
            awaitOk(SqlBackend::create(storePath(), StoreCreateOptions{StorePaths::osLoginName(), 5}));
        m_admin = awaitOk(backend->generate({QStringLiteral("console"), Role::Admin, {}}));
        m_before = makeSelfSigned(m_certs, QStringLiteral("before"));
        m_now = makeSelfSigned(m_certs, QStringLiteral("now"));
        ASSERT_FALSE(m_before.isNull() || m_now.isNull());
        // The server now presents `now`; the console pinned `before` on an earlier visit.
        m_server = std::make_unique<ServerProcess>(
            QStringList{QStringLiteral("--store"), storePath(), QStringLiteral("--tls-cert"),
                        m_certs.file(QStringLiteral("now.pem")), QStringLiteral("--tls-key"),
                        m_certs.file(QStringLiteral("now.key"))});
        ASSERT_TRUE(m_server->started()) << qPrintable(m_server->output());
        m_url = RemoteBackend::parseServerUrl(m_server->url().toString()).value();
        ui::ServerConnector::pinCertificate(m_url, m_before.digest(QCryptographicHash::Sha256));
    }
    void TearDown() override
    {
        GuiTest::TearDown();
        m_server.reset();
    }

    // Connect through File → Connect to Server…; returns the pin-change warning it leads to.
    ui::PinChangedDialog* connectAndExpectWarning()
    {
        window().show();
        window().actions()->connectServer()->trigger();
        auto* dialog = waitForTopLevel<QDialog>(QStringLiteral("connectDialog"));
        EXPECT_NE(dialog, nullptr);
        if (!dialog)
            return nullptr;
        QTest::keyClicks(childOf<QLineEdit>(dialog, QStringLiteral("serverAddressField")), m_url.toString());
        QTest::keyClicks(childOf<QLineEdit>(dialog, QStringLiteral("adminTokenField")),
                         m_admin.secret.exposeAsString());
        childOf<QCheckBox>(dialog, QStringLiteral("rememberTokenCheck"))->setChecked(false);
        childOf<QPushButton>(dialog, QStringLiteral("connectButton"))->click();
        auto* warning = waitForTopLevel<ui::PinChangedDialog>(QStringLiteral("pinChangedDialog"));
        if (warning) {
            QApplication::setActiveWindow(warning);
            EXPECT_TRUE(QTest::qWaitForWindowActive(warning));
        }
        return warning;
    }

    QByteArray pin() const { return ui::ServerConnector::pinnedCertificate(m_url); }

    TempDir m_certs;
    GeneratedToken m_admin;
    QSslCertificate m_before, m_now;
    std::unique_ptr<ServerProcess> m_server;
    QUrl m_url;
};

} // namespace

TEST_F(PinChangeTest, ShowsBothFingerprintsAndEnterKeepsThePin)
{
    ui::PinChangedDialog* warning = connectAndExpectWarning();
    ASSERT_NE(warning, nullptr);
    const QString text = warning->text() + u'\n' + warning->informativeText();
    EXPECT_TRUE(text.contains(hex(m_before))) << qPrintable(text);
    EXPECT_TRUE(text.contains(hex(m_now))) << qPrintable(text);
    EXPECT_TRUE(text.contains(QStringLiteral("tokens.example.org"))) << "the subject";
    EXPECT_TRUE(text.contains(QLocale().toString(m_now.expiryDate(), QLocale::ShortFormat))) << "the expiry";
    auto* keep = childOf<QPushButton>(warning, QStringLiteral("keepPinButton"));
    auto* replace = childOf<QPushButton>(warning, QStringLiteral("replacePinButton"));
    EXPECT_EQ(warning->defaultButton(), keep) << "Cancel is the default";
    EXPECT_FALSE(keep->accessibleName().isEmpty());
    EXPECT_FALSE(replace->accessibleName().isEmpty());
    EXPECT_NE(replace->focusPolicy() & Qt::TabFocus, 0) << "reachable by keyboard";

    // Enter takes the default: nothing replaced, not connected.
    QTest::keyClick(warning, Qt::Key_Return);
    ASSERT_TRUE(waitUntil(
        [&] { return findTopLevel<ui::PinChangedDialog>(QStringLiteral("pinChangedDialog")) == nullptr; }));
    EXPECT_EQ(pin(), m_before.digest(QCryptographicHash::Sha256));
    EXPECT_TRUE(waitForBanner(QStringLiteral("certificate changed")));
    EXPECT_FALSE(window().session()->isServer());
}

TEST_F(PinChangeTest, ReplacesThePinOnlyOnExplicitConfirmation)
{
    ui::PinChangedDialog* warning = connectAndExpectWarning();
    ASSERT_NE(warning, nullptr);
    EXPECT_EQ(pin(), m_before.digest(QCryptographicHash::Sha256)) << "not before the user decides";
    childOf<QPushButton>(warning, QStringLiteral("replacePinButton"))->click();
    ASSERT_TRUE(waitUntil([this] { return window().session()->isServer() && window().session()->info(); }));
    EXPECT_EQ(pin(), m_now.digest(QCryptographicHash::Sha256));
}

// Renders the warning for the README: into TOKENDESK_SCREENSHOTS when it names a folder, otherwise
// only into a temporary one (so the rendering itself is exercised on every run).
TEST_F(PinChangeTest, RendersTheWarningForTheReadme)
{
    TempDir scratch;
    const QString dir = qEnvironmentVariableIsSet("TOKENDESK_SCREENSHOTS")
                            ? qEnvironmentVariable("TOKENDESK_SCREENSHOTS")
                            : scratch.path();
    ui::PinChangedDialog light(m_url.host(), m_before.digest(QCryptographicHash::Sha256), m_now);
    light.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&light));
    EXPECT_TRUE(light.grab().save(QDir(dir).filePath(QStringLiteral("pin-changed-dialog.png"))));
}

} // namespace tokendesk::test

namespace tokendesk::test {

// The dialog refuses http:// to another host before any traffic, and says why.
TEST_F(PinChangeTest, TheDialogRefusesHttpToAnotherHost)
{
    window().show();
    window().actions()->connectServer()->trigger();
    auto* dialog = waitForTopLevel<QDialog>(QStringLiteral("connectDialog"));
    ASSERT_NE(dialog, nullptr);
    QTest::keyClicks(childOf<QLineEdit>(dialog, QStringLiteral("serverAddressField")),
                     QStringLiteral("http://tokens.example.com:8080"));
    QTest::keyClicks(childOf<QLineEdit>(dialog, QStringLiteral("adminTokenField")),
                     m_admin.secret.exposeAsString());
    childOf<QPushButton>(dialog, QStringLiteral("connectButton"))->click();
    EXPECT_TRUE(dialog->isVisible());
    const QString why = childOf<QLabel>(dialog, QStringLiteral("serverAddressError"))->text();
    EXPECT_TRUE(why.contains(QStringLiteral("https://tokens.example.com:8080"))) << qPrintable(why);
    EXPECT_FALSE(window().session()->backend()) << "nothing was opened";
    dialog->reject();
}

} // namespace tokendesk::test
