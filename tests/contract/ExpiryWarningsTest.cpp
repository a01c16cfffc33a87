// SPDX-License-Identifier: GPL-3.0-or-later
// Expiry warnings (issue 15), on SQLite and, where a cluster can run, PostgreSQL: a token coming
// within 30, 7 and 1 days of its expiry queues one "token.expiring" notice for every admin and
// its creator at each threshold, never twice — not on a second check, not from a second opener
// of the same database — and a new expiry is warned about afresh.
#include "models/notices/ExpiryWarnings.h"

#include "models/notices/NoticeMailer.h"
#include "tests/contract/EngineStoreTest.h"

#include <gtest/gtest.h>

#include <algorithm>

using namespace std::chrono_literals;

namespace tokendesk::test {
namespace {

class ExpiryWarningsTest : public EngineStoreTest
{
protected:
    void SetUp() override
    {
        EngineStoreTest::SetUp();
        if (IsSkipped() || HasFatalFailure())
            return;
        awaitOk(m_backend->setTokenLimit(20));
        awaitOk(m_backend->addUser({QStringLiteral("bob"), true, true}));    // admin: is told
        awaitOk(m_backend->addUser({QStringLiteral("carol"), false, true})); // not an admin: is not
        m_warnings = std::make_unique<ExpiryWarnings>(m_store);
    }

    GeneratedToken expiringIn(const QString& label, std::chrono::hours in,
                              const QString& by = QStringLiteral("alice"))
    {
        const QDateTime at =
            m_store->now().addSecs(std::chrono::duration_cast<std::chrono::seconds>(in).count());
        return awaitOk(m_backend->withActor(by)->generate({label, Role::Developer, at}));
    }
    int check() { return awaitOk(m_warnings->queueDue()); }
    // "label → recipient" of every expiry notice, sorted.
    QStringList warned()
    {
        QStringList lines;
        for (const Notice& notice : awaitOk(m_backend->notices()))
            if (notice.kind == QStringLiteral("token.expiring"))
                lines << notice.label + QStringLiteral(" → ") + notice.recipient;
        lines.sort();
        return lines;
    }

    std::unique_ptr<ExpiryWarnings> m_warnings;
};

TEST_P(ExpiryWarningsTest, EachThresholdWarnsEveryAdminAndTheCreatorOnce)
{
    const GeneratedToken soon = expiringIn(QStringLiteral("ci-deploy"), 24h * 20, QStringLiteral("bob"));
    expiringIn(QStringLiteral("backup"), 24h * 100);
    awaitOk(m_backend->generate({QStringLiteral("forever"), Role::Developer, {}}));
    expiringIn(QStringLiteral("nightly"), 24h * 5);

    EXPECT_EQ(check(), 2) << "20 days: within 30; 5 days: within 7 (once, not also at 30)";
    EXPECT_EQ(warned(), (QStringList{QStringLiteral("ci-deploy → alice"), QStringLiteral("ci-deploy → bob"),
                                     QStringLiteral("nightly → alice"), QStringLiteral("nightly → bob")}))
        << "admins and the creator, a creator who is an admin once; carol is neither";
    const QList<Notice> all = awaitOk(m_backend->notices());
    const auto notice = std::find_if(all.begin(), all.end(), [&](const Notice& n) {
        return n.kind == QStringLiteral("token.expiring") && n.tokenId == soon.token.id;
    });
    ASSERT_NE(notice, all.end());
    EXPECT_EQ(notice->masked, soon.token.masked);
    EXPECT_EQ(notice->createdBy, QStringLiteral("bob"));
    EXPECT_EQ(notice->createdAt.toSecsSinceEpoch(), soon.token.expiresAt.toSecsSinceEpoch()) << "the expiry";

    EXPECT_EQ(check(), 0) << "never twice";
    m_clock.advance(24h * 14); // ci-deploy: 6 days left; nightly: expired
    EXPECT_EQ(check(), 1);
    m_clock.advance(24h * 5 + 12h); // ci-deploy: half a day left
    EXPECT_EQ(check(), 1);
    EXPECT_EQ(check(), 0);
    EXPECT_EQ(warned().count(QStringLiteral("ci-deploy → bob")), 3) << "30, 7 and 1 days";
}

TEST_P(ExpiryWarningsTest, ANewExpiryIsWarnedAboutAfresh)
{
    const GeneratedToken token = expiringIn(QStringLiteral("ci-deploy"), 24h * 3);
    EXPECT_EQ(check(), 1);
    const Token current = awaitOk(m_backend->get(token.token.id));
    awaitOk(m_backend->setExpiry(current.id, current.version, m_store->now().addDays(20)));
    EXPECT_EQ(check(), 1) << "extended to 20 days: within 30 again";
    EXPECT_EQ(check(), 0);
}

TEST_P(ExpiryWarningsTest, RevokedRotatedOutAndRemovedCreatorsAreLeftOut)
{
    const GeneratedToken revoked = expiringIn(QStringLiteral("revoked"), 24h * 3);
    awaitOk(m_backend->revoke(revoked.token.id, revoked.token.version));
    const GeneratedToken rotated = expiringIn(QStringLiteral("rotated"), 24h * 3);
    awaitOk(m_backend->rotate(rotated.token.id, rotated.token.version, 1h)); // the old one in its grace
    expiringIn(QStringLiteral("bobs"), 24h * 3, QStringLiteral("bob"));
    awaitOk(m_backend->removeUser(QStringLiteral("bob")));

    EXPECT_EQ(check(), 2) << "the rotation's successor and bob's token";
    EXPECT_EQ(warned(), (QStringList{QStringLiteral("bobs → alice"), QStringLiteral("rotated → alice")}))
        << "bob is no longer a user to tell";
}

// A second server on the same database, checking after the first: nothing is sent twice.
TEST_P(ExpiryWarningsTest, ASecondOpenerOfTheStoreSendsNothingAlreadySent)
{
    expiringIn(QStringLiteral("ci-deploy"), 24h * 3);
    const std::shared_ptr<SqlBackend> second =
        awaitOk(SqlBackend::open(m_location, QStringLiteral("server-2")));
    m_clock.drive(*second->store());
    EXPECT_EQ(check(), 1);
    EXPECT_EQ(awaitOk(ExpiryWarnings(second->store()).queueDue()), 0);
    expiringIn(QStringLiteral("backup"), 24h * 10);
    EXPECT_EQ(awaitOk(ExpiryWarnings(second->store()).queueDue()), 1) << "what is new, from either";
    EXPECT_EQ(check(), 0);
    EXPECT_EQ(warned().size(), 4);
}

// The store's own thresholds are the ones used; none turns the warnings off.
TEST_P(ExpiryWarningsTest, TheStoresThresholdsAreUsedAndNoneTurnsThemOff)
{
    awaitOk(m_backend->setExpiryWarningDays({14}));
    expiringIn(QStringLiteral("in-20-days"), 24h * 20);
    expiringIn(QStringLiteral("in-10-days"), 24h * 10);
    EXPECT_EQ(check(), 1) << "20 days is beyond the only threshold, 14";
    EXPECT_EQ(warned(),
              (QStringList{QStringLiteral("in-10-days → alice"), QStringLiteral("in-10-days → bob")}));
    awaitOk(m_backend->setExpiryWarningDays({}));
    m_clock.advance(24h * 7);
    EXPECT_EQ(check(), 0) << "off";
}

TEST_P(ExpiryWarningsTest, TheMailNamesTheTokenItsCreatorAndTheExpiry)
{
    const GeneratedToken token = expiringIn(QStringLiteral("ci-deploy"), 24h * 3, QStringLiteral("bob"));
    ASSERT_EQ(check(), 1);
    const QList<Notice> all = awaitOk(m_backend->notices());
    const auto notice = std::find_if(all.begin(), all.end(), [](const Notice& n) {
        return n.kind == QStringLiteral("token.expiring") && n.recipient == QStringLiteral("bob");
    });
    ASSERT_NE(notice, all.end());
    const MailMessage mail = NoticeMailer::messageFor(*notice, QStringLiteral("tokendesk@example.org"));
    const QString at = token.token.expiresAt.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm"));
    EXPECT_EQ(mail.to, QStringLiteral("bob@example.org"));
    EXPECT_EQ(mail.subject, QStringLiteral("TokenDesk: token 'ci-deploy' expires on %1 UTC").arg(at));
    EXPECT_TRUE(mail.body.contains(token.token.masked)) << mail.body.toStdString();
    EXPECT_TRUE(mail.body.contains(QStringLiteral("created by bob"))) << mail.body.toStdString();
    EXPECT_FALSE(
        mail.body.contains(QString::fromLatin1(token.secret.view().data(), token.secret.view().size())))
        << "never the secret";
}

INSTANTIATE_TEST_SUITE_P(Engines, ExpiryWarningsTest, kEngines, engineName);

} // namespace
} // namespace tokendesk::test
