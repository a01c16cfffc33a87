// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/server/ServerRuntime.h"

#include "models/backend/sql/VerifierRegistry.h"
#include "models/crypto/Crypto.h"
#include "models/server/ApiHttpServer.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QPointer>
#include <QSemaphore>
#include <QSslConfiguration>
#include <QSslServer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace tokendesk {

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

// A listener that counts its connections, closes one at once over the cap and closes a connection
// that stays silent for the idle timeout. QTcpServer and QSslServer both make the socket a child
// of the listener in incomingConnection(), so the newest child is the connection just accepted.
template <class Base> class GuardedListener : public Base
{
public:
    GuardedListener(std::atomic<int>& open, const ListenOptions& options, QObject* parent)
        : Base(parent), m_open(open), m_max(options.maxConnections),
          m_idleMs(options.idleTimeoutSeconds * 1000)
    {}

protected:
    void incomingConnection(qintptr descriptor) override
    {
        if (m_open.load(std::memory_order_relaxed) >= m_max) {
            ::close(int(descriptor)); // over the cap: refused before a byte is read
            return;
        }
        Base::incomingConnection(descriptor);
        auto* socket =
            this->children().isEmpty() ? nullptr : qobject_cast<QTcpSocket*>(this->children().last());
        // A descriptor the base could not adopt leaves an older connection last: never count twice.
        if (!socket || socket->property("tokendesk.counted").toBool())
            return;
        socket->setProperty("tokendesk.counted", true);
        m_open.fetch_add(1, std::memory_order_relaxed);
        std::atomic<int>* open = &m_open;
        QObject::connect(socket, &QObject::destroyed,
                         [open] { open->fetch_sub(1, std::memory_order_relaxed); });
        auto* idle = new QTimer(socket);
        idle->setSingleShot(true);
        idle->setInterval(m_idleMs);
        QObject::connect(idle, &QTimer::timeout, socket, [socket] { socket->abort(); });
        QObject::connect(socket, &QIODevice::readyRead, idle, qOverload<>(&QTimer::start));
        QObject::connect(socket, &QIODevice::bytesWritten, idle, qOverload<>(&QTimer::start));
        idle->start();
    }

private:
    std::atomic<int>& m_open;
    int m_max;
    int m_idleMs;
};

} // namespace

struct ServerRuntime::Worker
{
    std::unique_ptr<QThread> thread;
    QPointer<QEventLoop> loop;
    QPointer<QTcpServer> listener;
};

ServerRuntime::ServerRuntime(ApiService& service) : m_service(service) {}

ServerRuntime::~ServerRuntime()
{
    stop();
}

Result<quint16> ServerRuntime::start(const ListenOptions& options)
{
    // All sockets are made here, before any thread starts, so a bind failure is reported at once
    // and port 0 resolves to one port that every worker shares.
    std::vector<int> sockets;
    quint16 port = options.port;
    for (int n = 0; n < std::max(1, options.workers); ++n) {
        // One socket, one duplicate descriptor per worker (each QTcpServer owns and closes its
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
    const bool tls = !options.certificate.isNull() && !options.privateKey.isNull();
    for (int fd : sockets) {
        auto worker = std::make_unique<Worker>();
        Worker* raw = worker.get();
        QSemaphore ready;
        worker->thread.reset(QThread::create([this, raw, fd, tls, options, &ready] {
            ApiHttpServer server(m_service);
            // QSslServer does the handshake before it hands a connection to the HTTP server
            // (QAbstractHttpServer::sslSetup only applies to the servers listen() makes).
            QTcpServer* listener = nullptr;
            if (tls) {
                auto* secure = new GuardedListener<QSslServer>(m_open, options, &server);
                QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
                if (options.certificateChain.isEmpty())
                    configuration.setLocalCertificate(options.certificate);
                else
                    configuration.setLocalCertificateChain(options.certificateChain);
                configuration.setPrivateKey(options.privateKey);
                secure->setSslConfiguration(configuration);
                listener = secure;
            } else {
                listener = new GuardedListener<QTcpServer>(m_open, options, &server);
            }
            listener->setSocketDescriptor(fd);
            server.bind(listener);
            QEventLoop loop;
            raw->loop = &loop;
            raw->listener = listener;
            ready.release();
            loop.exec();
            releaseVerifierThreadState(); // its store connections, before wait() returns
            releaseCryptoThreadState();   // this thread verified tokens (HMAC)
        }));
        worker->thread->setObjectName(QStringLiteral("http-%1").arg(m_workers.size()));
        worker->thread->start();
        ready.acquire();
        m_workers.push_back(std::move(worker));
    }
    return port;
}

void ServerRuntime::stop()
{
    // Closing the listener first: no new connections, while each loop still finishes the request
    // it is in (handlers run to completion before the loop sees the quit).
    for (auto& worker : m_workers) {
        QMetaObject::invokeMethod(worker->loop.data(), [listener = worker->listener, loop = worker->loop] {
            if (listener)
                listener->close();
            if (loop)
                loop->quit();
        });
    }
    for (auto& worker : m_workers)
        worker->thread->wait();
    m_workers.clear();
}

} // namespace tokendesk
