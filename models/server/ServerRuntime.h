// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/Result.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QSslCertificate>
#include <QSslKey>

#include <atomic>
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
    // Off by default, so a second server on a port already served fails to start instead of
    // silently sharing its connections; operators who want several processes on one port opt in.
    bool reusePort = false;
    // Over this many open connections a new one is closed at once, before anything is read.
    int maxConnections = 10000;
    // A connection that sends nothing for this long is closed (a silent or forgotten client).
    int idleTimeoutSeconds = 60;
    // TLS when both are set; the chain (leaf first, then intermediates) is what clients receive.
    QSslCertificate certificate;
    QList<QSslCertificate> certificateChain;
    QSslKey privateKey;
};

// The HTTP side of tokendesk-server: `workers` threads, each with its own event loop and its own
// QtHttpServer on one listening socket (each holds a duplicate of its descriptor, so whichever
// thread is free accepts the next connection). With ListenOptions::reusePort each worker binds its
// own SO_REUSEPORT socket instead and the kernel spreads connections.
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
    // Connections open right now, over every worker.
    int openConnections() const { return m_open.load(std::memory_order_relaxed); }

private:
    struct Worker;
    ApiService& m_service;
    std::vector<std::unique_ptr<Worker>> m_workers;
    std::atomic<int> m_open{0};
};

} // namespace tokendesk
