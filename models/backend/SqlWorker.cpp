// SPDX-License-Identifier: GPL-3.0-or-later
#include "SqlWorker.h"

#include <QThread>

namespace tokendesk {

SqlWorker& SqlWorker::instance()
{
    // Deliberately never destroyed: a job may still hold a store at process exit, and a running
    // QThread must not be destroyed.
    static SqlWorker* worker = new SqlWorker;
    return *worker;
}

bool SqlWorker::isCurrentThread()
{
    return QThread::currentThread() == instance().m_thread;
}

SqlWorker::SqlWorker() : m_thread(new QThread), m_context(new QObject)
{
    m_thread->setObjectName(QStringLiteral("tokendesk-sql"));
    m_context->moveToThread(m_thread);
    m_thread->start();
}

} // namespace tokendesk
