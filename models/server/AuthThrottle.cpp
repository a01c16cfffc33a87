// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/server/AuthThrottle.h"

namespace tokendesk {

namespace {

// Past this many addresses the ended windows are dropped, so a scan from many addresses cannot
// grow the table without bound.
constexpr qsizetype kSweepAbove = 10'000;

std::chrono::milliseconds steadyNow()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now().time_since_epoch());
}

} // namespace

AuthThrottle::AuthThrottle(int limit, std::chrono::milliseconds window, Clock clock)
    : m_limit(std::max(1, limit)), m_window(window), m_clock(clock ? std::move(clock) : Clock(steadyNow))
{}

std::optional<std::chrono::seconds> AuthThrottle::retryAfter(const QHostAddress& address)
{
    const auto now = m_clock();
    QMutexLocker lock(&m_mutex);
    const auto found = m_windows.constFind(address);
    if (found == m_windows.cend() || found->failures < m_limit || now - found->start >= m_window)
        return std::nullopt;
    const auto left = found->start + m_window - now;
    // Rounded up: a client that waits exactly Retry-After seconds finds the window ended.
    return std::chrono::ceil<std::chrono::seconds>(left);
}

bool AuthThrottle::recordFailure(const QHostAddress& address)
{
    const auto now = m_clock();
    QMutexLocker lock(&m_mutex);
    if (m_windows.size() > kSweepAbove)
        forgetEndedWindows(now);
    Window& window = m_windows[address];
    if (window.failures == 0 || now - window.start >= m_window)
        window = Window{now, 0};
    ++window.failures;
    return window.failures == m_limit;
}

qsizetype AuthThrottle::trackedAddresses() const
{
    QMutexLocker lock(&m_mutex);
    return m_windows.size();
}

void AuthThrottle::forgetEndedWindows(std::chrono::milliseconds now)
{
    m_windows.removeIf([&](const auto& entry) { return now - entry.value().start >= m_window; });
}

} // namespace tokendesk
