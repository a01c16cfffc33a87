// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/Result.h"

#include <QString>
#include <QUrl>

#include <chrono>

namespace tokendesk {

struct SmtpConfig
{
    // smtp://[user@]host[:port] (STARTTLS) or smtps://[user@]host[:port] (TLS from the first
    // byte). Never a password: a URL ends up in shell history, process lists and logs. With a user
    // name TLS is required (STARTTLS must succeed); without one STARTTLS is used when offered.
    QUrl url;
    // The envelope sender and the From header: a bare address, no display name.
    QString from;
    // Bounds both the connect and the whole exchange, so a dead relay cannot hang the caller.
    std::chrono::milliseconds timeout{10000};
    // The password of url's user, read from a file or the environment (loadPassword()).
    QString password{};
};

struct MailMessage
{
    QString to;
    QString subject;
    QString body; // plain text; any line endings
};

// Sends plain-text mail through one SMTP relay with libcurl. send() blocks for up to the
// configured timeout, so call it from a worker thread; concurrent calls are safe (each uses its own
// curl handle).
class SmtpMailer
{
public:
    explicit SmtpMailer(SmtpConfig config);

    // Checks the relay URL (smtp or smtps, with a host, no password) and the sender address; a
    // password needs a user name in the URL.
    static Result<SmtpConfig> parseConfig(const QString& url, const QString& from,
                                          const QString& password = QString());
    // The SMTP password from `file` (refused when group or others may read or write it) or from
    // `environment` (TOKENDESK_SMTP_PASSWORD's value), not both; empty when neither is given. A
    // trailing line break of the file is not part of the password. Errors never quote it.
    static Result<QString> loadPassword(const QString& file, const QString& environment);

    // InvalidInput when the config or the message would be unsafe to send (bad address, CR/LF in a
    // header); StoreUnavailable when delivery fails. Error messages never contain the password.
    Result<Unit> send(const MailMessage& message) const;

private:
    SmtpConfig m_config;
};

} // namespace tokendesk
