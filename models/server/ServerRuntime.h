// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/api/RequestBody.h"
#include "models/core/Result.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QSslCertificate>
#include <QSslKey>

#include <atomic>
#include <memory>
#include <vector>

namespace boost::asio::ssl {
class context;
}

namespace tokendesk {

class HttpService;

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
    // A kept-alive connection that sends nothing for this long is closed (a forgotten client).
    int idleTimeoutSeconds = 60;
    // A new connection has this long for its TLS handshake and first byte, every request this long
    // for its request line and headers, and its body this long to arrive (a slow client).
    int headerTimeoutSeconds = 10;
    int bodyTimeoutSeconds = 30;
    // Refused while they arrive: a body over this (413, as soon as its Content-Length or the
    // running total of its chunks passes it), a head over these (431).
    qsizetype maxBodyBytes = ApiJson::kMaxBodyBytes; // what the API reads at most
    int maxHeaderBytes = 16 * 1024;
    int maxHeaderFields = 100;
    // Threads for the calls that wait on the store's writer (everything but verify and health).
    int managementWorkers = 2;
    // TLS when both are set; the chain (leaf first, then intermediates) is what clients receive.
    QSslCertificate certificate;
    QList<QSslCertificate> certificateChain;
    QSslKey privateKey;
};

// The HTTP side of tokendesk-server (Boost.Beast): `workers` threads, each with its own event loop
// accepting on one listening socket (each holds a duplicate of its descriptor, so whichever thread
// is free accepts the next connection), and `managementWorkers` threads for the calls that wait on
// the store's writer. With ListenOptions::reusePort each worker binds its own SO_REUSEPORT socket
// instead and the kernel spreads connections. ConnectionHub says how a connection is read.
class ServerRuntime
{
    Q_DECLARE_TR_FUNCTIONS(ServerRuntime)

public:
    explicit ServerRuntime(HttpService& service);
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
    struct ManagementPool;
    HttpService& m_service;
    ListenOptions m_options;
    std::unique_ptr<boost::asio::ssl::context> m_tls;
    std::unique_ptr<ManagementPool> m_management;
    std::vector<std::unique_ptr<Worker>> m_workers;
    std::atomic<int> m_open{0};
};

} // namespace tokendesk
