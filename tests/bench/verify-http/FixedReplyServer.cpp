// SPDX-License-Identifier: GPL-3.0-or-later
// tokendesk-server's HTTP transport (ServerRuntime, ConnectionHub: Boost.Beast with every limit
// and timeout of the product) answering every request with the body a verify answers, without a
// store. verify-http.sh loads it beside nginx and the real server, so the note can tell what the
// transport costs apart from what the store lookup costs. Not a test; never run by ctest.
//   verify-http-transport PORT [WORKERS]
#include "models/server/HttpService.h"
#include "models/server/ServerRuntime.h"
#include "models/server/ShutdownSignals.h"

#include <QCoreApplication>
#include <QTextStream>

#include <algorithm>

namespace {

class FixedReply final : public tokendesk::HttpService
{
public:
    tokendesk::HttpResponse handle(const tokendesk::HttpRequest&) override
    {
        return {200,
                {{"Content-Type", "application/json"}},
                QByteArrayLiteral(R"({"id":1,"label":"x","role":"developer","valid":true})")};
    }
    bool answersAtOnce(const tokendesk::HttpRequest&) const override { return true; }
};

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QTextStream err(stderr);
    const QStringList arguments = QCoreApplication::arguments();
    bool portOk = false;
    const uint port = arguments.value(1).toUInt(&portOk);
    if (!portOk || port > 65535) {
        err << "usage: verify-http-transport PORT [WORKERS]\n";
        return 2;
    }
    tokendesk::ListenOptions listen;
    listen.port = quint16(port);
    listen.workers = arguments.size() > 2 ? std::max(1, arguments.at(2).toInt()) : 2;
    FixedReply service;
    tokendesk::ServerRuntime runtime(service);
    if (auto started = runtime.start(listen); !started.ok()) {
        err << "error: " << started.error().message << "\n";
        return 1;
    }
    tokendesk::ShutdownSignals shutdown;
    QObject::connect(&shutdown, &tokendesk::ShutdownSignals::received, &app, [&] {
        runtime.stop();
        app.quit();
    });
    return QCoreApplication::exec();
}
