// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/server/ServerRuntime.h"

#include "models/backend/sql/VerifierRegistry.h"
#include "models/crypto/Crypto.h"
#include "models/server/HttpConnection.h"

#include <algorithm>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <optional>
#include <pthread.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

namespace tokendesk {

namespace asio = boost::asio;

namespace {

// A listening socket; with `reusePort`, other SO_REUSEPORT sockets may bind the same address and
// port (without it, a second server on a port already served fails here with EADDRINUSE).
Result<int> listeningSocket(const QHostAddress& host, quint16 port, bool reusePort)
{
    const bool v6 = host.protocol() == QAbstractSocket::IPv6Protocol;
    const int fd = ::socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0)
        return makeError(
            ErrorCode::StoreUnavailable,
            ServerRuntime::tr("Cannot create a socket: %1").arg(QString::fromLocal8Bit(strerror(errno))));
    const int on = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    if (reusePort)
        ::setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof on);
    int bound = -1;
    if (v6) {
        sockaddr_in6 address{};
        address.sin6_family = AF_INET6;
        address.sin6_port = htons(port);
        const Q_IPV6ADDR raw = host.toIPv6Address();
        std::memcpy(&address.sin6_addr, &raw, sizeof raw);
        bound = ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    } else {
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        address.sin_addr.s_addr = htonl(host.toIPv4Address());
        bound = ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    }
    if (bound != 0 || ::listen(fd, 1024) != 0) {
        const QString reason = QString::fromLocal8Bit(strerror(errno));
        ::close(fd);
        return makeError(
            ErrorCode::StoreUnavailable,
            ServerRuntime::tr("Cannot listen on %1:%2: %3").arg(host.toString()).arg(port).arg(reason));
    }
    return fd;
}

quint16 boundPort(int fd)
{
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    if (address.ss_family == AF_INET6)
        return ntohs(reinterpret_cast<sockaddr_in6*>(&address)->sin6_port);
    return ntohs(reinterpret_cast<sockaddr_in*>(&address)->sin_port);
}

// The server's certificate chain (leaf first) and key, for OpenSSL through Asio; TLS 1.2 and
// newer only, as Qt's secure default.
Result<std::unique_ptr<asio::ssl::context>> tlsContext(const ListenOptions& options)
{
    auto context = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_server);
    context->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                         asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                         asio::ssl::context::no_tlsv1_1 | asio::ssl::context::single_dh_use);
    QByteArray chain;
    for (const QSslCertificate& certificate : options.certificateChain.isEmpty()
                                                  ? QList<QSslCertificate>{options.certificate}
                                                  : options.certificateChain)
        chain += certificate.toPem();
    const QByteArray key = options.privateKey.toPem();
    boost::system::error_code error;
    context->use_certificate_chain(asio::buffer(chain.constData(), std::size_t(chain.size())), error);
    if (!error)
        context->use_private_key(asio::buffer(key.constData(), std::size_t(key.size())),
                                 asio::ssl::context::pem, error);
    if (error)
        return makeError(ErrorCode::InvalidInput,
                         ServerRuntime::tr("The TLS certificate or key cannot be used: %1")
                             .arg(QString::fromStdString(error.message())));
    return context;
}

void nameThisThread(const char* name)
{
    pthread_setname_np(pthread_self(), name);
}

} // namespace

struct ServerRuntime::ManagementPool
{
    asio::io_context context;
    std::optional<asio::executor_work_guard<asio::io_context::executor_type>> keepRunning;
    std::vector<std::thread> threads;
};

struct ServerRuntime::Worker
{
    // Declared first, destroyed last: connections still queued in the loop refer to it.
    std::unique_ptr<ConnectionHub> hub;
    asio::io_context context{1};
    std::optional<WorkerAcceptor> acceptor;
    std::optional<asio::steady_timer> retry;
    std::thread thread;

    void accept()
    {
        acceptor->async_accept([this](boost::system::error_code error, WorkerSocket socket) {
            if (error == asio::error::operation_aborted || !acceptor->is_open())
                return;
            if (error) {
                // Out of descriptors (or a connection reset before it was taken): try again in a
                // moment rather than spin on a socket that stays readable.
                retry->expires_after(std::chrono::milliseconds(50));
                retry->async_wait([this](boost::system::error_code cancelled) {
                    if (!cancelled)
                        accept();
                });
                return;
            }
            if (hub->openCounter().load(std::memory_order_relaxed) >= hub->options().maxConnections)
                socket.close(error); // over the cap: refused before a byte is read
            else
                hub->serve(std::move(socket));
            accept();
        });
    }
};

ServerRuntime::ServerRuntime(HttpService& service) : m_service(service) {}

ServerRuntime::~ServerRuntime()
{
    stop();
}

Result<quint16> ServerRuntime::start(const ListenOptions& options)
{
    m_options = options;
    std::unique_ptr<asio::ssl::context> tls;
    if (!options.certificate.isNull() && !options.privateKey.isNull()) {
        auto context = tlsContext(options);
        if (!context.ok())
            return context.error();
        tls = std::move(context.value());
    }
    // All sockets are made here, before any thread starts, so a bind failure is reported at once
    // and port 0 resolves to one port that every worker shares.
    std::vector<int> sockets;
    quint16 port = options.port;
    for (int n = 0; n < std::max(1, options.workers); ++n) {
        // One socket, one duplicate descriptor per worker (each acceptor owns and closes its
        // own); a connection is accepted by whichever worker's loop takes it first.
        auto fd = options.reusePort || sockets.empty()
                      ? listeningSocket(options.host, port, options.reusePort)
                      : Result<int>(::fcntl(sockets.front(), F_DUPFD_CLOEXEC, 0));
        if (fd.ok() && fd.value() < 0)
            fd = makeError(
                ErrorCode::StoreUnavailable,
                tr("Cannot duplicate the listening socket: %1").arg(QString::fromLocal8Bit(strerror(errno))));
        if (!fd.ok()) {
            for (int open : sockets)
                ::close(open);
            return fd.error();
        }
        port = boundPort(fd.value());
        sockets.push_back(fd.value());
    }
    m_tls = std::move(tls);

    m_management = std::make_unique<ManagementPool>();
    m_management->keepRunning.emplace(m_management->context.get_executor());
    for (int n = 0; n < std::max(1, options.managementWorkers); ++n) {
        m_management->threads.emplace_back([pool = m_management.get()] {
            nameThisThread("http-management");
            pool->context.run();
            releaseVerifierThreadState(); // management calls authenticate by verifying a token
            releaseCryptoThreadState();
        });
    }

    const auto protocol =
        options.host.protocol() == QAbstractSocket::IPv6Protocol ? asio::ip::tcp::v6() : asio::ip::tcp::v4();
    for (int fd : sockets) {
        auto worker = std::make_unique<Worker>();
        worker->hub =
            std::make_unique<ConnectionHub>(m_service, m_options, m_open, m_tls.get(), m_management->context);
        worker->acceptor.emplace(worker->context);
        worker->acceptor->assign(protocol, fd);
        worker->retry.emplace(worker->context);
        worker->accept();
        worker->thread = std::thread([raw = worker.get()] {
            nameThisThread("http");
            raw->context.run();
            releaseVerifierThreadState(); // its store connections, before join() returns
            releaseCryptoThreadState();   // this thread verified tokens (HMAC)
        });
        m_workers.push_back(std::move(worker));
    }
    return port;
}

void ServerRuntime::stop()
{
    // Closing the listeners first: no new connections, while each loop still finishes the
    // requests it is in (and waits for the management pool's answers to them).
    for (auto& worker : m_workers) {
        asio::post(worker->context, [raw = worker.get()] {
            boost::system::error_code ignored;
            raw->acceptor->close(ignored);
            raw->retry->cancel();
            raw->hub->stop();
        });
    }
    // A client still sending its request (slowly) gets five seconds, then its loop is stopped.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    const auto allStopped = [this] {
        return std::all_of(m_workers.begin(), m_workers.end(),
                           [](const auto& worker) { return worker->context.stopped(); });
    };
    while (!allStopped() && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    for (auto& worker : m_workers) {
        worker->context.stop();
        worker->thread.join();
    }
    // The pool's calls still running post their answers to the workers' loops, so those loops
    // are destroyed only after the pool has finished.
    if (m_management) {
        m_management->keepRunning.reset();
        for (auto& thread : m_management->threads)
            thread.join();
        m_management.reset();
    }
    m_workers.clear();
    m_tls.reset();
}

} // namespace tokendesk
