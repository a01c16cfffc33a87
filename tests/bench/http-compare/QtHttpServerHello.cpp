// SPDX-License-Identifier: GPL-3.0-or-later
// The smallest QtHttpServer that answers POST /v1/verify with a fixed JSON body, on N threads
// (one QHttpServer per thread, each on its own SO_REUSEPORT listening socket, so the kernel
// spreads connections). One side of the HTTP library measurement of issue 6; not TokenDesk code.
// Usage: http-compare-qt PORT THREADS
#include <QCoreApplication>
#include <QEventLoop>
#include <QHttpServer>
#include <QHttpServerResponse>
#include <QTcpServer>
#include <QThread>

#include <arpa/inet.h>
#include <memory>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

namespace {

int listeningSocket(quint16 port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const int on = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof on);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || ::listen(fd, 1024) != 0)
        qFatal("cannot listen on port %u", port);
    return fd;
}

void serve(quint16 port)
{
    auto* server = new QHttpServer;
    server->route(
        QStringLiteral("/v1/verify"), QHttpServerRequest::Method::Post, [](const QHttpServerRequest&) {
            return QHttpServerResponse(
                QByteArrayLiteral("application/json"),
                QByteArrayLiteral("{\"valid\":true,\"id\":1,\"role\":\"developer\",\"label\":\"x\"}"));
        });
    auto* tcp = new QTcpServer(server);
    tcp->setSocketDescriptor(listeningSocket(port));
    server->bind(tcp);
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    if (argc != 3)
        qFatal("usage: http-compare-qt PORT THREADS");
    const auto port = static_cast<quint16>(QByteArray(argv[1]).toUInt());
    const int threads = QByteArray(argv[2]).toInt();
    serve(port); // the main thread serves too
    std::vector<std::unique_ptr<QThread>> workers;
    for (int n = 1; n < threads; ++n) {
        workers.push_back(std::unique_ptr<QThread>(QThread::create([port] {
            serve(port);
            QEventLoop loop;
            loop.exec();
        })));
        workers.back()->start();
    }
    return app.exec();
}
