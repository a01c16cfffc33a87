// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/bench/Measure.h"

#include <QCoreApplication>
#include <QEvent>
#include <QFile>
#include <QTimer>
#include <QWidget>

#include <algorithm>
#include <unistd.h>
#include <vector>

namespace tokendesk::bench {

StallMeter::StallMeter()
{
    m_tick.setInterval(5);
    QObject::connect(&m_tick, &QTimer::timeout, this, [this] {
        m_longestMs = std::max(m_longestMs, double(m_sinceTick.nsecsElapsed()) / 1e6);
        m_sinceTick.restart();
    });
}

void StallMeter::start()
{
    m_longestMs = 0;
    m_sinceTick.start();
    m_tick.start();
}

double medianMs(const std::function<void()>& operation, int runs, const std::function<void()>& prepare)
{
    std::vector<double> timings;
    for (int run = 0; run <= runs; ++run) {
        if (prepare)
            prepare();
        QElapsedTimer timer;
        timer.start();
        operation();
        if (run > 0) // run 0 is the warm-up
            timings.push_back(static_cast<double>(timer.nsecsElapsed()) / 1e6);
    }
    std::sort(timings.begin(), timings.end());
    return timings[timings.size() / 2];
}

double residentMb()
{
    QFile statm(QStringLiteral("/proc/self/statm"));
    if (!statm.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> fields = statm.readAll().split(' ');
    if (fields.size() < 2)
        return 0;
    return static_cast<double>(fields.at(1).toLongLong()) * static_cast<double>(sysconf(_SC_PAGESIZE)) /
           (1024.0 * 1024.0);
}

PaintWatch::PaintWatch(QWidget* viewport, std::function<bool()> ready)
    : m_viewport(viewport), m_ready(std::move(ready))
{
    m_viewport->installEventFilter(this);
}

PaintWatch::~PaintWatch()
{
    if (m_viewport)
        m_viewport->removeEventFilter(this);
}

void PaintWatch::arm()
{
    m_painted = false;
}

bool PaintWatch::wait(int timeoutMs)
{
    // Futures finish on the store's thread and post their answers here; the heartbeat keeps the
    // loop from sleeping past the deadline when nothing is posted at all.
    QTimer heartbeat;
    heartbeat.start(5);
    QElapsedTimer timer;
    timer.start();
    while (!m_painted && timer.elapsed() < timeoutMs)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    return m_painted;
}

bool PaintWatch::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_viewport && event->type() == QEvent::Paint && m_ready())
        m_painted = true;
    return false;
}

} // namespace tokendesk::bench
