// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/server/ApiHttpServer.h"

#include "models/server/ApiService.h"

#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QHttpServerResponse>

namespace tokendesk {

namespace {

QByteArray methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get:
        return "GET";
    case QHttpServerRequest::Method::Post:
        return "POST";
    case QHttpServerRequest::Method::Put:
        return "PUT";
    case QHttpServerRequest::Method::Patch:
        return "PATCH";
    case QHttpServerRequest::Method::Delete:
        return "DELETE";
    case QHttpServerRequest::Method::Head:
        return "HEAD";
    case QHttpServerRequest::Method::Options:
        return "OPTIONS";
    default:
        return "OTHER";
    }
}

} // namespace

ApiHttpServer::ApiHttpServer(ApiService& service, QObject* parent)
    : QAbstractHttpServer(parent), m_service(service)
{}

bool ApiHttpServer::handleRequest(const QHttpServerRequest& request, QTcpSocket* socket)
{
    HttpRequest call{methodName(request.method()),
                     request.url().path(),
                     request.query(),
                     request.headers(),
                     request.body(),
                     request.remoteAddress()};
    HttpResponse response = m_service.handle(call);
    QByteArray mimeType = "application/json";
    HttpHeaders headers;
    for (auto& header : response.headers) {
        if (header.first.compare("Content-Type", Qt::CaseInsensitive) == 0)
            mimeType = header.second;
        else
            headers.append(header);
    }
    QHttpServerResponse reply(mimeType, std::move(response.body),
                              QHttpServerResponse::StatusCode(response.status));
    reply.addHeaders(headers);
    reply.write(makeResponder(request, socket));
    return true;
}

void ApiHttpServer::missingHandler(const QHttpServerRequest&, QTcpSocket*)
{
    // handleRequest() answers every request itself.
}

} // namespace tokendesk
