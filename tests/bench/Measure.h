// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QWidget>

#include <functional>

namespace tokendesk::bench {

// Median of `runs` timings in milliseconds, after one warm-up run. `prepare` runs untimed
// before each run (to reset what the previous run changed).
double medianMs(const std::function<void()>& operation, int runs = 5,
                const std::function<void()>& prepare = {});

// The process's resident set size, in MiB (from /proc/self/statm).
double residentMb();

// The longest the event loop went without running a 5 ms timer, from start() to stop(): how
// long a user would have seen the window frozen.
class StallMeter : public QObject
{
public:
    StallMeter();
    void start();
    void stop() { m_tick.stop(); }
    double longestStallMs() const { return m_longestMs; }

private:
    QTimer m_tick;
    QElapsedTimer m_sinceTick;
    double m_longestMs = 0;
};

// Waits for a widget to paint while a condition holds: "until the first page is painted" means
// until a paint event reached the view's viewport when the rows were there to be painted. The
// paint itself is included (the wait returns once the event loop has finished delivering it).
class PaintWatch : public QObject
{
public:
    PaintWatch(QWidget* viewport, std::function<bool()> ready);
    ~PaintWatch() override;
    // Forget earlier paints; call right before the action being timed.
    void arm();
    // Runs the event loop until a ready paint happened; false after `timeoutMs`.
    bool wait(int timeoutMs = 120000);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    // A watch may outlive its view (the naive peer's view goes before the watch of its timed
    // paints did, and the bench died removing the filter from the freed viewport).
    QPointer<QWidget> m_viewport;
    std::function<bool()> m_ready;
    bool m_painted = false;
};

} // namespace tokendesk::bench
