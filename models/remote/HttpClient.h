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
    bool pinMismatch = false;          // a pin was set and the server presented another certificate
};

struct HttpClientOptions
{
    std::chrono::milliseconds timeout{10000};
    // SHA-256 of the server certificate the user accepted. When set, only that exact certificate
    // is accepted, whether or not a CA vouches for it or for another one (the pin also stands in
    // for a CA's signature and the host name); an expired one is still refused. Empty: the
    // system's CAs decide.
    QByteArray pinnedSha256;
    // Extra CAs to trust besides the system's, for this client only (tests make their own CA).
    QList<QSslCertificate> extraCaCertificates;
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
