// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/remote/HttpClient.h"

#include "models/remote/NetworkThread.h"

#include <QCryptographicHash>
#include <QNetworkAccessManager>
#include <QNetworkRequest>
#include <QSslConfiguration>
#include <QSslError>

namespace tokendesk {

std::shared_ptr<HttpClient> HttpClient::make(HttpClientOptions options)
{
    auto* client = new HttpClient(std::move(options));
    client->moveToThread(NetworkThread::thread());
    // Deleted on its own thread, after the last request holding it has finished.
    return std::shared_ptr<HttpClient>(client, [](HttpClient* object) { object->deleteLater(); });
}

HttpClient::HttpClient(HttpClientOptions options) : m_options(std::move(options)) {}

HttpClient::~HttpClient() = default;

void HttpClient::send(QByteArray method, QUrl url, HttpHeaders headers, QByteArray body,
                      std::function<void(HttpResult)> done)
{
    QMetaObject::invokeMethod(
        this,
        [this, method = std::move(method), url = std::move(url), headers = std::move(headers),
         body = std::move(body), done = std::move(done)] { sendOnThread(method, url, headers, body, done); },
        Qt::QueuedConnection);
}

void HttpClient::sendOnThread(const QByteArray& method, const QUrl& url, const HttpHeaders& headers,
                              const QByteArray& body, const std::function<void(HttpResult)>& done)
{
    if (!m_network)
        m_network = new QNetworkAccessManager(this);
    QNetworkRequest request(url);
    request.setTransferTimeout(int(m_options.timeout.count()));
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    if (!m_options.extraCaCertificates.isEmpty()) {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.addCaCertificates(m_options.extraCaCertificates);
        request.setSslConfiguration(tls);
    }
    for (const auto& [name, value] : headers)
        request.setRawHeader(name, value);
    if (!body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QNetworkReply* reply = m_network->sendCustomRequest(request, method, body);

    auto untrusted = std::make_shared<bool>(false);
    auto mismatch = std::make_shared<bool>(false);
    connect(reply, &QNetworkReply::sslErrors, reply,
            [this, reply, untrusted, mismatch](const QList<QSslError>& errors) {
                const QSslCertificate peer = reply->sslConfiguration().peerCertificate();
                const QByteArray digest = peer.digest(QCryptographicHash::Sha256);
                // The pinned certificate stands in for a CA's signature and for the host name (it is the
                // server's identity, as with SSH host keys); an expired or revoked one still fails.
                const bool onlyTrustErrors =
                    std::all_of(errors.begin(), errors.end(), [](const QSslError& error) {
                        return error.error() == QSslError::SelfSignedCertificate ||
                               error.error() == QSslError::SelfSignedCertificateInChain ||
                               error.error() == QSslError::UnableToGetLocalIssuerCertificate ||
                               error.error() == QSslError::UnableToVerifyFirstCertificate ||
                               error.error() == QSslError::CertificateUntrusted ||
                               error.error() == QSslError::HostNameMismatch;
                    });
                if (!m_options.pinnedSha256.isEmpty() && digest == m_options.pinnedSha256 && onlyTrustErrors)
                    reply->ignoreSslErrors(errors);
                else if (!m_options.pinnedSha256.isEmpty() && digest != m_options.pinnedSha256)
                    *mismatch = true;
                else
                    *untrusted = true;
            });
    // A CA vouching for a certificate does not override the pin: encrypted() comes after the
    // handshake and before any request byte is written, so a mismatch is aborted unsent.
    connect(reply, &QNetworkReply::encrypted, reply, [this, reply, mismatch] {
        if (m_options.pinnedSha256.isEmpty())
            return;
        if (reply->sslConfiguration().peerCertificate().digest(QCryptographicHash::Sha256) !=
            m_options.pinnedSha256) {
            *mismatch = true;
            reply->abort();
        }
    });
    connect(reply, &QNetworkReply::finished, reply, [reply, done, untrusted, mismatch] {
        HttpResult result;
        result.transportError = reply->error();
        result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (!*mismatch) // an aborted reply has nothing to read
            result.body = reply->readAll();
        result.peerCertificate = reply->sslConfiguration().peerCertificate();
        result.untrustedCertificate = *untrusted;
        result.pinMismatch = *mismatch;
        // HTTP error statuses are answers, not transport failures: the body says what went wrong.
        if (*mismatch)
            result.status = 0; // nothing was exchanged with a server that is not the pinned one
        if (result.status > 0)
            result.transportError = QNetworkReply::NoError;
        else
            result.transportMessage = reply->errorString();
        reply->deleteLater();
        done(std::move(result));
    });
}

} // namespace tokendesk
