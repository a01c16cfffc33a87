// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/Secret.h"

#include <QObject>
#include <QPointer>
#include <QUrl>

class QSslCertificate;
class QWidget;

namespace tokendesk::ui {

class ServerCredentials;
class StoreSession;

// Connects the console to a tokendesk-server: asks for the address and token (ConnectDialog),
// has the user confirm a self-signed certificate by its SHA-256 fingerprint (then pins it, so
// only that certificate is accepted later, even if a CA vouches for another; a changed one is shown
// beside the pinned one and replaces it only on confirmation), checks the token with the server, and hands
// the connected backend to the StoreSession. The token goes to the keychain (ServerCredentials).
class ServerConnector : public QObject
{
    Q_OBJECT

public:
    ServerConnector(StoreSession* session, ServerCredentials* credentials, QWidget* window);

    // File → Connect to Server…; `server` pre-fills the address.
    void showDialog(const QUrl& server = {});
    // A recent connection: with the token the keychain holds, or by asking for it.
    void reconnect(const QUrl& server);
    void connectTo(const QUrl& server, const Secret& token, bool remember);

    // The certificate fingerprint the user accepted for `server` (hex SHA-256), if any.
    static QByteArray pinnedCertificate(const QUrl& server);
    static void pinCertificate(const QUrl& server, const QByteArray& sha256);

Q_SIGNALS:
    void failed(const QString& message);
    // Something the user should know although the connection worked (e.g. no keychain).
    void notice(const QString& message);
    void busyChanged(bool busy);

private:
    void confirmCertificate(const QUrl& server, const QSslCertificate& certificate, const Secret& token,
                            bool remember);
    void confirmPinChange(const QUrl& server, const QByteArray& pinned, const QSslCertificate& certificate,
                          const Secret& token, bool remember);
    void finishConnect(const QUrl& server, const Secret& token, bool remember);
    void setBusy(bool busy);

    StoreSession* m_session;
    ServerCredentials* m_credentials;
    QPointer<QWidget> m_window;
};

} // namespace tokendesk::ui
