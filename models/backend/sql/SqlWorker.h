// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/ThreadSanitizer.h"

#include <QFuture>
#include <QObject>
#include <QPromise>

#include <atomic>
#include <memory>
#include <optional>

class QThread;

namespace tokendesk {

// The one thread on which every SQL connection is made and used (QtSql connections belong to the
// thread that opened them). Jobs run in the order they were posted.
//
// Not a QThreadPool on purpose: QFuture::waitForFinished() on a pool task may "steal" the task
// and run it on the waiting thread, which would use a connection from the wrong thread.
class SqlWorker
{
public:
    static SqlWorker& instance();
    static bool isCurrentThread();
    // False once the application object is gone: the thread is stopped before Qt's and the C++
    // runtime's globals are torn down, so it never races the process exit.
    static bool isRunning();

    template <typename T, typename Job> QFuture<T> post(Job job)
    {
        auto promise = std::make_shared<QPromise<T>>();
        QFuture<T> future = promise->future();
        promise->start();
        ThreadSanitizer::handOver(promise.get());
        QMetaObject::invokeMethod(
            m_context,
            [promise, job = std::optional<Job>(std::move(job))]() mutable {
                ThreadSanitizer::takeOver(promise.get());
                T result = (*job)();
                // Drop what the job holds (a store) before the caller can wake up: otherwise the
                // caller may exit while the last reference is still being released here.
                job.reset();
                promise->addResult(std::move(result));
                ThreadSanitizer::handOver(promise.get());
                promise->finish();
            },
            Qt::QueuedConnection);
        return future;
    }

private:
    SqlWorker();
    static void shutDown();
    QThread* m_thread = nullptr;
    QObject* m_context = nullptr;
    std::atomic<bool> m_running{false};
};

} // namespace tokendesk
