// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/store/ServerConnector.h"

#include "models/core/Continuation.h"
#include "models/core/Formatting.h"
#include "models/remote/RemoteBackend.h"
#include "ui/store/ConnectDialog.h"
#include "ui/store/PinChangedDialog.h"
#include "ui/store/ServerCredentials.h"
#include "ui/store/StoreSession.h"

#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSslCertificate>

namespace tokendesk::ui {

namespace {

QString settingsKey(const QUrl& server)
{
    // QSettings treats '/' as a group separator; the URL is kept whole in one key.
    return QStringLiteral("servers/pins/") +
           QString::fromLatin1(server.toString().toUtf8().toBase64(QByteArray::Base64UrlEncoding |
                                                                   QByteArray::OmitTrailingEquals));
}

} // namespace

ServerConnector::ServerConnector(StoreSession* session, ServerCredentials* credentials, QWidget* window)
    : QObject(window), m_session(session), m_credentials(credentials), m_window(window)
{}

QByteArray ServerConnector::pinnedCertificate(const QUrl& server)
{
    return QByteArray::fromHex(QSettings().value(settingsKey(server)).toByteArray());
}

void ServerConnector::pinCertificate(const QUrl& server, const QByteArray& sha256)
{
    QSettings().setValue(settingsKey(server), sha256.toHex());
}

void ServerConnector::showDialog(const QUrl& server)
{
    auto* dialog = new ConnectDialog(m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (server.isValid())
        dialog->setServer(server);
    connect(dialog, &QDialog::accepted, this,
            [this, dialog] { connectTo(dialog->server(), dialog->token(), dialog->rememberToken()); });
    dialog->open();
}

void ServerConnector::reconnect(const QUrl& server)
{
    m_credentials->load(server, [this, server](std::optional<Secret> token) {
        if (token)
            connectTo(server, *token, true);
        else
            showDialog(server);
    });
}

void ServerConnector::connectTo(const QUrl& server, const Secret& token, bool remember)
{
    if (server.scheme() != QLatin1String("https")) {
        finishConnect(server, token, remember); // RemoteBackend refuses http:// beyond loopback
        return;
    }
    // Before the token is sent: find out whether a CA vouches for the server (first contact) or
    // whether it still presents the pinned certificate; otherwise the user decides.
    setBusy(true);
    whenDone(RemoteBackend::serverCertificate(server), this,
             [this, server, token, remember](const Result<ServerCertificate>& probed) {
                 setBusy(false);
                 if (!probed.ok()) {
                     Q_EMIT failed(probed.error().message);
                     return;
                 }
                 const QByteArray pinned = pinnedCertificate(server);
                 const QByteArray presented = probed->certificate.digest(QCryptographicHash::Sha256);
                 if (pinned.isEmpty() ? probed->trustedByCa : pinned == presented)
                     finishConnect(server, token, remember);
                 else if (pinned.isEmpty())
                     confirmCertificate(server, probed->certificate, token, remember);
                 else
                     confirmPinChange(server, pinned, probed->certificate, token, remember);
             });
}

void ServerConnector::confirmPinChange(const QUrl& server, const QByteArray& pinned,
                                       const QSslCertificate& certificate, const Secret& token, bool remember)
{
    auto* box = new PinChangedDialog(server.host(), pinned, certificate, m_window);
    box->setAttribute(Qt::WA_DeleteOnClose);
    const QByteArray sha256 = certificate.digest(QCryptographicHash::Sha256);
    connect(box, &QMessageBox::finished, this, [this, box, server, sha256, token, remember] {
        if (!box->replaceConfirmed()) {
            Q_EMIT failed(tr("Not connected to %1: its certificate changed and the accepted one was kept.")
                              .arg(server.toDisplayString()));
            return;
        }
        pinCertificate(server, sha256);
        finishConnect(server, token, remember);
    });
    box->open();
}

void ServerConnector::confirmCertificate(const QUrl& server, const QSslCertificate& certificate,
                                         const Secret& token, bool remember)
{
    const QByteArray sha256 = certificate.digest(QCryptographicHash::Sha256);
    auto* box = new QMessageBox(
        QMessageBox::Warning, tr("Unverified Server Certificate"),
        tr("No certificate authority vouches for %1. Its certificate may be self-signed.").arg(server.host()),
        QMessageBox::Cancel, m_window);
    box->setObjectName(QStringLiteral("certificateDialog"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setInformativeText(
        tr("Compare this SHA-256 fingerprint with the one the server's administrator gave you:\n\n%1\n\n"
           "Issued to %2, valid until %3. Trust only if they match; TokenDesk will then accept this "
           "certificate, "
           "and no other, for this server.")
            .arg(Formatting::fingerprint(sha256),
                 certificate.subjectInfo(QSslCertificate::CommonName).join(QStringLiteral(", ")),
                 QLocale().toString(certificate.expiryDate(), QLocale::ShortFormat)));
    QPushButton* trust = box->addButton(tr("&Trust and Connect"), QMessageBox::AcceptRole);
    trust->setObjectName(QStringLiteral("trustCertificateButton"));
    box->setDefaultButton(QMessageBox::Cancel); // the safe choice is the default
    connect(box, &QMessageBox::finished, this, [this, box, trust, server, sha256, token, remember] {
        if (box->clickedButton() != trust)
            return;
        pinCertificate(server, sha256);
        finishConnect(server, token, remember);
    });
    box->open();
}

void ServerConnector::finishConnect(const QUrl& server, const Secret& token, bool remember)
{
    RemoteOptions options;
    options.server = server;
    options.token = token;
    options.http.pinnedSha256 = pinnedCertificate(server);
    setBusy(true);
    whenDone(RemoteBackend::connect(options), this,
             [this, server, token, remember](Result<std::shared_ptr<RemoteBackend>> connected) {
                 setBusy(false);
                 if (!connected.ok()) {
                     Q_EMIT failed(tr("Could not connect to %1: %2")
                                       .arg(server.toDisplayString(), connected.error().message));
                     return;
                 }
                 m_session->setBackend(std::move(connected).value(), server.toString());
                 if (!remember)
                     return;
                 m_credentials->save(server, token, [this](ServerCredentials::Kept kept, const QString& why) {
                     if (kept == ServerCredentials::Kept::ForThisSessionOnly)
                         Q_EMIT notice(
                             tr("No system keychain is available (%1), so the admin token is kept in "
                                "memory until TokenDesk quits; you will be asked for it next time.")
                                 .arg(why));
                 });
             });
}

void ServerConnector::setBusy(bool busy)
{
    Q_EMIT busyChanged(busy);
}

} // namespace tokendesk::ui
