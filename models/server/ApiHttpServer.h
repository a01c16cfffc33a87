// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractHttpServer>

namespace tokendesk {

class ApiService;

// QtHttpServer's transport in front of ApiService: every request, whatever its path, goes to
// the service's own router (QHttpServer's router would split the API's rules across two places).
// One per worker thread; see ServerRuntime.
class ApiHttpServer final : public QAbstractHttpServer
{
    Q_OBJECT
public:
    explicit ApiHttpServer(ApiService& service, QObject* parent = nullptr);

protected:
    bool handleRequest(const QHttpServerRequest& request, QTcpSocket* socket) override;
    void missingHandler(const QHttpServerRequest& request, QTcpSocket* socket) override;

private:
    ApiService& m_service;
};

} // namespace tokendesk
