// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/Result.h"

#include <QString>
#include <QUrl>

#include <chrono>

namespace tokendesk {

struct SmtpConfig
{
    // smtp://host[:port] (STARTTLS when the server offers it) or smtps://host[:port] (TLS from the
    // first byte). Credentials, if any, ride in the user info: smtp://user:password@host:587.
    QUrl url;
    // The envelope sender and the From header: a bare address, no display name.
    QString from;
    // Bounds both the connect and the whole exchange, so a dead relay cannot hang the caller.
    std::chrono::milliseconds timeout{10000};
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

    // Checks the relay URL (smtp or smtps, with a host) and the sender address.
    static Result<SmtpConfig> parseConfig(const QString& url, const QString& from);

    // InvalidInput when the config or the message would be unsafe to send (bad address, CR/LF in a
    // header); StoreUnavailable when delivery fails. Error messages never contain the password.
    Result<Unit> send(const MailMessage& message) const;

private:
    SmtpConfig m_config;
};

} // namespace tokendesk
