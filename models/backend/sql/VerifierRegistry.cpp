// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/backend/sql/VerifierRegistry.h"

#include <QtGlobal>

#include <algorithm>
#include <vector>

namespace tokendesk::detail {

namespace {

// Destroyed when its thread ends (C++ runs thread_local destructors as the thread exits, after
// its function returned): tells every registry the thread used that still exists.
class ThreadEndNotifier
{
public:
    ~ThreadEndNotifier()
    {
        const Qt::HANDLE thread = QThread::currentThreadId();
        for (const std::weak_ptr<ThreadEndListener>& weak : m_listeners) {
            if (const auto listener = weak.lock())
                listener->threadEnded(thread);
        }
    }
    void add(std::weak_ptr<ThreadEndListener> listener)
    {
        // Long-lived threads (the store worker) see many stores come and go: forget the gone ones.
        std::erase_if(m_listeners,
                      [](const std::weak_ptr<ThreadEndListener>& weak) { return weak.expired(); });
        m_listeners.push_back(std::move(listener));
    }

private:
    std::vector<std::weak_ptr<ThreadEndListener>> m_listeners;
};

} // namespace

void notifyAtThreadEnd(std::weak_ptr<ThreadEndListener> listener)
{
    thread_local ThreadEndNotifier notifier;
    notifier.add(std::move(listener));
}

quint64 nextRegistrySerial()
{
    static std::atomic<quint64> counter{0};
    return ++counter;
}

} // namespace tokendesk::detail
