// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/server/ServerOptions.h"

#include "models/api/RequestBody.h"
#include "models/backend/sql/StoreLocation.h"
#include "models/notices/SmtpMailer.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QRegularExpression>
#include <QThread>

using namespace Qt::StringLiterals;

namespace tokendesk {

namespace {

Error invalid(const QString& message)
{
    return makeError(ErrorCode::InvalidInput, message);
}

enum class Measure
{
    Count,
    Seconds
};

// Reads the integer option `name` into `value` when it is given; outside [low, high] is an error.
Result<Unit> readBoundedInt(const QCommandLineParser& parser, const QString& name, int low, int high,
                            Measure unit, auto& value)
{
    if (!parser.isSet(name))
        return Unit{};
    bool ok = false;
    const int read = parser.value(name).toInt(&ok);
    if (!ok || read < low || read > high)
        return invalid(
            unit == Measure::Seconds
                ? ServerOptions::tr("--%1 must be a number of seconds from %2 to %3.")
                      .arg(name)
                      .arg(low)
                      .arg(high)
                : ServerOptions::tr("--%1 must be a number from %2 to %3.").arg(name).arg(low).arg(high));
    value = read;
    return Unit{};
}

struct Parser
{
    QCommandLineParser parser;
    Parser()
    {
        parser.setApplicationDescription(
            ServerOptions::tr("TokenDesk server: manages an organisation's API tokens over REST "
                              "and answers verify requests from its APIs."));
        parser.addOptions({
            {u"store"_s, ServerOptions::tr("Serve this store file (made with tokendesk-cli init)."),
             ServerOptions::tr("PATH")},
            {u"db"_s, ServerOptions::tr("Serve this database (postgresql://user@host:port/db)."),
             ServerOptions::tr("URL")},
            {u"listen"_s,
             ServerOptions::tr(
                 "Address and port to listen on (default 127.0.0.1:8080; port 0: any free port)."),
             ServerOptions::tr("HOST:PORT")},
            {u"tls-cert"_s,
             ServerOptions::tr("PEM certificate chain (the server's certificate first, then its "
                               "intermediates): serve HTTPS."),
             ServerOptions::tr("FILE")},
            {u"tls-key"_s, ServerOptions::tr("PEM private key for --tls-cert."), ServerOptions::tr("FILE")},
            {u"smtp"_s,
             ServerOptions::tr("Send new-token notices through this SMTP server (smtp://host:port or "
                               "smtps://...; smtp://user@host:587 logs in, over TLS only)."),
             ServerOptions::tr("URL")},
            {u"smtp-password-file"_s,
             ServerOptions::tr("Read the SMTP password from this file (readable by its owner only); "
                               "or set TOKENDESK_SMTP_PASSWORD. Never in the URL."),
             ServerOptions::tr("PATH")},
            {u"smtp-from"_s, ServerOptions::tr("Sender address of the notices."),
             ServerOptions::tr("ADDRESS")},
            {u"audit-head-key"_s,
             ServerOptions::tr("With --smtp, mail every admin the head of the audit log once a day, "
                               "signed with the key in this file (made, readable by its owner only, "
                               "when missing). Keep it outside the store, e.g. beside the server's "
                               "configuration: it is what proves a mailed head genuine."),
             ServerOptions::tr("FILE")},
            {u"audit-head-interval"_s,
             ServerOptions::tr("Seconds between two audit head mails (default 86400, a day)."),
             ServerOptions::tr("SECONDS")},
            {u"auth-failures-per-minute"_s,
             ServerOptions::tr("Failed management sign-ins one address may make in a minute; after "
                               "that it is answered 429 Too Many Requests until the minute ends "
                               "(default 20). Verify is never limited."),
             ServerOptions::tr("N")},
            {u"workers"_s, ServerOptions::tr("HTTP worker threads (default: one per CPU core)."),
             ServerOptions::tr("N")},
            {u"max-connections"_s,
             ServerOptions::tr("Open connections at most (default 10000); over it a new connection "
                               "is closed at once."),
             ServerOptions::tr("N")},
            {u"idle-timeout"_s,
             ServerOptions::tr("Close a connection that sends nothing for this many seconds "
                               "(default 60)."),
             ServerOptions::tr("SECONDS")},
            {u"header-timeout"_s,
             ServerOptions::tr("Close a connection whose TLS handshake, request line and headers "
                               "take longer than this many seconds (default 10)."),
             ServerOptions::tr("SECONDS")},
            {u"body-timeout"_s,
             ServerOptions::tr("Close a connection whose request body takes longer than this many "
                               "seconds to arrive, or whose answer longer to be read (default 30)."),
             ServerOptions::tr("SECONDS")},
            {u"max-body-bytes"_s,
             ServerOptions::tr("Refuse a request body larger than this with 413 while it arrives "
                               "(default and most %1).")
                 .arg(ApiJson::kMaxBodyBytes),
             ServerOptions::tr("BYTES")},
            {u"reuse-port"_s,
             ServerOptions::tr("Let other processes listen on the same port (SO_REUSEPORT); without it "
                               "a second server on a port already served fails to start.")},
            {u"insecure-http"_s,
             ServerOptions::tr("Serve plain HTTP on an address other than loopback (tokens would cross "
                               "the network in clear); refused without it.")},
            {u"allow-core-dumps"_s,
             ServerOptions::tr("Let this process be dumped and traced by its own user (for debugging). "
                               "Without it the server is undumpable: no core file, no ptrace, no "
                               "/proc/PID/mem for anyone but root.")},
        });
        parser.addHelpOption();
        parser.addVersionOption();
    }
};

Result<Unit> parseListen(const QString& text, ListenOptions& listen)
{
    // Exactly HOST:PORT: the port in ASCII digits (no sign or blanks), an IPv6 address in
    // brackets, since "::1:8443" could as well be an address without a port.
    static const QRegularExpression form(u"^(\\[[^\\]\\s]+\\]|[^\\s:\\[\\]]+):([0-9]{1,5})$"_s);
    const QRegularExpressionMatch match = form.match(text);
    bool ok = match.hasMatch();
    const uint port = match.captured(2).toUInt();
    QString host = match.captured(1);
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    QHostAddress address;
    if (host == u"localhost"_s)
        address = QHostAddress::LocalHost;
    else if (!address.setAddress(host))
        ok = false;
    if (!ok || port > 65535)
        return invalid(ServerOptions::tr(
            "--listen must be HOST:PORT with a numeric address, e.g. 127.0.0.1:8080 or [::1]:8443."));
    listen.host = address;
    listen.port = quint16(port);
    return Unit{};
}

Result<Unit> loadTls(const QString& certPath, const QString& keyPath, ListenOptions& listen)
{
    if (certPath.isEmpty() != keyPath.isEmpty())
        return invalid(ServerOptions::tr("--tls-cert and --tls-key go together."));
    if (certPath.isEmpty())
        return Unit{};
    QFile certFile(certPath);
    QFile keyFile(keyPath);
    if (!certFile.open(QIODevice::ReadOnly))
        return invalid(
            ServerOptions::tr("Cannot read the certificate %1: %2").arg(certPath, certFile.errorString()));
    if (!keyFile.open(QIODevice::ReadOnly))
        return invalid(
            ServerOptions::tr("Cannot read the private key %1: %2").arg(keyPath, keyFile.errorString()));
    const auto certificates = QSslCertificate::fromData(certFile.readAll(), QSsl::Pem);
    if (certificates.isEmpty())
        return invalid(ServerOptions::tr("%1 holds no PEM certificate.").arg(certPath));
    const QByteArray keyPem = keyFile.readAll();
    QSslKey key(keyPem, QSsl::Rsa, QSsl::Pem);
    if (key.isNull())
        key = QSslKey(keyPem, QSsl::Ec, QSsl::Pem);
    if (key.isNull())
        return invalid(ServerOptions::tr("%1 holds no unencrypted PEM RSA or EC private key.").arg(keyPath));
    listen.certificate = certificates.first();
    listen.certificateChain = certificates;
    listen.privateKey = key;
    return Unit{};
}

} // namespace

QString ServerOptions::usage()
{
    return Parser().parser.helpText();
}

Result<ServerOptions> ServerOptions::parse(const QStringList& arguments)
{
    Parser p;
    QCommandLineParser& parser = p.parser;
    if (!parser.parse(arguments))
        return invalid(parser.errorText());
    if (!parser.positionalArguments().isEmpty())
        return invalid(tr("Unexpected argument '%1'.").arg(parser.positionalArguments().first()));
    ServerOptions options;
    options.help = parser.isSet(u"help"_s);
    options.version = parser.isSet(u"version"_s);
    if (options.help || options.version)
        return options;
    options.storePath = parser.value(u"store"_s);
    options.databaseUrl = parser.value(u"db"_s);
    if (options.storePath.isEmpty() == options.databaseUrl.isEmpty())
        return invalid(tr("Give exactly one of --store PATH or --db URL."));
    if (!options.databaseUrl.isEmpty()) {
        if (!StoreLocation::looksLikeUrl(options.databaseUrl))
            return invalid(tr("--db takes a postgresql://user@host:port/database URL."));
        if (auto location = StoreLocation::parse(options.databaseUrl); !location.ok())
            return location.error();
        options.storePath = options.databaseUrl; // the store layer tells files and URLs apart
    }
    options.listen.workers = std::max(2, QThread::idealThreadCount());
    if (auto listen = parseListen(parser.isSet(u"listen"_s) ? parser.value(u"listen"_s)
                                                            : QStringLiteral("127.0.0.1:8080"),
                                  options.listen);
        !listen.ok())
        return listen.error();
    if (auto tls = loadTls(parser.value(u"tls-cert"_s), parser.value(u"tls-key"_s), options.listen);
        !tls.ok())
        return tls.error();
    ListenOptions& listen = options.listen;
    const Measure count = Measure::Count;
    const Measure seconds = Measure::Seconds;
    for (const auto& read : {
             readBoundedInt(parser, u"workers"_s, 1, 256, count, listen.workers),
             readBoundedInt(parser, u"auth-failures-per-minute"_s, 1, 100000, count,
                            options.authFailuresPerMinute),
             readBoundedInt(parser, u"audit-head-interval"_s, 1, 7 * 86400, seconds,
                            options.auditHeadIntervalSeconds),
             readBoundedInt(parser, u"max-connections"_s, 1, 1000000, count, listen.maxConnections),
             readBoundedInt(parser, u"idle-timeout"_s, 1, 86400, seconds, listen.idleTimeoutSeconds),
             readBoundedInt(parser, u"header-timeout"_s, 1, 3600, seconds, listen.headerTimeoutSeconds),
             readBoundedInt(parser, u"body-timeout"_s, 1, 3600, seconds, listen.bodyTimeoutSeconds),
             // The API reads no body larger than 64 KiB, so the limit can only be lowered.
             readBoundedInt(parser, u"max-body-bytes"_s, 1024, int(ApiJson::kMaxBodyBytes), count,
                            listen.maxBodyBytes),
         }) {
        if (!read.ok())
            return read.error();
    }
    options.listen.reusePort = parser.isSet(u"reuse-port"_s);
    options.insecureHttp = parser.isSet(u"insecure-http"_s);
    options.allowCoreDumps = parser.isSet(u"allow-core-dumps"_s);
    if (options.listen.certificate.isNull() && !options.listen.host.isLoopback() && !options.insecureHttp)
        return invalid(tr("Refusing plain HTTP on %1: tokens would cross the network in clear; give "
                          "--tls-cert and --tls-key, or --insecure-http to accept that.")
                           .arg(options.listen.host.toString()));
    options.smtpUrl = parser.value(u"smtp"_s);
    options.smtpFrom = parser.value(u"smtp-from"_s);
    if (options.smtpUrl.isEmpty() != options.smtpFrom.isEmpty())
        return invalid(tr("--smtp and --smtp-from go together."));
    options.auditHeadKeyPath = parser.value(u"audit-head-key"_s);
    if (parser.isSet(u"audit-head-key"_s) && options.auditHeadKeyPath.isEmpty())
        return invalid(tr("--audit-head-key needs a file name."));
    if (options.smtpUrl.isEmpty() && !options.auditHeadKeyPath.isEmpty())
        return invalid(tr("--audit-head-key needs --smtp: the head is mailed."));
    if (options.auditHeadKeyPath.isEmpty() && parser.isSet(u"audit-head-interval"_s))
        return invalid(tr("--audit-head-interval needs --audit-head-key."));
    const QString passwordFile = parser.value(u"smtp-password-file"_s);
    if (options.smtpUrl.isEmpty() && !passwordFile.isEmpty())
        return invalid(tr("--smtp-password-file needs --smtp."));
    if (!options.smtpUrl.isEmpty()) {
        auto password =
            SmtpMailer::loadPassword(passwordFile, qEnvironmentVariable("TOKENDESK_SMTP_PASSWORD"));
        if (!password.ok())
            return password.error();
        options.smtpPassword = password.value();
        // Checked here so a bad relay address stops the server before it opens the store.
        if (auto smtp = SmtpMailer::parseConfig(options.smtpUrl, options.smtpFrom, options.smtpPassword);
            !smtp.ok())
            return smtp.error();
    }
    return options;
}

} // namespace tokendesk
