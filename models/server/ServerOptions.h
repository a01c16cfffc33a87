// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/Result.h"
#include "models/server/ServerRuntime.h"

#include <QCoreApplication>
#include <QStringList>

namespace tokendesk {

// tokendesk-server's command line, validated: every mistake is a clear message, never a server
// that starts half-configured.
struct ServerOptions
{
    Q_DECLARE_TR_FUNCTIONS(ServerOptions)

public:
    QString storePath;   // --store
    QString databaseUrl; // --db
    ListenOptions listen;
    QString smtpUrl;                // --smtp
    QString smtpFrom;               // --smtp-from
    int authFailuresPerMinute = 20; // --auth-failures-per-minute
    // --smtp-password-file or TOKENDESK_SMTP_PASSWORD; never a command-line value.
    QString smtpPassword;
    // --audit-head-key: the key that signs the daily audit head mailed to every admin (needs
    // --smtp; empty: no head is mailed); made on first use. Never inside the store.
    QString auditHeadKeyPath;
    int auditHeadIntervalSeconds = 86400; // --audit-head-interval
    // --insecure-http: plain HTTP on a non-loopback address was asked for knowingly.
    bool insecureHttp = false;
    // --allow-core-dumps: keep the process dumpable (PR_SET_DUMPABLE); off by default, since a
    // dump of a running server would hold what passes through it.
    bool allowCoreDumps = false;
    // True when this configuration sends tokens over the network in clear (warned at every start).
    bool servesInsecurely() const { return listen.certificate.isNull() && !listen.host.isLoopback(); }

    bool help = false;    // --help: print usage() and exit
    bool version = false; // --version

    // Fails with INVALID_INPUT naming the option at fault.
    static Result<ServerOptions> parse(const QStringList& arguments);
    static QString usage();
};

} // namespace tokendesk
