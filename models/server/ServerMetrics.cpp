// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/server/ServerMetrics.h"

#include <algorithm>

namespace tokendesk {

namespace {

QByteArray number(double value)
{
    return QByteArray::number(value, 'g', 12);
}

} // namespace

ServerMetrics::Outcome ServerMetrics::outcomeOf(std::optional<ErrorCode> refusal)
{
    if (!refusal)
        return Valid;
    switch (*refusal) {
    case ErrorCode::ApiKeyInvalid:
        return Invalid;
    case ErrorCode::ApiKeyDisabled:
        return Disabled;
    case ErrorCode::ApiKeyExpired:
        return Expired;
    case ErrorCode::StoreUnavailable:
    case ErrorCode::StoreCorrupt:
    case ErrorCode::StoreTooNew:
        return Unavailable;
    default:
        return Other;
    }
}

void ServerMetrics::recordVerify(std::optional<ErrorCode> refusal, std::chrono::nanoseconds took)
{
    m_verifies[outcomeOf(refusal)].fetch_add(1, std::memory_order_relaxed);
    const double seconds = std::chrono::duration<double>(took).count();
    const auto bucket = std::lower_bound(kLatencyBuckets.begin(), kLatencyBuckets.end(), seconds);
    m_latency[size_t(bucket - kLatencyBuckets.begin())].fetch_add(1, std::memory_order_relaxed);
    m_latencyNanos.fetch_add(quint64(std::max<qint64>(0, took.count())), std::memory_order_relaxed);
}

QByteArray ServerMetrics::exposition() const
{
    static constexpr std::array<const char*, OutcomeCount> kOutcomeNames{
        "valid", "invalid", "disabled", "expired", "store_unavailable", "other"};
    QByteArray text;
    text += "# HELP tokendesk_verify_requests_total Verify requests answered, by outcome.\n"
            "# TYPE tokendesk_verify_requests_total counter\n";
    for (int outcome = 0; outcome < OutcomeCount; ++outcome)
        text += "tokendesk_verify_requests_total{outcome=\"" + QByteArray(kOutcomeNames[size_t(outcome)]) +
                "\"} " + QByteArray::number(m_verifies[size_t(outcome)].load(std::memory_order_relaxed)) +
                '\n';

    text += "# HELP tokendesk_verify_duration_seconds Time to answer a verify, store lookup included.\n"
            "# TYPE tokendesk_verify_duration_seconds histogram\n";
    quint64 cumulative = 0;
    for (size_t bucket = 0; bucket <= kLatencyBuckets.size(); ++bucket) {
        cumulative += m_latency[bucket].load(std::memory_order_relaxed);
        const QByteArray le = bucket < kLatencyBuckets.size() ? number(kLatencyBuckets[bucket]) : "+Inf";
        text += "tokendesk_verify_duration_seconds_bucket{le=\"" + le + "\"} " +
                QByteArray::number(cumulative) + '\n';
    }
    text += "tokendesk_verify_duration_seconds_sum " +
            number(double(m_latencyNanos.load(std::memory_order_relaxed)) / 1e9) + '\n';
    text += "tokendesk_verify_duration_seconds_count " + QByteArray::number(cumulative) + '\n';

    text += "# HELP tokendesk_management_auth_failures_total Management requests refused for their "
            "credential.\n"
            "# TYPE tokendesk_management_auth_failures_total counter\n"
            "tokendesk_management_auth_failures_total " +
            QByteArray::number(m_authFailures.load(std::memory_order_relaxed)) + '\n';
    text += "# HELP tokendesk_throttled_requests_total Requests answered 429 because their address "
            "failed to authenticate too often.\n"
            "# TYPE tokendesk_throttled_requests_total counter\n"
            "tokendesk_throttled_requests_total " +
            QByteArray::number(m_throttled.load(std::memory_order_relaxed)) + '\n';
    text += "# HELP tokendesk_open_connections HTTP connections open now.\n"
            "# TYPE tokendesk_open_connections gauge\n"
            "tokendesk_open_connections " +
            QByteArray::number(m_openConnections ? m_openConnections() : 0) + '\n';
    return text;
}

} // namespace tokendesk
