// SPDX-License-Identifier: GPL-3.0-or-later
// tokendesk-server: parse options, open the store, serve until SIGTERM/SIGINT.
#include "models/backend/sql/SqlBackend.h"
#include "models/core/FileSizeLimit.h"
#include "models/core/SecureMemory.h"
#include "models/crypto/Crypto.h"
#include "models/notices/AuditHeadNotifier.h"
#include "models/notices/ExpiryWarnings.h"
#include "models/notices/NoticeMailer.h"
#include "models/notices/SignedAuditHead.h"
#include "models/server/ApiService.h"
#include "models/server/ServerOptions.h"
#include "models/server/ServerRuntime.h"
#include "models/server/ShutdownSignals.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QTextStream>
#include <QTimer>

#include <cerrno>
#include <cstring>
#include <sys/prctl.h>
#include <sys/resource.h>

using namespace tokendesk;

namespace {

// Every connection is a descriptor: the soft limit (often 1024) would refuse clients long before
// the machine runs out of anything, so take what the hard limit allows.
void raiseOpenFileLimit()
{
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &limit);
    }
}

} // namespace

int main(int argc, char** argv)
{
    // First, before any token can exist: a secret must never land outside the locked arena.
    SecureMemory::start();
    tokendesk::reportFileSizeLimitAsAnError();
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("tokendesk-server"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TOKENDESK_VERSION));
    QTextStream out(stdout);
    QTextStream err(stderr);

    auto options = ServerOptions::parse(QCoreApplication::arguments());
    if (!options.ok()) {
        err << "error: " << options.error().toString() << "\n" << ServerOptions::usage();
        return 2;
    }
    if (options->help || options->version) {
        out << (options->help ? ServerOptions::usage()
                              : QStringLiteral("tokendesk-server " TOKENDESK_VERSION "\n"));
        return 0;
    }

    if (options->servesInsecurely())
        err << QCoreApplication::translate(
                   "main",
                   "warning: serving plain HTTP on %1 (--insecure-http): tokens cross the network in clear")
                   .arg(options->listen.host.toString())
            << "\n";
    // Undumpable: no core file on a crash, and only root may ptrace it or read /proc/PID/mem, so
    // another process of the same user cannot lift tokens from its memory.
    if (!options->allowCoreDumps && ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
        err << QCoreApplication::translate("main", "warning: could not make the process undumpable: %1")
                   .arg(QString::fromLocal8Bit(std::strerror(errno)))
            << "\n";
    err.flush();
    raiseOpenFileLimit();

    std::optional<SmtpConfig> smtp;
    if (!options->smtpUrl.isEmpty()) {
        auto parsed = SmtpMailer::parseConfig(options->smtpUrl, options->smtpFrom, options->smtpPassword);
        if (!parsed.ok()) {
            err << "error: " << parsed.error().toString() << "\n";
            return 2;
        }
        smtp = parsed.value();
    }

    // Read (or made) before the store is opened, so a key that is not private stops the server.
    std::optional<Secret> auditHeadKey;
    if (!options->auditHeadKeyPath.isEmpty()) {
        auto key = SignedAuditHead::loadOrCreateKey(*defaultCrypto(), options->auditHeadKeyPath);
        if (!key.ok()) {
            err << "error: " << key.error().toString() << "\n";
            return 2;
        }
        auditHeadKey = key.value();
    }

    auto opened = SqlBackend::open(options->storePath, QStringLiteral("tokendesk-server"));
    opened.waitForFinished();
    if (!opened.result().ok()) {
        err << "error: " << opened.result().error().toString() << "\n";
        return 1;
    }
    const std::shared_ptr<SqlBackend> store = opened.result().value();

    ApiService::Options apiOptions;
    apiOptions.authFailuresPerMinute = options->authFailuresPerMinute;
    ApiService service(store, {}, apiOptions);
    ServerRuntime runtime(service);
    // Set before the first connection: the metrics read it from many threads without a lock.
    service.metrics().setOpenConnections([&runtime] { return runtime.openConnections(); });
    auto port = runtime.start(options->listen);
    if (!port.ok()) {
        err << "error: " << port.error().toString() << "\n";
        return 1;
    }

    std::unique_ptr<NoticeMailer> mailer;
    std::unique_ptr<AuditHeadNotifier> auditHead;
    if (smtp) {
        mailer = std::make_unique<NoticeMailer>(NoticeOutbox(store->store()), *smtp);
        mailer->start();
    }
    if (auditHeadKey) {
        // What the signed head names: the file as this server found it, or the database.
        const QString identity = options->databaseUrl.isEmpty()
                                     ? QFileInfo(options->storePath).absoluteFilePath()
                                     : store->displayName();
        auditHead = std::make_unique<AuditHeadNotifier>(
            NoticeOutbox(store->store()), defaultCrypto(), *auditHeadKey, identity,
            AuditHeadNotifier::stampPathFor(options->auditHeadKeyPath, identity),
            std::chrono::seconds(options->auditHeadIntervalSeconds));
        auditHead->start();
    }

    // Expiry warnings at start and every hour, so a token is warned about within the hour it
    // comes within a threshold; every server of a store checks, and each warning goes out once.
    const ExpiryWarnings expiryWarnings(store->store());
    auto warnAboutExpiring = [expiryWarnings] {
        expiryWarnings.queueDue().then(QtFuture::Launch::Sync, [](const Result<int>& warned) {
            if (!warned.ok())
                qWarning().noquote() << "tokendesk-server: expiry warnings:" << warned.error().toString();
        });
    };
    QTimer warnings;
    QObject::connect(&warnings, &QTimer::timeout, warnAboutExpiring);
    warnings.start(std::chrono::hours(1));
    warnAboutExpiring();

    // Last-used times are coalesced in memory; write them at least once a second.
    QTimer flush;
    QObject::connect(&flush, &QTimer::timeout, [store] { store->flushLastUsed(); });
    flush.start(1000);

    // Idempotent replays (sealed, in the store) past their 10 minutes are deleted, keyed traffic
    // or not; every server of a store sweeps, each DELETE is bounded.
    QTimer sweep;
    QObject::connect(&sweep, &QTimer::timeout, [&service] { service.sweepIdempotency(); });
    sweep.start(30'000);

    ShutdownSignals shutdown;
    QObject::connect(&shutdown, &ShutdownSignals::received, [&] {
        out << "tokendesk-server: stopping\n";
        out.flush();
        flush.stop();
        sweep.stop();
        warnings.stop();
        runtime.stop(); // no new connections; requests in progress finish
        if (auditHead)
            auditHead->stop();
        if (mailer)
            mailer->stop(); // the batch being sent is finished and recorded
        auto flushed = store->flushLastUsed();
        flushed.waitForFinished();
        if (!flushed.result().ok())
            err << "error: " << flushed.result().error().toString() << "\n";
        app.quit();
    });

    const bool tls = !options->listen.certificate.isNull();
    const QString host = options->listen.host.protocol() == QAbstractSocket::IPv6Protocol
                             ? QStringLiteral("[%1]").arg(options->listen.host.toString())
                             : options->listen.host.toString();
    out << QStringLiteral("tokendesk-server: listening on %1://%2:%3 (store %4, %5 workers)\n")
               .arg(tls ? QStringLiteral("https") : QStringLiteral("http"), host)
               .arg(port.value())
               .arg(store->displayName())
               .arg(options->listen.workers);
    out.flush();
    return app.exec();
}
