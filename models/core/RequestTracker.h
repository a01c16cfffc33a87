// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/Continuation.h"

#include <QFuture>
#include <QObject>
#include <QPointer>
#include <QSet>

#include <utility>

namespace tokendesk {

// The requests one object has sent to a backend and not yet had answered: whether it is busy
// (busyChanged on the step from none to one and back), and which answers are still wanted.
//
// Every request gets a Ticket. An answer is stale — and dropped by whenCurrent() — once a later
// request superseded it (startLatest) or the tracker was invalidated or reset: a listing asked
// for before the filter changed must not overwrite the listing for the new filter.
//
// A stale request still counts as in flight until its answer arrives, because the backend is
// still working on it; only reset() and startInstead() forget requests, for work whose end
// nobody waits for any more.
class RequestTracker : public QObject
{
    Q_OBJECT

public:
    // One request. Cheap to copy into a continuation; safe to use after the tracker is gone
    // (it is then stale, and finishing it does nothing).
    class Ticket
    {
    public:
        Ticket() = default;

        // True while the tracker exists and nothing has made this request's answer stale.
        bool isCurrent() const;
        // The answer arrived: the request no longer counts as in flight. Finishing twice, or
        // finishing a forgotten or default-constructed ticket, does nothing.
        void finish() const;

    private:
        friend class RequestTracker;
        Ticket(RequestTracker* tracker, quint64 id) : m_tracker(tracker), m_id(id) {}

        QPointer<RequestTracker> m_tracker;
        quint64 m_id = 0;
    };

    explicit RequestTracker(QObject* parent = nullptr);

    // A request that runs beside those in flight: the pages of one listing, a change the user
    // asked for. Only invalidate(), reset() or a later startLatest() make it stale.
    [[nodiscard]] Ticket start();
    // A request whose answer replaces those of all earlier ones (a reload): they are stale from
    // now on but still count until they come back.
    [[nodiscard]] Ticket startLatest();
    // Like startLatest(), and the earlier requests no longer count either; busy stays on
    // without flickering off in between.
    [[nodiscard]] Ticket startInstead();

    // Every answer on its way is stale; the requests still count as in flight.
    void invalidate();
    // Every answer on its way is stale and the requests are forgotten: busy ends now.
    void reset();

    bool isBusy() const { return !m_inFlight.isEmpty(); }
    int inFlight() const { return int(m_inFlight.size()); }

Q_SIGNALS:
    void busyChanged(bool busy);

private:
    void finish(quint64 id);
    bool isCurrent(quint64 id) const { return id >= m_firstCurrent; }

    QSet<quint64> m_inFlight;
    quint64 m_nextId = 1;
    // Tickets with a lower id are stale.
    quint64 m_firstCurrent = 1;
};

// whenDone() for a tracked request whose answer is always wanted (a change the user asked for):
// the request counts as in flight until `future` finishes, then `handler(result)` runs unless
// `context` is gone.
template <typename T, typename Handler>
void whenDone(QFuture<T> future, QObject* context, RequestTracker::Ticket ticket, Handler&& handler)
{
    whenDone(std::move(future), context,
             [ticket = std::move(ticket), handler = std::forward<Handler>(handler)](T result) mutable {
                 ticket.finish();
                 handler(std::move(result));
             });
}

// whenDone() for a tracked request whose answer may go stale: the request counts as in flight
// until `future` finishes, then `handler(result)` runs only if `context` is still there and the
// ticket is still current. A stale answer is dropped without a word.
template <typename T, typename Handler>
void whenCurrent(QFuture<T> future, QObject* context, RequestTracker::Ticket ticket, Handler&& handler)
{
    whenDone(std::move(future), context,
             [ticket = std::move(ticket), handler = std::forward<Handler>(handler)](T result) mutable {
                 ticket.finish();
                 if (ticket.isCurrent())
                     handler(std::move(result));
             });
}

} // namespace tokendesk
