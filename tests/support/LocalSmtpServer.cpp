// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/support/LocalSmtpServer.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFileInfo>
#include <QTcpSocket>
#include <QThread>

namespace tokendesk::test {

namespace {
const QString kPython = QStringLiteral("/usr/bin/python3");
}

QString LocalSmtpServer::unavailableReason()
{
    QProcess probe;
    probe.start(kPython, {QStringLiteral("-c"), QStringLiteral("import aiosmtpd")});
    if (probe.waitForFinished(10000) && probe.exitStatus() == QProcess::NormalExit && probe.exitCode() == 0)
        return {};
    return kPython + QStringLiteral(" cannot import aiosmtpd (install python3-aiosmtpd): ") +
           probe.errorString() + QLatin1Char(' ') + QString::fromUtf8(probe.readAllStandardError().trimmed());
}

LocalSmtpServer::~LocalSmtpServer()
{
    stop();
}

bool LocalSmtpServer::start(quint16 port, QString* error)
{
    m_port = port ? port : freeLoopbackPort();
    // -n: do not try to setuid to nobody. The Mailbox handler takes the maildir as its argument.
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    m_process.start(kPython, {QStringLiteral("-m"), QStringLiteral("aiosmtpd"), QStringLiteral("-n"),
                              QStringLiteral("-l"), QStringLiteral("127.0.0.1:%1").arg(m_port),
                              QStringLiteral("-c"), QStringLiteral("aiosmtpd.handlers.Mailbox"), m_maildir});
    const QDeadlineTimer deadline(10000);
    while (!deadline.hasExpired() && m_process.state() != QProcess::NotRunning) {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, m_port);
        if (socket.waitForConnected(250))
            return true;
        QThread::msleep(100);
    }
    if (error)
        *error =
            QStringLiteral("aiosmtpd did not accept connections: ") + QString::fromUtf8(m_process.readAll());
    return false;
}

void LocalSmtpServer::stop()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

QByteArrayList LocalSmtpServer::messages() const
{
    const QDir inbox(QDir(m_maildir).filePath(QStringLiteral("new")));
    QFileInfoList files = inbox.entryInfoList(QDir::Files, QDir::Time | QDir::Reversed);
    QByteArrayList messages;
    for (const QFileInfo& file : files)
        messages.append(readFileBytes(file.filePath()));
    return messages;
}

} // namespace tokendesk::test

namespace tokendesk::test {

QByteArray LocalSmtpServer::readable(const QByteArray& raw)
{
    QByteArray joined = raw;
    joined.replace("=\r\n", "").replace("=\n", "");
    QByteArray out;
    out.reserve(joined.size());
    for (qsizetype i = 0; i < joined.size(); ++i) {
        const char c = joined.at(i);
        bool ok = false;
        if (c == '=' && i + 2 < joined.size()) {
            const int value = joined.mid(i + 1, 2).toInt(&ok, 16);
            if (ok) {
                out.append(char(value));
                i += 2;
                continue;
            }
        }
        out.append(c);
    }
    return out;
}

} // namespace tokendesk::test
