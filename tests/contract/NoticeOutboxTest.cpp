// SPDX-License-Identifier: GPL-3.0-or-later
// The notices outbox as the server's mailer drains it (NoticeOutbox), on SQLite and, where a
// cluster can run, PostgreSQL: every admin is told of every new token, a notice stays due until
// it was delivered, a failed attempt waits out its backoff, and nothing is delivered twice.
#include "models/notices/NoticeOutbox.h"

#include "tests/contract/EngineStoreTest.h"

#include <gtest/gtest.h>

#include <algorithm>

using namespace std::chrono_literals;

namespace tokendesk::test {
namespace {

class NoticeOutboxTest : public EngineStoreTest
{
protected:
    void SetUp() override
    {
        EngineStoreTest::SetUp();
        if (IsSkipped() || HasFatalFailure())
            return;
        awaitOk(m_backend->addUser({QStringLiteral("bob"), true, false}));    // admin: is told
        awaitOk(m_backend->addUser({QStringLiteral("carol"), false, false})); // not an admin: is not
        m_outbox = std::make_unique<NoticeOutbox>(m_store);
    }

    QList<Notice> due() { return awaitOk(m_outbox->due(50)); }
    QStringList recipients(const QList<Notice>& notices)
    {
        QStringList names;
        for (const Notice& notice : notices)
            names.append(notice.recipient);
        names.sort();
        return names;
    }
    Notice stored(qint64 id)
    {
        const QList<Notice> all = awaitOk(m_backend->notices());
        const auto found = std::find_if(all.begin(), all.end(), [id](const Notice& n) { return n.id == id; });
        EXPECT_NE(found, all.end()) << "notice " << id;
        return found == all.end() ? Notice{} : *found;
    }

    std::unique_ptr<NoticeOutbox> m_outbox;
};

TEST_P(NoticeOutboxTest, ANewTokenQueuesOneNoticePerAdmin)
{
    const GeneratedToken made = awaitOk(m_backend->generate({QStringLiteral("ci"), Role::Developer, {}}));
    const QList<Notice> notices = due();
    EXPECT_EQ(recipients(notices), (QStringList{QStringLiteral("alice"), QStringLiteral("bob")}));
    for (const Notice& notice : notices) {
        EXPECT_EQ(notice.kind, QStringLiteral("token.generate"));
        EXPECT_EQ(notice.tokenId, made.token.id);
        EXPECT_EQ(notice.masked, made.token.masked);
        EXPECT_EQ(notice.createdBy, QStringLiteral("alice"));
        EXPECT_FALSE(notice.delivered);
        EXPECT_EQ(notice.attempts, 0);
    }
    ASSERT_EQ(notices.size(), 2);
    EXPECT_LT(notices[0].id, notices[1].id) << "oldest first";
}

TEST_P(NoticeOutboxTest, ADeliveredNoticeIsNeverDueAgain)
{
    awaitOk(m_backend->generate({QStringLiteral("ci"), Role::Developer, {}}));
    const QList<Notice> first = due();
    ASSERT_EQ(first.size(), 2);
    awaitOk(m_outbox->markDelivered(first[0].id));

    const QList<Notice> left = due();
    ASSERT_EQ(left.size(), 1);
    EXPECT_EQ(left[0].id, first[1].id);
    const Notice delivered = stored(first[0].id);
    EXPECT_TRUE(delivered.delivered);
    EXPECT_EQ(delivered.attempts, 1);

    awaitOk(m_outbox->markDelivered(first[1].id));
    m_clock.advance(std::chrono::hours(48)); // no backoff or clock brings a delivered notice back
    EXPECT_TRUE(due().isEmpty());
}

TEST_P(NoticeOutboxTest, AFailedAttemptIsCountedAndBackedOff)
{
    const Token made = awaitOk(m_backend->generate({QStringLiteral("ci"), Role::Developer, {}})).token;
    awaitOk(m_backend->rotate(made.id, made.version, 0s));
    QList<Notice> notices = due();
    ASSERT_EQ(notices.size(), 4); // generated, then rotated: two notices for each admin
    for (const Notice& notice : notices)
        awaitOk(m_outbox->markDelivered(notice.id));
    awaitOk(m_backend->generate({QStringLiteral("deploy"), Role::Developer, {}}));
    notices = due();
    ASSERT_EQ(notices.size(), 2);
    const Notice failed = notices[0];

    const QDateTime retryAt = m_store->now().addSecs(60);
    awaitOk(m_outbox->countFailedAttempt(failed.id, retryAt));
    EXPECT_EQ(stored(failed.id).attempts, 1);
    EXPECT_FALSE(stored(failed.id).delivered);
    notices = due();
    ASSERT_EQ(notices.size(), 1) << "the failed one waits for its retry";
    EXPECT_NE(notices[0].id, failed.id);

    m_clock.advance(61s);
    notices = due();
    ASSERT_EQ(notices.size(), 2) << "due again once its backoff is over";
    EXPECT_EQ(notices[0].id, failed.id);
    EXPECT_EQ(notices[0].attempts, 1);

    awaitOk(m_outbox->countFailedAttempt(failed.id, m_store->now().addSecs(120)));
    awaitOk(m_outbox->markDelivered(notices[1].id));
    m_clock.advance(121s);
    notices = due();
    ASSERT_EQ(notices.size(), 1);
    EXPECT_EQ(notices[0].attempts, 2);
    awaitOk(m_outbox->markDelivered(failed.id));
    EXPECT_TRUE(due().isEmpty());
    EXPECT_EQ(stored(failed.id).attempts, 3);
}

TEST_P(NoticeOutboxTest, AClaimedNoticeGoesToOneMailerUntilItsLeaseRunsOut)
{
    awaitOk(m_backend->generate({QStringLiteral("ci"), Role::Developer, {}}));
    awaitOk(m_backend->generate({QStringLiteral("deploy"), Role::Developer, {}}));
    const QString first = QStringLiteral("server-1"), second = QStringLiteral("server-2");

    const QList<Notice> mine = awaitOk(m_outbox->claim(3, first, 60s));
    ASSERT_EQ(mine.size(), 3) << "at most the batch asked for";
    EXPECT_LT(mine[0].id, mine[1].id) << "oldest first";
    const QList<Notice> theirs = awaitOk(m_outbox->claim(50, second, 60s));
    ASSERT_EQ(theirs.size(), 1) << "only the one nobody holds";
    for (const Notice& notice : mine)
        EXPECT_NE(notice.id, theirs[0].id);
    EXPECT_TRUE(awaitOk(m_outbox->claim(50, second, 60s)).isEmpty());
    EXPECT_TRUE(due().isEmpty()) << "a held notice is not due";

    awaitOk(m_outbox->markDelivered(mine[0].id));
    awaitOk(m_outbox->countFailedAttempt(mine[1].id, m_store->now().addSecs(10)));
    // The first mailer died holding mine[2]: its lease runs out and another mailer sends it.
    m_clock.advance(61s);
    const QList<Notice> takenOver = awaitOk(m_outbox->claim(50, second, 60s));
    QList<qint64> ids;
    for (const Notice& notice : takenOver)
        ids.append(notice.id);
    EXPECT_EQ(ids, (QList<qint64>{mine[1].id, mine[2].id, theirs[0].id}))
        << "the failed one after its backoff, the abandoned one and the expired lease; never the delivered "
           "one";
}

TEST_P(NoticeOutboxTest, OnlyAdminsSeeTheWholeOutbox)
{
    awaitOk(m_backend->generate({QStringLiteral("ci"), Role::Developer, {}}));
    EXPECT_EQ(recipients(awaitOk(m_backend->notices())),
              (QStringList{QStringLiteral("alice"), QStringLiteral("bob")}));
    EXPECT_EQ(recipients(awaitOk(m_backend->withActor(QStringLiteral("bob"))->notices())),
              (QStringList{QStringLiteral("alice"), QStringLiteral("bob")}));
    EXPECT_TRUE(awaitOk(m_backend->withActor(QStringLiteral("carol"))->notices()).isEmpty());
}

INSTANTIATE_TEST_SUITE_P(Engines, NoticeOutboxTest, kEngines, engineName);

} // namespace
} // namespace tokendesk::test
