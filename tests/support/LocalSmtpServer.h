// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "tests/support/TestSupport.h"

#include <QByteArrayList>
#include <QProcess>

namespace tokendesk::test {

// A real SMTP server on 127.0.0.1 for the mail tests: Debian's aiosmtpd, storing every message
// into a maildir. Debian's interpreter on purpose: the python3 on PATH may be a pyenv build
// without python3-aiosmtpd.
class LocalSmtpServer
{
public:
    // Empty when aiosmtpd can be used, else why not (the tests then skip, saying so).
    static QString unavailableReason();

    LocalSmtpServer() = default;
    ~LocalSmtpServer();
    // Starts on `port` (0: a free one) and waits until it accepts connections; false (with the
    // server's output in `error`) if it does not within 10 s.
    bool start(quint16 port = 0, QString* error = nullptr);
    void stop();
    quint16 port() const { return m_port; }
    // The raw messages delivered so far, oldest first.
    QByteArrayList messages() const;
    // A message with quoted-printable undone (soft line breaks joined, =XX decoded), so a test
    // can look for text in it; headers stay as they are.
    static QByteArray readable(const QByteArray& raw);

private:
    TempDir m_dir;
    // Maildir() creates the folder with its new/cur/tmp only when it does not exist yet.
    const QString m_maildir = m_dir.file(QStringLiteral("maildir"));
    QProcess m_process;
    quint16 m_port = 0;
};

} // namespace tokendesk::test
