// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/Result.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QSslCertificate>
#include <QSslKey>

#include <memory>
#include <vector>

class QThread;

namespace tokendesk {

class ApiService;

struct ListenOptions
{
    QHostAddress host = QHostAddress::LocalHost;
    quint16 port = 8080; // 0: any free port (tests)
    int workers = 2;
    // TLS when both are set.
    QSslCertificate certificate;
    QSslKey privateKey;
};

// The HTTP side of tokendesk-server: `workers` threads, each with its own event loop, its own
// QtHttpServer and its own listening socket on the same port (SO_REUSEPORT), so the kernel
// spreads connections across threads and no request waits for a lock to be dispatched.
class ServerRuntime
{
    Q_DECLARE_TR_FUNCTIONS(ServerRuntime)

public:
    explicit ServerRuntime(ApiService& service);
    ~ServerRuntime();

    // Binds and starts the workers; the port actually bound (useful with port 0).
    Result<quint16> start(const ListenOptions& options);
    // Stops accepting connections and lets every worker finish the request it is handling;
    // returns when all workers have ended. Idempotent.
    void stop();

private:
    struct Worker;
    ApiService& m_service;
    std::vector<std::unique_ptr<Worker>> m_workers;
};

} // namespace tokendesk
