// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/core/RequestTracker.h"

namespace tokendesk {

bool RequestTracker::Ticket::isCurrent() const
{
    return m_tracker && m_tracker->isCurrent(m_id);
}

void RequestTracker::Ticket::finish() const
{
    if (m_tracker)
        m_tracker->finish(m_id);
}

RequestTracker::RequestTracker(QObject* parent) : QObject(parent) {}

RequestTracker::Ticket RequestTracker::start()
{
    const quint64 id = m_nextId++;
    m_inFlight.insert(id);
    if (m_inFlight.size() == 1)
        Q_EMIT busyChanged(true);
    return {this, id};
}

RequestTracker::Ticket RequestTracker::startLatest()
{
    invalidate();
    return start();
}

RequestTracker::Ticket RequestTracker::startInstead()
{
    const bool wasBusy = isBusy();
    invalidate();
    const quint64 id = m_nextId++;
    m_inFlight = {id};
    if (!wasBusy)
        Q_EMIT busyChanged(true);
    return {this, id};
}

void RequestTracker::invalidate()
{
    m_firstCurrent = m_nextId;
}

void RequestTracker::reset()
{
    invalidate();
    if (!isBusy())
        return;
    m_inFlight.clear();
    Q_EMIT busyChanged(false);
}

void RequestTracker::finish(quint64 id)
{
    if (m_inFlight.remove(id) && m_inFlight.isEmpty())
        Q_EMIT busyChanged(false);
}

} // namespace tokendesk
