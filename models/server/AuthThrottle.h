// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QHostAddress>
#include <QMutex>

#include <chrono>
#include <functional>
#include <optional>

namespace tokendesk {

// Counts failed management authentications per source address and locks an address out once it
// reached `limit` failures within one window (a minute by default), until that window ends.
//
// Fixed windows rather than a sliding log: one counter per address keeps the memory per attacker
// constant. Only the management path uses it (verify is never throttled by address: a gateway
// sends every verify from one address), so a mutex is fine here.
class AuthThrottle
{
public:
    using Clock = std::function<std::chrono::milliseconds()>; // monotonic
    explicit AuthThrottle(int limit = 20, std::chrono::milliseconds window = std::chrono::minutes(1),
                          Clock clock = {});

    // How long `address` must still wait, or nullopt when it may try to authenticate.
    std::optional<std::chrono::seconds> retryAfter(const QHostAddress& address);
    // Records one failure; true exactly when this failure locked the address out (once per
    // lockout, so the caller logs, audits and notifies once, not on every refused request).
    bool recordFailure(const QHostAddress& address);

    int limit() const { return m_limit; }
    qsizetype trackedAddresses() const;

private:
    struct Window
    {
        std::chrono::milliseconds start{0};
        int failures = 0;
    };
    void forgetEndedWindows(std::chrono::milliseconds now);

    int m_limit;
    std::chrono::milliseconds m_window;
    Clock m_clock;
    mutable QMutex m_mutex;
    QHash<QHostAddress, Window> m_windows;
};

} // namespace tokendesk
