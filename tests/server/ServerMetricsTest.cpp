// SPDX-License-Identifier: GPL-3.0-or-later
// The Prometheus text GET /v1/metrics serves: names, labels, cumulative buckets, the gauge.
#include "models/server/ServerMetrics.h"

#include <QRegularExpression>
#include <QString>

#include <gtest/gtest.h>

#include <thread>
#include <vector>

using namespace std::chrono_literals;

namespace tokendesk::test {
namespace {

// The value of the one sample line `name` (with its labels), or -1 when there is none.
double sample(const QByteArray& text, const QByteArray& name)
{
    for (const QByteArray& line : text.split('\n')) {
        if (line.startsWith(name + ' '))
            return line.mid(name.size() + 1).toDouble();
    }
    return -1;
}

TEST(ServerMetricsTest, CountsVerifiesByOutcomeInCumulativeLatencyBuckets)
{
    ServerMetrics metrics;
    metrics.recordVerify(std::nullopt, 200us);
    metrics.recordVerify(std::nullopt, 3ms);
    metrics.recordVerify(ErrorCode::ApiKeyInvalid, 40us);
    metrics.recordVerify(ErrorCode::ApiKeyDisabled, 2s);
    metrics.recordVerify(ErrorCode::ApiKeyExpired, 1ms);
    metrics.recordVerify(ErrorCode::StoreUnavailable, 1ms);
    const QByteArray text = metrics.exposition();

    EXPECT_TRUE(text.contains("# TYPE tokendesk_verify_requests_total counter\n"));
    EXPECT_EQ(sample(text, "tokendesk_verify_requests_total{outcome=\"valid\"}"), 2);
    EXPECT_EQ(sample(text, "tokendesk_verify_requests_total{outcome=\"invalid\"}"), 1);
    EXPECT_EQ(sample(text, "tokendesk_verify_requests_total{outcome=\"disabled\"}"), 1);
    EXPECT_EQ(sample(text, "tokendesk_verify_requests_total{outcome=\"expired\"}"), 1);
    EXPECT_EQ(sample(text, "tokendesk_verify_requests_total{outcome=\"store_unavailable\"}"), 1);

    EXPECT_TRUE(text.contains("# TYPE tokendesk_verify_duration_seconds histogram\n"));
    EXPECT_EQ(sample(text, "tokendesk_verify_duration_seconds_bucket{le=\"0.0001\"}"), 1);  // 40 us
    EXPECT_EQ(sample(text, "tokendesk_verify_duration_seconds_bucket{le=\"0.00025\"}"), 2); // + 200 us
    EXPECT_EQ(sample(text, "tokendesk_verify_duration_seconds_bucket{le=\"0.001\"}"), 4);   // + 2 x 1 ms
    EXPECT_EQ(sample(text, "tokendesk_verify_duration_seconds_bucket{le=\"0.005\"}"), 5);   // + 3 ms
    EXPECT_EQ(sample(text, "tokendesk_verify_duration_seconds_bucket{le=\"1\"}"), 5);
    EXPECT_EQ(sample(text, "tokendesk_verify_duration_seconds_bucket{le=\"+Inf\"}"), 6); // + 2 s
    EXPECT_EQ(sample(text, "tokendesk_verify_duration_seconds_count"), 6);
    EXPECT_NEAR(sample(text, "tokendesk_verify_duration_seconds_sum"), 2.00524, 1e-9);
}

TEST(ServerMetricsTest, ExposesAuthFailuresThrottlingAndOpenConnections)
{
    ServerMetrics metrics;
    EXPECT_EQ(sample(metrics.exposition(), "tokendesk_open_connections"), 0) << "0 until a transport says";
    metrics.recordAuthFailure();
    metrics.recordAuthFailure();
    metrics.recordThrottled();
    metrics.setOpenConnections([] { return 17; });
    const QByteArray text = metrics.exposition();
    EXPECT_EQ(sample(text, "tokendesk_management_auth_failures_total"), 2);
    EXPECT_EQ(sample(text, "tokendesk_throttled_requests_total"), 1);
    EXPECT_EQ(sample(text, "tokendesk_open_connections"), 17);
    EXPECT_TRUE(text.contains("# TYPE tokendesk_open_connections gauge\n"));
    // Every sample line is "name{labels} value" or "name value", as Prometheus parses it.
    static const QRegularExpression line(
        QStringLiteral(R"(^([a-z_]+(\{[a-z]+="[^"]*"\})? [0-9.e+-]+|# .*)$)"));
    for (const QByteArray& row : text.trimmed().split('\n'))
        EXPECT_TRUE(line.match(QString::fromLatin1(row)).hasMatch()) << row.toStdString();
}

TEST(ServerMetricsTest, CountsFromManyThreadsAtOnceAreNotLost)
{
    ServerMetrics metrics;
    std::vector<std::thread> threads;
    threads.reserve(8);
    for (int t = 0; t < 8; ++t)
        threads.emplace_back([&metrics] {
            for (int n = 0; n < 5000; ++n)
                metrics.recordVerify(std::nullopt, 50us);
        });
    for (auto& thread : threads)
        thread.join();
    EXPECT_EQ(sample(metrics.exposition(), "tokendesk_verify_requests_total{outcome=\"valid\"}"), 40000);
}

} // namespace
} // namespace tokendesk::test
