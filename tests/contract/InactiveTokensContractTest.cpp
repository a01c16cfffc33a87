// SPDX-License-Identifier: GPL-3.0-or-later
// The Inactive view, on every backend: a revoked or rotated-out token stays findable — label,
// masked form, role, creator, who ended it, when and why — newest first; never its secret.
#include "tests/contract/BackendContract.h"
#include "tests/support/TestSupport.h"

using namespace Qt::StringLiterals;

namespace tokendesk::test {

namespace {

InactiveQuery inactiveMatching(const QString& filter, int limit = 100, int offset = 0)
{
    InactiveQuery query;
    query.filter = filter;
    query.limit = limit;
    query.offset = offset;
    return query;
}

ErrorCode inactiveFailure(const auto& result)
{
    EXPECT_FALSE(result.ok()) << "expected an error";
    return result.code();
}

} // namespace

TEST_P(BackendContractTest, InactiveListsRevokedAndRotatedTokensNewestFirst)
{
    awaitOk(alice().setTokenLimit(10));
    const GeneratedToken revoked = generate(u"old-ci"_s, Role::Admin);
    const GeneratedToken rotated = generate(u"deploy"_s);
    const GeneratedToken kept = generate(u"backup"_s);
    EXPECT_TRUE(awaitOk(alice().inactive({})).isEmpty()) << "nothing has ended yet";

    awaitOk(alice().revoke(revoked.token.id, revoked.token.version));
    const GeneratedToken successor =
        awaitOk(alice().rotate(rotated.token.id, rotated.token.version, std::chrono::seconds(0)));

    const QList<EndedToken> ended = awaitOk(alice().inactive({}));
    ASSERT_EQ(ended.size(), 2);
    EXPECT_EQ(ended[0].id, rotated.token.id) << "the latest end first";
    EXPECT_EQ(ended[0].reason, u"rotated"_s);
    EXPECT_EQ(ended[0].label, u"deploy"_s);
    EXPECT_EQ(ended[0].masked, rotated.token.masked);
    EXPECT_EQ(ended[1].id, revoked.token.id);
    EXPECT_EQ(ended[1].reason, u"revoked"_s);
    EXPECT_EQ(ended[1].role, Role::Admin);
    EXPECT_EQ(ended[1].createdBy, u"alice"_s);
    EXPECT_EQ(ended[1].createdAt.toSecsSinceEpoch(), revoked.token.createdAt.toSecsSinceEpoch());
    EXPECT_TRUE(ended[1].endedBy.contains(u"alice"_s)) << ended[1].endedBy.toStdString();
    EXPECT_TRUE(ended[1].endedAt.isValid());
    EXPECT_GE(ended[0].endedAt, ended[1].endedAt);

    // Only what ended: the token kept and the rotation's successor are live, not inactive.
    for (const EndedToken& token : ended) {
        EXPECT_NE(token.id, kept.token.id);
        EXPECT_NE(token.id, successor.token.id);
    }
    EXPECT_EQ(inactiveFailure(await(alice().verify(revoked.secret))), ErrorCode::ApiKeyInvalid);

    const QList<EndedToken> filtered = awaitOk(alice().inactive(inactiveMatching(u"CI"_s)));
    ASSERT_EQ(filtered.size(), 1) << "case-insensitive substring of the label";
    EXPECT_EQ(filtered[0].label, u"old-ci"_s);
    EXPECT_TRUE(awaitOk(alice().inactive(inactiveMatching(u"100%_"_s))).isEmpty()) << "% and _ are literal";
    const QList<EndedToken> second = awaitOk(alice().inactive(inactiveMatching({}, 1, 1)));
    ASSERT_EQ(second.size(), 1);
    EXPECT_EQ(second[0].id, revoked.token.id);
    EXPECT_EQ(inactiveFailure(await(alice().inactive(inactiveMatching({}, 0)))), ErrorCode::InvalidInput);
}

TEST_P(BackendContractTest, InactiveRecordsARotationWhenItsGracePeriodEnds)
{
    const GeneratedToken old = generate(u"graceful"_s);
    awaitOk(alice().rotate(old.token.id, old.token.version, std::chrono::hours(1)));
    EXPECT_TRUE(awaitOk(alice().inactive({})).isEmpty()) << "the old secret still works during the grace";
    if (!harness().advanceClock(std::chrono::hours(2)))
        GTEST_SKIP() << "this backend's clock cannot be moved";
    generate(u"any write sweeps ended grace periods"_s);
    const QList<EndedToken> ended = awaitOk(alice().inactive({}));
    ASSERT_EQ(ended.size(), 1);
    EXPECT_EQ(ended[0].id, old.token.id);
    EXPECT_EQ(ended[0].reason, u"rotated"_s);
    EXPECT_EQ(ended[0].endedBy, u"system"_s);
    EXPECT_LT(ended[0].endedAt, QDateTime::currentDateTimeUtc().addSecs(2 * 3600 - 60))
        << "ended when the grace period did, not when the sweep ran";
}

} // namespace tokendesk::test

namespace tokendesk::test {

// The retention: a store keeps inactive entries for ever until an admin sets a number of days;
// then what is older goes at once and on every later end, and the audit chain still verifies.
TEST_P(BackendContractTest, InactiveEntriesOlderThanTheRetentionArePurgedAndTheChainStillVerifies)
{
    using namespace std::chrono_literals;
    EXPECT_EQ(awaitOk(alice().inactiveRetention()), std::nullopt) << "a new store keeps them for ever";
    awaitOk(alice().setTokenLimit(10));
    const GeneratedToken old = generate(u"old-ci"_s);
    awaitOk(alice().revoke(old.token.id, old.token.version));
    if (!harness().advanceClock(24h * 40))
        GTEST_SKIP() << "this backend's clock cannot be moved";
    const GeneratedToken recent = generate(u"recent"_s);
    awaitOk(alice().revoke(recent.token.id, recent.token.version));
    ASSERT_EQ(awaitOk(alice().inactive({})).size(), 2) << "kept for ever, 40 days on";

    EXPECT_EQ(awaitOk(alice().setInactiveRetention(30)), std::optional<int>(30));
    EXPECT_EQ(awaitOk(alice().inactiveRetention()), std::optional<int>(30));
    QList<EndedToken> kept = awaitOk(alice().inactive({}));
    ASSERT_EQ(kept.size(), 1) << "the 40-day-old entry went at once";
    EXPECT_EQ(kept[0].label, u"recent"_s);

    // Thirty-one days later, the next end takes the one that is now too old with it; an entry
    // past the retention is never listed even before that.
    ASSERT_TRUE(harness().advanceClock(24h * 31));
    EXPECT_TRUE(awaitOk(alice().inactive({})).isEmpty()) << "past the retention, not listed";
    const GeneratedToken latest = generate(u"latest"_s);
    awaitOk(alice().revoke(latest.token.id, latest.token.version));
    kept = awaitOk(alice().inactive({}));
    ASSERT_EQ(kept.size(), 1);
    EXPECT_EQ(kept[0].label, u"latest"_s);
    ASSERT_TRUE(harness().advanceClock(-24h * 31));
    EXPECT_EQ(awaitOk(alice().inactive({})).size(), 1)
        << "purged, not merely hidden: 'recent' is gone for good";

    const QList<AuditEntry> log = awaitOk(alice().audit({}));
    const auto entry = std::find_if(log.begin(), log.end(),
                                    [](const AuditEntry& e) { return e.action == u"settings.retention"_s; });
    ASSERT_NE(entry, log.end());
    EXPECT_EQ(entry->detail, u"inactive tokens kept 30 days; purged 1"_s);
    EXPECT_EQ(std::count_if(log.begin(), log.end(),
                            [](const AuditEntry& e) { return e.action == u"token.revoke"_s; }),
              3)
        << "the trail keeps every revoke";
    EXPECT_TRUE(awaitOk(alice().verifyAuditChain()).intact());

    EXPECT_EQ(awaitOk(alice().setInactiveRetention(std::nullopt)), std::nullopt);
    EXPECT_EQ(awaitOk(alice().inactiveRetention()), std::nullopt);
}

TEST_P(BackendContractTest, OnlyAnAdminSetsTheRetentionAndOnlyWithinTenYears)
{
    for (int days : {0, -1, 3651})
        EXPECT_EQ(await(alice().setInactiveRetention(days)).code(), ErrorCode::InvalidInput) << days;
    EXPECT_EQ(awaitOk(alice().setInactiveRetention(3650)), std::optional<int>(3650));
    addUser(u"erin"_s, false, true);
    EXPECT_EQ(awaitOk(as(u"erin"_s)->inactiveRetention()), std::optional<int>(3650))
        << "every member reads it";
    EXPECT_EQ(await(as(u"erin"_s)->setInactiveRetention(std::nullopt)).code(), ErrorCode::PermissionDenied);
    EXPECT_EQ(awaitOk(alice().inactiveRetention()), std::optional<int>(3650));
}

} // namespace tokendesk::test

namespace tokendesk::test {

// The expiry warning days are a store setting like the retention: every member reads them, an
// admin sets them (normalised: longest first, each once), and what is out of range is refused.
TEST_P(BackendContractTest, TheExpiryWarningDaysAreSetByAnAdminWithinTheirRange)
{
    EXPECT_EQ(awaitOk(alice().expiryWarningDays()), (QList<int>{30, 7, 1})) << "a store's default";
    EXPECT_EQ(awaitOk(alice().setExpiryWarningDays({3, 14, 3})), (QList<int>{14, 3}));
    EXPECT_EQ(awaitOk(alice().expiryWarningDays()), (QList<int>{14, 3}));
    for (const QList<int>& bad :
         {QList<int>{0}, QList<int>{366}, QList<int>{-7}, QList<int>{1, 2, 3, 4, 5, 6}})
        EXPECT_EQ(await(alice().setExpiryWarningDays(bad)).code(), ErrorCode::InvalidInput);
    addUser(u"erin"_s, false, true);
    EXPECT_EQ(awaitOk(as(u"erin"_s)->expiryWarningDays()), (QList<int>{14, 3})) << "every member reads them";
    EXPECT_EQ(await(as(u"erin"_s)->setExpiryWarningDays({})).code(), ErrorCode::PermissionDenied);
    EXPECT_EQ(awaitOk(alice().setExpiryWarningDays({})), QList<int>{}) << "none: warnings off";
    EXPECT_EQ(awaitOk(alice().expiryWarningDays()), QList<int>{});

    const QList<AuditEntry> log = awaitOk(alice().audit({}));
    const auto entry = std::find_if(log.begin(), log.end(), [](const AuditEntry& e) {
        return e.action == u"settings.expiry_warnings"_s;
    });
    ASSERT_NE(entry, log.end());
    EXPECT_EQ(entry->detail, u"expiry warnings off"_s) << "newest first";
}

} // namespace tokendesk::test
