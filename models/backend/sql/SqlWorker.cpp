// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/backend/sql/SqlWorker.h"

#include "models/crypto/Crypto.h"

#include <QCoreApplication>
#include <QThread>

namespace tokendesk {

SqlWorker& SqlWorker::instance()
{
    // Deliberately never destroyed: a job may still hold a store at process exit, and a running
    // QThread must not be destroyed.
    static auto* worker = new SqlWorker;
    return *worker;
}

bool SqlWorker::isRunning()
{
    return instance().m_running.load();
}

void SqlWorker::shutDown()
{
    SqlWorker& worker = instance();
    worker.m_running = false;
    QMetaObject::invokeMethod(worker.m_context, &releaseCryptoThreadState, Qt::BlockingQueuedConnection);
    worker.m_thread->quit();
    worker.m_thread->wait();
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
    m_running = true;
    // Runs when the QCoreApplication is destroyed, i.e. after main()'s own objects (and so
    // every open store) are gone, and before the process's globals are destroyed.
    qAddPostRoutine(&SqlWorker::shutDown);
}

} // namespace tokendesk
