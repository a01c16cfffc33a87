// SPDX-License-Identifier: GPL-3.0-or-later
// What tokendesk-server tells strangers and how it holds up against token guessing: the real
// executable on a temporary store, over loopback. Health says only up/down without an Admin
// token, failed management sign-ins are throttled per address (429 + Retry-After, one log line,
// one audit entry and one notice per lockout), and /v1/metrics counts what happened.
#include "models/backend/sql/SqlBackend.h"
#include "tests/support/LiveServer.h"
#include "tests/support/RawHttp.h"
#include "tests/support/TestSupport.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTcpSocket>

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;

namespace tokendesk::test {
namespace {

QByteArray bearer(const Secret& token)
{
    return "Bearer " + token.view().toByteArray();
}

class ServerAttackTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        m_path = m_dir.file(u"served.tokendesk"_s);
        m_store = awaitOk(SqlBackend::create(m_path, StoreCreateOptions{u"alice"_s, 10}));
        m_admin = awaitOk(m_store->generate({u"ops console"_s, Role::Admin, {}}));
        m_developer = awaitOk(m_store->generate({u"billing api"_s, Role::Developer, {}}));
        awaitOk(m_store->addUser({u"carol"_s, true, true})); // a second admin: two notices per event
    }
    void start(const QStringList& extra = {})
    {
        m_server = std::make_unique<ServerProcess>(QStringList{u"--store"_s, m_path} + extra);
        ASSERT_TRUE(m_server->started()) << qPrintable(m_server->output());
    }
    RawReply get(const QByteArray& path, const QByteArray& authorization = {})
    {
        return request(m_server->url(), "GET", path, authorization);
    }
    RawReply verify(const Secret& token)
    {
        return request(m_server->url(), "POST", "/v1/verify", bearer(token));
    }

    TempDir m_dir;
    QString m_path;
    std::shared_ptr<SqlBackend> m_store;
    GeneratedToken m_admin;
    GeneratedToken m_developer;
    std::unique_ptr<ServerProcess> m_server;
};

TEST_F(ServerAttackTest, HealthTellsAStrangerOnlyUpAndAnAdminWhereTheStoreIs)
{
    start();
    for (const QByteArray& credential :
         {QByteArray(), bearer(m_developer.secret), QByteArray("Bearer tdk_guess")}) {
        const RawReply stranger = get("/v1/health", credential);
        EXPECT_EQ(stranger.status, 200) << stranger.body.toStdString();
        EXPECT_EQ(stranger.json(), (QJsonObject{{u"status"_s, u"up"_s}})) << stranger.body.toStdString();
        EXPECT_FALSE(stranger.body.contains("served")) << "no store name for a stranger";
    }
    const RawReply admin = get("/v1/health", bearer(m_admin.secret));
    ASSERT_EQ(admin.status, 200) << admin.body.toStdString();
    const QJsonObject details = admin.json();
    EXPECT_EQ(details[u"status"_s].toString(), u"up"_s);
    EXPECT_EQ(details[u"engine"_s].toString(), u"SQLite"_s);
    EXPECT_TRUE(details[u"location"_s].toString().endsWith(u"served.tokendesk"_s))
        << admin.body.toStdString();
    EXPECT_FALSE(details[u"version"_s].toString().isEmpty());
    EXPECT_FALSE(details[u"qt_version"_s].toString().isEmpty());
}

TEST_F(ServerAttackTest, FailedManagementSignInsLockTheAddressOutWithRetryAfter)
{
    start({u"--auth-failures-per-minute"_s, u"3"_s});
    const QByteArray guess = "Bearer tdk_guessedGuessedGuessedGuessed1234";
    for (int n = 0; n < 3; ++n)
        EXPECT_EQ(get("/v1/tokens", guess).status, 401) << "failure " << n + 1;
    // Locked out now: even the right Admin token is refused until the minute ends, so a guesser
    // learns nothing from the answers.
    for (const QByteArray& credential : {guess, QByteArray(), bearer(m_admin.secret)}) {
        const RawReply locked = get("/v1/tokens", credential);
        EXPECT_EQ(locked.status, 429) << locked.body.toStdString();
        EXPECT_EQ(locked.json()[u"error"_s].toObject()[u"code"_s].toString(), u"RATE_LIMITED"_s)
            << locked.body.toStdString();
        const int retryAfter = locked.header("Retry-After").toInt();
        EXPECT_GE(retryAfter, 1);
        EXPECT_LE(retryAfter, 60);
        EXPECT_FALSE(locked.body.contains("guessed"));
    }
    // Verify is never throttled by address: a gateway sends every verify from one place.
    EXPECT_EQ(verify(m_developer.secret).status, 200);
    EXPECT_EQ(verify(Secret("tdk_guessedGuessedGuessedGuessed1234")).status, 401);
    EXPECT_EQ(verify(m_developer.secret).status, 200);

    m_server->stop();
    const QString log = m_server->output();
    // One audit entry and one notice per admin for the lockout, not one per refused request.
    const QList<AuditEntry> audit = awaitOk(m_store->audit(AuditQuery()));
    int lockouts = 0;
    for (const AuditEntry& entry : audit) {
        if (entry.action == u"auth.lockout"_s) {
            ++lockouts;
            EXPECT_EQ(entry.label, u"127.0.0.1"_s);
            EXPECT_FALSE(entry.detail.contains(u"guessed"_s));
        }
    }
    EXPECT_EQ(lockouts, 1) << qPrintable(log);
    const QList<Notice> notices = awaitOk(m_store->notices());
    QStringList told;
    for (const Notice& notice : notices) {
        if (notice.kind == u"auth.lockout"_s)
            told.append(notice.recipient);
    }
    told.sort();
    EXPECT_EQ(told, (QStringList{u"alice"_s, u"carol"_s}));

    EXPECT_EQ(log.count(u"locked out"_s), 1) << qPrintable(log);
    EXPECT_TRUE(log.contains(u"127.0.0.1"_s)) << qPrintable(log);
    EXPECT_FALSE(log.contains(u"guessed"_s)) << "the presented token never reaches the log";
    EXPECT_FALSE(log.contains(QString::fromLatin1(m_admin.secret.view()))) << "nor the right one";
}

TEST_F(ServerAttackTest, MetricsCountVerifiesAndFailuresForAnAdminOnly)
{
    start({u"--auth-failures-per-minute"_s, u"2"_s});
    EXPECT_EQ(get("/v1/metrics").status, 401);
    EXPECT_EQ(get("/v1/metrics", bearer(m_developer.secret)).status, 403);

    for (int n = 0; n < 5; ++n)
        EXPECT_EQ(verify(m_developer.secret).status, 200);
    EXPECT_EQ(verify(Secret("tdk_nope")).status, 401);
    const RawReply metrics = get("/v1/metrics", bearer(m_admin.secret));
    ASSERT_EQ(metrics.status, 200) << metrics.body.toStdString();
    EXPECT_TRUE(metrics.header("Content-Type").startsWith("text/plain"))
        << metrics.header("Content-Type").toStdString();
    const QByteArray& text = metrics.body;
    EXPECT_TRUE(text.contains("tokendesk_verify_requests_total{outcome=\"valid\"} 5\n"))
        << text.toStdString();
    EXPECT_TRUE(text.contains("tokendesk_verify_requests_total{outcome=\"invalid\"} 1\n"));
    EXPECT_TRUE(text.contains("tokendesk_verify_duration_seconds_count 6\n"));
    EXPECT_TRUE(text.contains("tokendesk_verify_duration_seconds_bucket{le=\"+Inf\"} 6\n"));
    EXPECT_TRUE(text.contains("tokendesk_management_auth_failures_total 1\n")) << "the tokenless request";
    EXPECT_TRUE(text.contains("tokendesk_throttled_requests_total 0\n"));
    // The metrics request's own connection is open while it is answered.
    const qsizetype at = text.indexOf("\ntokendesk_open_connections ");
    ASSERT_GE(at, 0) << text.toStdString();
    const QByteArray open = text.mid(at + 28).split('\n').value(0);
    EXPECT_GE(open.toInt(), 1) << open.toStdString();

    // One more failure locks 127.0.0.1 out; the next refusal is counted as throttled. The
    // metrics stay readable afterwards from... nowhere on this address until the minute ends,
    // so the throttled count is read from the 429 itself.
    EXPECT_EQ(get("/v1/tokens", "Bearer tdk_wrong").status, 401);
    EXPECT_EQ(get("/v1/metrics", bearer(m_admin.secret)).status, 429);
}

} // namespace
} // namespace tokendesk::test
