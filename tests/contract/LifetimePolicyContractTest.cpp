// SPDX-License-Identifier: GPL-3.0-or-later
// The lifetime policy, on every backend: a default and a maximum per role, set by an admin;
// generate and every expiry change refuse what breaks it, naming the limit; rotation never
// outlives it; the breaks-policy filter finds the tokens made before it was tightened.
#include "tests/contract/BackendContract.h"
#include "tests/support/TestSupport.h"

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace tokendesk::test {

namespace {

constexpr std::chrono::seconds kDay = 24h;

// Admins: 7 days unless chosen, at most 30. Developers: 90 days unless chosen, at most 365.
LifetimePolicy tightPolicy()
{
    return {RoleLifetime{7 * kDay, 30 * kDay}, RoleLifetime{90 * kDay, 365 * kDay}};
}

TokenSpec spec(const QString& label, Role role, const QDateTime& expiresAt)
{
    TokenSpec made;
    made.label = label;
    made.role = role;
    made.expiresAt = expiresAt;
    return made;
}

TokenSpec specFromPolicy(const QString& label, Role role)
{
    TokenSpec made = spec(label, role, {});
    made.expiryFromPolicy = true;
    return made;
}

QDateTime inDays(int days)
{
    return QDateTime::currentDateTimeUtc().addDays(days);
}

// Within a minute of `expected`: the store's clock and this test's read "now" a moment apart.
void expectAbout(const QDateTime& actual, const QDateTime& expected)
{
    ASSERT_TRUE(actual.isValid()) << "expected an expiry, got never";
    EXPECT_LE(std::abs(actual.secsTo(expected)), 60) << actual.toString(Qt::ISODate).toStdString();
}

TokenQuery breakingPolicy()
{
    TokenQuery query;
    query.breaksPolicy = true;
    return query;
}

QList<TokenId> idsOf(const QList<Token>& tokens)
{
    QList<TokenId> ids;
    for (const Token& token : tokens)
        ids.append(token.id);
    std::sort(ids.begin(), ids.end());
    return ids;
}

} // namespace

TEST_P(BackendContractTest, ANewStoreDefaultsToNinetyDaysWithoutAMaximum)
{
    const LifetimePolicy policy = awaitOk(alice().lifetimePolicy());
    EXPECT_EQ(policy, LifetimePolicy::newStoreDefault());
    EXPECT_EQ(policy.developer.defaultLifetime, 90 * kDay);
    EXPECT_FALSE(policy.hasMaximum());

    const GeneratedToken defaulted =
        awaitOk(alice().generate(specFromPolicy(u"defaulted"_s, Role::Developer)));
    expectAbout(defaulted.token.expiresAt, inDays(90));
    const GeneratedToken never = awaitOk(alice().generate(spec(u"never"_s, Role::Admin, {})));
    EXPECT_FALSE(never.token.expiresAt.isValid()) << "without a maximum 'never' may still be chosen";
}

TEST_P(BackendContractTest, AnAdminSetsThePolicyWhichIsCheckedWholeAndAudited)
{
    EXPECT_EQ(awaitOk(alice().setLifetimePolicy(tightPolicy())), tightPolicy());
    EXPECT_EQ(awaitOk(alice().lifetimePolicy()), tightPolicy());

    LifetimePolicy defaultPastMaximum = tightPolicy();
    defaultPastMaximum.admin.defaultLifetime = 60 * kDay;
    const auto refused = await(alice().setLifetimePolicy(defaultPastMaximum));
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.code(), ErrorCode::InvalidInput);
    EXPECT_TRUE(refused.error().message.contains(u"60 days"_s)) << refused.error().message.toStdString();

    LifetimePolicy neverUnderMaximum = tightPolicy();
    neverUnderMaximum.developer.defaultLifetime.reset();
    EXPECT_EQ(await(alice().setLifetimePolicy(neverUnderMaximum)).code(), ErrorCode::InvalidInput);
    LifetimePolicy tooLong = tightPolicy();
    tooLong.developer.maximum = 4000 * kDay;
    EXPECT_EQ(await(alice().setLifetimePolicy(tooLong)).code(), ErrorCode::InvalidInput);
    EXPECT_EQ(awaitOk(alice().lifetimePolicy()), tightPolicy()) << "a refused policy changes nothing";

    addUser(u"erin"_s, false, true);
    EXPECT_EQ(await(as(u"erin"_s)->setLifetimePolicy(LifetimePolicy::unrestricted())).code(),
              ErrorCode::PermissionDenied);

    const QList<AuditEntry> log = awaitOk(alice().audit({}));
    const auto entry = std::find_if(log.begin(), log.end(),
                                    [](const AuditEntry& e) { return e.action == u"settings.lifetime"_s; });
    ASSERT_NE(entry, log.end());
    EXPECT_EQ(entry->detail, u"admin: default 7d, max 30d; developer: default 90d, max 365d"_s);
}

TEST_P(BackendContractTest, GenerateRefusesAnExpiryBeyondTheMaximumNamingIt)
{
    awaitOk(alice().setTokenLimit(10));
    awaitOk(alice().setLifetimePolicy(tightPolicy()));

    const auto never = await(alice().generate(spec(u"forever"_s, Role::Admin, {})));
    ASSERT_FALSE(never.ok());
    EXPECT_EQ(never.code(), ErrorCode::InvalidInput);
    EXPECT_TRUE(never.error().message.contains(u"30 days"_s)) << never.error().message.toStdString();
    const auto tooFar = await(alice().generate(spec(u"too-far"_s, Role::Admin, inDays(31))));
    ASSERT_FALSE(tooFar.ok());
    EXPECT_TRUE(tooFar.error().message.contains(u"Admin tokens may live at most 30 days"_s))
        << tooFar.error().message.toStdString();
    EXPECT_TRUE(list().isEmpty()) << "nothing refused was created";

    expectAbout(awaitOk(alice().generate(spec(u"month"_s, Role::Admin, inDays(30)))).token.expiresAt,
                inDays(30));
    expectAbout(awaitOk(alice().generate(specFromPolicy(u"week"_s, Role::Admin))).token.expiresAt, inDays(7));
    expectAbout(awaitOk(alice().generate(spec(u"year"_s, Role::Developer, inDays(365)))).token.expiresAt,
                inDays(365));
}

TEST_P(BackendContractTest, SetExpiryMovesAnExpiryOnlyWithinThePolicy)
{
    awaitOk(alice().setLifetimePolicy(tightPolicy()));
    const GeneratedToken made = awaitOk(alice().generate(spec(u"svc"_s, Role::Developer, inDays(10))));

    const Token extended = awaitOk(alice().setExpiry(made.token.id, made.token.version, inDays(300)));
    expectAbout(extended.expiresAt, inDays(300));
    EXPECT_GT(extended.version, made.token.version);
    expectAbout(get(made.token.id).expiresAt, inDays(300));

    const auto tooFar = await(alice().setExpiry(made.token.id, extended.version, inDays(400)));
    ASSERT_FALSE(tooFar.ok());
    EXPECT_EQ(tooFar.code(), ErrorCode::InvalidInput);
    EXPECT_TRUE(tooFar.error().message.contains(u"365 days"_s)) << tooFar.error().message.toStdString();
    EXPECT_EQ(await(alice().setExpiry(made.token.id, extended.version, {})).code(), ErrorCode::InvalidInput);
    EXPECT_EQ(await(alice().setExpiry(made.token.id, extended.version, inDays(-1))).code(),
              ErrorCode::InvalidInput)
        << "an expiry lies in the future";
    EXPECT_EQ(await(alice().setExpiry(made.token.id, made.token.version, inDays(20))).code(),
              ErrorCode::Conflict)
        << "a stale version is a conflict, as for every change";
    expectAbout(get(made.token.id).expiresAt, inDays(300));

    const QList<AuditEntry> log = awaitOk(alice().audit(AuditQuery{made.token.id, 0, 10}));
    const auto entry = std::find_if(log.begin(), log.end(),
                                    [](const AuditEntry& e) { return e.action == u"token.expiry"_s; });
    ASSERT_NE(entry, log.end());
    EXPECT_TRUE(entry->detail.startsWith(u"expiry moved from "_s)) << entry->detail.toStdString();
    EXPECT_FALSE(entry->detail.contains(made.secret.exposeAsString())) << "no secret in the trail";
}

TEST_P(BackendContractTest, AnExpiredTokenIsNotBroughtBack)
{
    const GeneratedToken made = awaitOk(
        alice().generate(spec(u"short"_s, Role::Developer, QDateTime::currentDateTimeUtc().addSecs(3600))));
    if (!harness().advanceClock(2h))
        GTEST_SKIP() << "backend cannot move its clock";
    const auto revived = await(alice().setExpiry(made.token.id, made.token.version, inDays(30)));
    ASSERT_FALSE(revived.ok());
    EXPECT_EQ(revived.code(), ErrorCode::InvalidInput);
    EXPECT_TRUE(revived.error().message.contains(u"rotate"_s)) << revived.error().message.toStdString();
    EXPECT_EQ(await(alice().verify(made.secret)).code(), ErrorCode::ApiKeyExpired);
}

TEST_P(BackendContractTest, TheBreaksPolicyFilterFindsTokensMadeBeforeTheMaximumWasTightened)
{
    awaitOk(alice().setTokenLimit(10));
    awaitOk(alice().setLifetimePolicy(LifetimePolicy::unrestricted()));
    const GeneratedToken foreverAdmin = awaitOk(alice().generate(spec(u"forever"_s, Role::Admin, {})));
    const GeneratedToken monthAdmin = awaitOk(alice().generate(spec(u"month"_s, Role::Admin, inDays(20))));
    const GeneratedToken longDeveloper =
        awaitOk(alice().generate(spec(u"long"_s, Role::Developer, inDays(900))));
    const GeneratedToken yearDeveloper =
        awaitOk(alice().generate(spec(u"year"_s, Role::Developer, inDays(300))));
    EXPECT_TRUE(list(breakingPolicy()).isEmpty()) << "no maximum: nothing breaks it";

    awaitOk(alice().setLifetimePolicy(tightPolicy()));
    const QList<TokenId> expected = idsOf({foreverAdmin.token, longDeveloper.token});
    EXPECT_EQ(idsOf(list(breakingPolicy())), expected);
    EXPECT_EQ(awaitOk(alice().count(breakingPolicy())), 2);
    TokenQuery adminsOnly = breakingPolicy();
    adminsOnly.role = Role::Admin;
    EXPECT_EQ(idsOf(list(adminsOnly)), QList<TokenId>{foreverAdmin.token.id});

    // Moved into the policy, a token no longer breaks it.
    awaitOk(alice().setExpiry(longDeveloper.token.id, longDeveloper.token.version, inDays(100)));
    EXPECT_EQ(idsOf(list(breakingPolicy())), QList<TokenId>{foreverAdmin.token.id});
    EXPECT_NE(monthAdmin.token.id, yearDeveloper.token.id);
}

TEST_P(BackendContractTest, RotationNeverOutlivesThePolicy)
{
    awaitOk(alice().setLifetimePolicy(LifetimePolicy::unrestricted()));
    const GeneratedToken forever = awaitOk(alice().generate(spec(u"forever"_s, Role::Admin, {})));
    awaitOk(alice().setLifetimePolicy(tightPolicy()));

    // A leaked secret must be replaceable whatever the policy: the rotation is not refused, its
    // lifetime is cut to the maximum, and the trail says so.
    const GeneratedToken rotated = awaitOk(alice().rotate(forever.token.id, forever.token.version, 0s));
    expectAbout(rotated.token.expiresAt, inDays(30));
    EXPECT_TRUE(list(breakingPolicy()).isEmpty());
    const QList<AuditEntry> log = awaitOk(alice().audit(AuditQuery{rotated.token.id, 0, 10}));
    const auto entry = std::find_if(log.begin(), log.end(),
                                    [](const AuditEntry& e) { return e.action == u"token.rotate"_s; });
    ASSERT_NE(entry, log.end());
    EXPECT_TRUE(entry->detail.contains(u"cut to the policy's maximum of 30d"_s))
        << entry->detail.toStdString();

    // Within the policy, a rotation keeps the lifetime's length.
    const GeneratedToken week = awaitOk(alice().generate(spec(u"week"_s, Role::Developer, inDays(7))));
    expectAbout(awaitOk(alice().rotate(week.token.id, week.token.version, 0s)).token.expiresAt, inDays(7));
}

} // namespace tokendesk::test
