// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/Error.h"

#include <QByteArray>

#include <array>
#include <atomic>
#include <chrono>
#include <functional>
#include <optional>

namespace tokendesk {

// The server's counters, exposed by GET /v1/metrics in the Prometheus text format.
//
// Verify records from every HTTP worker at once, so every counter is a relaxed atomic: no lock
// on the verify path, and a scrape may see one counter a request ahead of another, which
// Prometheus tolerates.
class ServerMetrics
{
public:
    // Upper bounds (seconds) of the verify latency histogram's buckets; +Inf is implied.
    static constexpr std::array<double, 11> kLatencyBuckets{0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005,
                                                            0.01,   0.025,   0.05,   0.1,   1.0};

    // One verify answered: nullopt when the key was valid, else why it was refused.
    void recordVerify(std::optional<ErrorCode> refusal, std::chrono::nanoseconds took);
    void recordAuthFailure() { m_authFailures.fetch_add(1, std::memory_order_relaxed); }
    void recordThrottled() { m_throttled.fetch_add(1, std::memory_order_relaxed); }
    // Set by whoever owns the connections (the transport); 0 until then.
    void setOpenConnections(std::function<int()> count) { m_openConnections = std::move(count); }

    QByteArray exposition() const;

private:
    enum Outcome
    {
        Valid,
        Invalid,
        Disabled,
        Expired,
        Unavailable, // the store could not answer
        Other,
        OutcomeCount
    };
    static Outcome outcomeOf(std::optional<ErrorCode> refusal);

    std::array<std::atomic<quint64>, OutcomeCount> m_verifies{};
    std::array<std::atomic<quint64>, kLatencyBuckets.size() + 1> m_latency{}; // per bucket, not cumulative
    std::atomic<quint64> m_latencyNanos{0};
    std::atomic<quint64> m_authFailures{0};
    std::atomic<quint64> m_throttled{0};
    std::function<int()> m_openConnections;
};

} // namespace tokendesk
