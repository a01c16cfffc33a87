// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/server/ApiService.h"
#include "models/server/ServerRuntime.h"

#include <QProcess>
#include <QStringList>
#include <QUrl>

#include <functional>
#include <memory>

namespace tokendesk::test {

// The REST API over `store`, served inside the test process on 127.0.0.1 and a free port: the
// same ApiService and ServerRuntime tokendesk-server runs, with the test still able to move the
// store's clock.
class InProcessServer
{
public:
    explicit InProcessServer(std::shared_ptr<SqlBackend> store, ApiService::Authenticator authenticate = {},
                             ListenOptions listen = ListenOptions());
    ~InProcessServer();
    QUrl url() const { return m_url; }

private:
    ApiService m_service;
    ServerRuntime m_runtime;
    QUrl m_url;
};

// The real tokendesk-server executable, started on a free port and stopped with SIGTERM.
class ServerProcess
{
public:
    // Starts `tokendesk-server --listen 127.0.0.1:0 <arguments>` and waits for its
    // "listening on" line; started() tells whether that worked (the log says why not).
    // `inChild` runs in the child before exec (a file-size limit, another user).
    explicit ServerProcess(const QStringList& arguments, const std::function<void()>& inChild = {});
    ~ServerProcess();
    bool started() const { return m_url.isValid(); }
    QUrl url() const { return m_url; }
    // SIGTERM, then the exit code (-1 if it had to be killed).
    int stop();
    QString output() const { return m_output; }
    qint64 processId() const { return m_process.processId(); }

private:
    QProcess m_process;
    QUrl m_url;
    QString m_output;
};

} // namespace tokendesk::test
