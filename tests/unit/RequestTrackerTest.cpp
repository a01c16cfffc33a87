// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/core/RequestTracker.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QList>
#include <QPromise>
#include <QSignalSpy>

#include <gtest/gtest.h>

#include <functional>
#include <memory>

using namespace tokendesk;

namespace {

// A backend answer the test hands out when it chooses.
class PendingAnswer
{
public:
    PendingAnswer() { m_promise.start(); }
    QFuture<int> future() { return m_promise.future(); }
    void answer(int value)
    {
        m_promise.addResult(value);
        m_promise.finish();
    }

private:
    QPromise<int> m_promise;
};

// Runs the event loop until `done` holds: whenDone() hears of a finished future through it.
bool processUntil(const std::function<bool()>& done)
{
    QDeadlineTimer deadline(5000);
    while (!done()) {
        if (deadline.hasExpired())
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
    }
    return true;
}

// For answers that must not arrive: gives them every chance to, then returns.
void processForAWhile()
{
    QDeadlineTimer deadline(100);
    while (!deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
}

QList<bool> busySignals(const QSignalSpy& spy)
{
    QList<bool> values;
    for (const QList<QVariant>& arguments : spy)
        values.append(arguments.at(0).toBool());
    return values;
}

} // namespace

TEST(RequestTracker, BusyChangesOnlyBetweenNoneAndOneInFlight)
{
    RequestTracker tracker;
    QSignalSpy busy(&tracker, &RequestTracker::busyChanged);
    EXPECT_FALSE(tracker.isBusy());

    const RequestTracker::Ticket first = tracker.start();
    const RequestTracker::Ticket second = tracker.start();
    const RequestTracker::Ticket third = tracker.start();
    EXPECT_EQ(tracker.inFlight(), 3);
    EXPECT_EQ(busySignals(busy), QList<bool>{true});

    second.finish();
    first.finish();
    EXPECT_TRUE(tracker.isBusy());
    EXPECT_EQ(busySignals(busy), QList<bool>{true});

    third.finish();
    EXPECT_FALSE(tracker.isBusy());
    EXPECT_EQ(busySignals(busy), (QList<bool>{true, false}));
}

TEST(RequestTracker, FinishingTwiceCountsOnce)
{
    RequestTracker tracker;
    const RequestTracker::Ticket first = tracker.start();
    const RequestTracker::Ticket second = tracker.start();
    first.finish();
    first.finish();
    EXPECT_EQ(tracker.inFlight(), 1);
    EXPECT_TRUE(tracker.isBusy());
    second.finish();
    EXPECT_FALSE(tracker.isBusy());
    RequestTracker::Ticket().finish(); // a default ticket belongs to no tracker
    EXPECT_FALSE(RequestTracker::Ticket().isCurrent());
}

TEST(RequestTracker, RequestsStartedBesideEachOtherAllStayCurrent)
{
    RequestTracker tracker;
    const RequestTracker::Ticket count = tracker.start();
    const RequestTracker::Ticket page = tracker.start();
    EXPECT_TRUE(count.isCurrent());
    EXPECT_TRUE(page.isCurrent());
    const RequestTracker::Ticket reload = tracker.startLatest();
    EXPECT_FALSE(count.isCurrent());
    EXPECT_FALSE(page.isCurrent());
    EXPECT_TRUE(reload.isCurrent());
}

TEST(RequestTracker, AnAnswerArrivingAfterANewerRequestIsDropped)
{
    RequestTracker tracker;
    QObject context;
    QList<int> delivered;
    PendingAnswer older;
    PendingAnswer newer;
    whenCurrent(older.future(), &context, tracker.startLatest(), [&](int value) { delivered.append(value); });
    whenCurrent(newer.future(), &context, tracker.startLatest(), [&](int value) { delivered.append(value); });

    newer.answer(2);
    ASSERT_TRUE(processUntil([&] { return !delivered.isEmpty(); }));
    // The older request is stale but the backend still works on it: still busy.
    EXPECT_TRUE(tracker.isBusy());

    older.answer(1);
    ASSERT_TRUE(processUntil([&] { return !tracker.isBusy(); }));
    EXPECT_EQ(delivered, QList<int>{2});
}

TEST(RequestTracker, TheOlderAnswerIsDroppedAlsoWhenItArrivesFirst)
{
    RequestTracker tracker;
    QObject context;
    QList<int> delivered;
    PendingAnswer older;
    PendingAnswer newer;
    whenCurrent(older.future(), &context, tracker.startLatest(), [&](int value) { delivered.append(value); });
    whenCurrent(newer.future(), &context, tracker.startLatest(), [&](int value) { delivered.append(value); });

    older.answer(1);
    ASSERT_TRUE(processUntil([&] { return tracker.inFlight() == 1; }));
    EXPECT_TRUE(delivered.isEmpty());
    newer.answer(2);
    ASSERT_TRUE(processUntil([&] { return !tracker.isBusy(); }));
    EXPECT_EQ(delivered, QList<int>{2});
}

TEST(RequestTracker, InvalidateDropsEveryAnswerInFlight)
{
    RequestTracker tracker;
    QObject context;
    QSignalSpy busy(&tracker, &RequestTracker::busyChanged);
    QList<int> delivered;
    PendingAnswer answers[3];
    for (PendingAnswer& pending : answers)
        whenCurrent(pending.future(), &context, tracker.start(), [&](int value) { delivered.append(value); });

    tracker.invalidate();
    EXPECT_EQ(tracker.inFlight(), 3); // invalidated, not forgotten
    PendingAnswer afterwards;
    whenCurrent(afterwards.future(), &context, tracker.start(), [&](int value) { delivered.append(value); });

    for (int i = 0; i < 3; ++i)
        answers[i].answer(i);
    afterwards.answer(10);
    ASSERT_TRUE(processUntil([&] { return !tracker.isBusy(); }));
    EXPECT_EQ(delivered, QList<int>{10});
    EXPECT_EQ(busySignals(busy), (QList<bool>{true, false}));
}

TEST(RequestTracker, ResetForgetsTheRequestsInFlight)
{
    RequestTracker tracker;
    QObject context;
    QSignalSpy busy(&tracker, &RequestTracker::busyChanged);
    QList<int> delivered;
    PendingAnswer forgotten;
    whenCurrent(forgotten.future(), &context, tracker.start(), [&](int value) { delivered.append(value); });

    tracker.reset();
    EXPECT_FALSE(tracker.isBusy());
    EXPECT_EQ(busySignals(busy), (QList<bool>{true, false}));

    PendingAnswer next;
    whenCurrent(next.future(), &context, tracker.start(), [&](int value) { delivered.append(value); });
    forgotten.answer(1);
    // The forgotten answer neither arrives nor ends the newer request's share of the busy count.
    processForAWhile();
    EXPECT_TRUE(delivered.isEmpty());
    EXPECT_TRUE(tracker.isBusy());
    next.answer(2);
    ASSERT_TRUE(processUntil([&] { return !tracker.isBusy(); }));
    EXPECT_EQ(delivered, QList<int>{2});
}

TEST(RequestTracker, StartInsteadKeepsBusyOnAndForgetsTheOthers)
{
    RequestTracker tracker;
    QObject context;
    QSignalSpy busy(&tracker, &RequestTracker::busyChanged);
    QList<int> delivered;
    PendingAnswer replaced;
    PendingAnswer replacement;
    whenCurrent(replaced.future(), &context, tracker.start(), [&](int value) { delivered.append(value); });
    whenCurrent(replacement.future(), &context, tracker.startInstead(),
                [&](int value) { delivered.append(value); });
    EXPECT_EQ(tracker.inFlight(), 1);
    EXPECT_EQ(busySignals(busy), QList<bool>{true});

    replacement.answer(2);
    ASSERT_TRUE(processUntil([&] { return !tracker.isBusy(); }));
    EXPECT_EQ(busySignals(busy), (QList<bool>{true, false}));
    replaced.answer(1);
    processForAWhile();
    EXPECT_EQ(delivered, QList<int>{2});
    EXPECT_FALSE(tracker.isBusy());
    EXPECT_EQ(busySignals(busy), (QList<bool>{true, false}));
}

TEST(RequestTracker, OverlappingAndNestedRequestsAreCountedRight)
{
    RequestTracker tracker;
    QObject context;
    QSignalSpy busy(&tracker, &RequestTracker::busyChanged);
    PendingAnswer a;
    PendingAnswer b;
    PendingAnswer c;
    PendingAnswer nested;
    int answered = 0;
    whenDone(a.future(), &context, tracker.start(), [&](int) { ++answered; });
    whenDone(b.future(), &context, tracker.start(), [&](int) {
        ++answered;
        // An answer that asks for more: the follow-up counts from here.
        whenDone(nested.future(), &context, tracker.start(), [&](int) { ++answered; });
    });
    a.answer(1);
    ASSERT_TRUE(processUntil([&] { return answered == 1; }));
    whenDone(c.future(), &context, tracker.start(), [&](int) { ++answered; });
    EXPECT_EQ(tracker.inFlight(), 2);
    b.answer(2);
    ASSERT_TRUE(processUntil([&] { return answered == 2; }));
    EXPECT_EQ(tracker.inFlight(), 2); // c and the nested one
    c.answer(3);
    ASSERT_TRUE(processUntil([&] { return answered == 3; }));
    EXPECT_TRUE(tracker.isBusy());
    nested.answer(4);
    ASSERT_TRUE(processUntil([&] { return answered == 4; }));
    EXPECT_FALSE(tracker.isBusy());
    EXPECT_EQ(busySignals(busy), (QList<bool>{true, false}));
}

TEST(RequestTracker, AnAnswerThatIsAlwaysWantedArrivesEvenWhenStale)
{
    RequestTracker tracker;
    QObject context;
    QList<int> delivered;
    PendingAnswer change;
    whenDone(change.future(), &context, tracker.start(), [&](int value) { delivered.append(value); });
    tracker.invalidate();
    change.answer(7);
    ASSERT_TRUE(processUntil([&] { return !tracker.isBusy(); }));
    EXPECT_EQ(delivered, QList<int>{7});
}

TEST(RequestTracker, NoAnswerArrivesAfterTheContextIsGone)
{
    RequestTracker tracker;
    auto context = std::make_unique<QObject>();
    bool delivered = false;
    PendingAnswer pending;
    whenCurrent(pending.future(), context.get(), tracker.start(), [&](int) { delivered = true; });
    context.reset();
    pending.answer(1);
    processForAWhile();
    EXPECT_FALSE(delivered);
}

TEST(RequestTracker, ATrackerDestroyedWithRequestsInFlightIsNoLongerAsked)
{
    QObject context;
    auto tracker = std::make_unique<RequestTracker>();
    QList<int> delivered;
    PendingAnswer reload;
    PendingAnswer change;
    const RequestTracker::Ticket kept = tracker->start();
    whenCurrent(reload.future(), &context, tracker->start(), [&](int value) { delivered.append(value); });
    whenDone(change.future(), &context, tracker->start(), [&](int value) { delivered.append(value); });
    tracker.reset();

    reload.answer(1);
    change.answer(2);
    // The change still reaches its context; the reload has nobody left to be current for.
    ASSERT_TRUE(processUntil([&] { return !delivered.isEmpty(); }));
    processForAWhile();
    EXPECT_EQ(delivered, QList<int>{2});
    EXPECT_FALSE(kept.isCurrent());
    kept.finish();
}
