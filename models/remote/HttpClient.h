// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/api/HttpExchange.h"

#include <QByteArray>
#include <QNetworkReply>
#include <QObject>
#include <QSslCertificate>
#include <QUrl>

#include <chrono>
#include <functional>
#include <memory>

class QNetworkAccessManager;

namespace tokendesk {

// What came back for one request: an HTTP response, or a transport failure (no response).
struct HttpResult
{
    QNetworkReply::NetworkError transportError = QNetworkReply::NoError; // NoError: `status` is valid
    QString transportMessage;
    int status = 0;
    QByteArray body;
    QSslCertificate peerCertificate;   // the server's certificate when TLS was used
    bool untrustedCertificate = false; // the TLS handshake failed on certificate validation
};

struct HttpClientOptions
{
    std::chrono::milliseconds timeout{10000};
    // SHA-256 of a server certificate the user accepted although no CA vouches for it (a
    // self-signed server). Only that exact certificate is accepted; everything else is validated
    // against the system's CAs as usual.
    QByteArray pinnedSha256;
};

// One QNetworkAccessManager on the shared network thread (see NetworkThread), so HTTP replies
// never depend on the calling thread running an event loop. send() may be called from any
// thread; `done` runs on the network thread.
class HttpClient final : public QObject
{
    Q_OBJECT
public:
    static std::shared_ptr<HttpClient> make(HttpClientOptions options);
    ~HttpClient() override;

    void send(QByteArray method, QUrl url, HttpHeaders headers, QByteArray body,
              std::function<void(HttpResult)> done);

private:
    explicit HttpClient(HttpClientOptions options);
    void sendOnThread(const QByteArray& method, const QUrl& url, const HttpHeaders& headers,
                      const QByteArray& body, const std::function<void(HttpResult)>& done);

    HttpClientOptions m_options;
    QNetworkAccessManager* m_network = nullptr; // made lazily on the network thread
};

} // namespace tokendesk
