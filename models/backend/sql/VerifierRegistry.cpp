// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/backend/sql/VerifierRegistry.h"

#include <QtGlobal>

#include <algorithm>
#include <vector>

namespace tokendesk::detail {

namespace {

// The registries a thread took readers from; tells those that still exist when it is done.
class ThreadEndNotifier
{
public:
    ~ThreadEndNotifier() { notifyNow(); }
    void add(std::weak_ptr<ThreadEndListener> listener)
    {
        // Long-lived threads (the store worker) see many stores come and go: forget the gone ones.
        std::erase_if(m_listeners,
                      [](const std::weak_ptr<ThreadEndListener>& weak) { return weak.expired(); });
        m_listeners.push_back(std::move(listener));
    }
    void notifyNow()
    {
        const Qt::HANDLE thread = QThread::currentThreadId();
        std::vector<std::weak_ptr<ThreadEndListener>> listeners;
        listeners.swap(m_listeners);
        for (const std::weak_ptr<ThreadEndListener>& weak : listeners) {
            if (const auto listener = weak.lock())
                listener->threadEnded(thread);
        }
    }

private:
    std::vector<std::weak_ptr<ThreadEndListener>> m_listeners;
};

// Destroyed when its thread ends (C++ runs thread_local destructors as the thread exits, after
// its function returned), unless releaseVerifierThreadState() ran first.
ThreadEndNotifier& notifier()
{
    thread_local ThreadEndNotifier instance;
    return instance;
}

} // namespace

void notifyAtThreadEnd(std::weak_ptr<ThreadEndListener> listener)
{
    notifier().add(std::move(listener));
}

quint64 nextRegistrySerial()
{
    static std::atomic<quint64> counter{0};
    return ++counter;
}

} // namespace tokendesk::detail

namespace tokendesk {

void releaseVerifierThreadState()
{
    detail::notifier().notifyNow();
}

} // namespace tokendesk
