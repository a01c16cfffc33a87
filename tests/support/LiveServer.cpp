// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/support/LiveServer.h"

#include <QDeadlineTimer>
#include <QRegularExpression>

#include <gtest/gtest.h>

#include <csignal>
#include <utility>

namespace tokendesk::test {

InProcessServer::InProcessServer(std::shared_ptr<SqlBackend> store, ApiService::Authenticator authenticate,
                                 ListenOptions listen)
    : m_service(std::move(store), std::move(authenticate)), m_runtime(m_service)
{
    listen.port = 0;
    listen.workers = 2;
    auto port = m_runtime.start(listen);
    if (!port.ok()) {
        ADD_FAILURE() << "cannot start the in-process server: " << qPrintable(port.error().toString());
        return;
    }
    const bool tls = !listen.certificate.isNull();
    m_url = QUrl(QStringLiteral("%1://127.0.0.1:%2")
                     .arg(tls ? QStringLiteral("https") : QStringLiteral("http"))
                     .arg(port.value()));
}

InProcessServer::~InProcessServer()
{
    m_runtime.stop();
}

ServerProcess::ServerProcess(const QStringList& arguments, const std::function<void()>& inChild)
{
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    if (inChild)
        m_process.setChildProcessModifier(inChild);
    m_process.start(QStringLiteral(TOKENDESK_SERVER_PATH),
                    QStringList{QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")} + arguments);
    static const QRegularExpression listening(QStringLiteral("listening on (https?://[0-9.]+:[0-9]+)"));
    QDeadlineTimer deadline(15000);
    while (!deadline.hasExpired()) {
        if (!m_process.waitForReadyRead(int(std::max<qint64>(1, deadline.remainingTime()))))
            break;
        m_output += QString::fromUtf8(m_process.readAll());
        const auto match = listening.match(m_output);
        if (match.hasMatch()) {
            m_url = QUrl(match.captured(1));
            return;
        }
    }
    m_output += QString::fromUtf8(m_process.readAll());
}

ServerProcess::~ServerProcess()
{
    if (m_process.state() != QProcess::NotRunning)
        stop();
}

int ServerProcess::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return m_process.exitCode();
    ::kill(pid_t(m_process.processId()), SIGTERM);
    if (!m_process.waitForFinished(15000)) {
        m_process.kill();
        m_process.waitForFinished();
        return -1;
    }
    m_output += QString::fromUtf8(m_process.readAll());
    return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
}

} // namespace tokendesk::test
