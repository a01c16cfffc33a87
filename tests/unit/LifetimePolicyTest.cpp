// SPDX-License-Identifier: GPL-3.0-or-later
// The lifetime policy's rules and its wire format: what breaks a maximum, how a lifetime reads to
// a person and to a script, and a PUT body's hostile values refused by name.
#include "models/core/LifetimePolicy.h"

#include "models/api/LifetimePolicyJson.h"

#include <QJsonDocument>

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace tokendesk {
namespace {

constexpr std::chrono::seconds kDay = 24h;
const QDateTime kNow = QDateTime(QDate(2026, 12, 5), QTime(12, 0), Qt::UTC);

LifetimePolicy adminsAtMostThirtyDays()
{
    return {RoleLifetime{7 * kDay, 30 * kDay}, RoleLifetime{90 * kDay, std::nullopt}};
}

TEST(LifetimePolicyTest, AMaximumBoundsHowFarFromNowAnExpiryMayLie)
{
    const LifetimePolicy policy = adminsAtMostThirtyDays();
    EXPECT_TRUE(policy.check(Role::Admin, kNow.addDays(30), kNow).ok());
    // A client's "in 30 days" arrives a moment later on a clock that may run a little ahead.
    EXPECT_TRUE(policy.check(Role::Admin, kNow.addDays(30).addSecs(qint64(4) * 60), kNow).ok());
    EXPECT_FALSE(policy.check(Role::Admin, kNow.addDays(30).addSecs(qint64(6) * 60), kNow).ok());
    EXPECT_FALSE(policy.check(Role::Admin, QDateTime(), kNow).ok()) << "never breaks a maximum";
    EXPECT_TRUE(policy.check(Role::Developer, QDateTime(), kNow).ok()) << "no maximum: never is allowed";
    EXPECT_TRUE(policy.check(Role::Developer, kNow.addDays(3000), kNow).ok());

    const Result<Unit> refused = policy.check(Role::Admin, kNow.addDays(31), kNow);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.code(), ErrorCode::InvalidInput);
    EXPECT_EQ(refused.error().message, u"Admin tokens may live at most 30 days under this store's policy; "
                                       u"choose an expiry no later than 2027-01-04T12:00:00Z."_s);
    EXPECT_EQ(policy.defaultExpiry(Role::Admin, kNow), kNow.addDays(7));
    EXPECT_EQ(policy.latestExpiry(Role::Admin, kNow), kNow.addDays(30));
    EXPECT_FALSE(policy.latestExpiry(Role::Developer, kNow).has_value());
    EXPECT_FALSE(LifetimePolicy::unrestricted().defaultExpiry(Role::Admin, kNow).isValid());
}

TEST(LifetimePolicyTest, APolicyIsValidatedWhole)
{
    EXPECT_TRUE(adminsAtMostThirtyDays().validate().ok());
    EXPECT_TRUE(LifetimePolicy::unrestricted().validate().ok());
    EXPECT_TRUE(LifetimePolicy::newStoreDefault().validate().ok());
    LifetimePolicy policy = adminsAtMostThirtyDays();
    policy.admin.defaultLifetime = 31 * kDay;
    EXPECT_FALSE(policy.validate().ok()) << "a default longer than its maximum";
    policy.admin.defaultLifetime.reset();
    EXPECT_FALSE(policy.validate().ok()) << "a default of never under a maximum";
    policy = adminsAtMostThirtyDays();
    policy.developer.defaultLifetime = 30s;
    EXPECT_FALSE(policy.validate().ok()) << "shorter than a minute";
    policy.developer.defaultLifetime = 3651 * kDay;
    EXPECT_FALSE(policy.validate().ok()) << "longer than ten years";
}

TEST(LifetimePolicyTest, LifetimesReadAsWordsAndAsTheCliWritesThem)
{
    EXPECT_EQ(LifetimeText::duration(90 * kDay), u"90 days"_s);
    EXPECT_EQ(LifetimeText::duration(kDay), u"1 day"_s);
    EXPECT_EQ(LifetimeText::duration(12h), u"12 hours"_s);
    EXPECT_EQ(LifetimeText::duration(std::nullopt), u"never"_s);
    EXPECT_EQ(LifetimeText::role(adminsAtMostThirtyDays().admin), u"default 7 days, at most 30 days"_s);
    EXPECT_EQ(LifetimeText::role(adminsAtMostThirtyDays().developer), u"default 90 days, no maximum"_s);
    for (const QString& text : {u"90d"_s, u"12h"_s, u"15m"_s, u"never"_s, u"45s"_s}) {
        const auto parsed = LifetimeText::parse(text);
        ASSERT_TRUE(parsed.ok()) << text.toStdString();
        EXPECT_EQ(LifetimeText::compact(parsed.value()), text);
    }
    EXPECT_EQ(LifetimeText::compact(14 * kDay), u"14d"_s) << "2w reads back in days";
    for (const QString& text : {u""_s, u"forever"_s, u"-5d"_s, u"5 d"_s, u"1e9d"_s, u"never\u0000"_s})
        EXPECT_FALSE(LifetimeText::parse(text).ok()) << text.toStdString();
}

Result<LifetimePolicy> fromJson(const QByteArray& json)
{
    return ApiJson::lifetimePolicyFromJson(QJsonDocument::fromJson(json).object().value(u"p"_s),
                                           adminsAtMostThirtyDays());
}

TEST(LifetimePolicyTest, TheWireFormatRoundTripsAndChangesOnlyWhatIsSent)
{
    const LifetimePolicy policy = adminsAtMostThirtyDays();
    EXPECT_EQ(
        ApiJson::lifetimePolicyFromJson(ApiJson::toJson(policy), LifetimePolicy::unrestricted()).value(),
        policy);
    const auto changed = fromJson(R"({"p": {"developer": {"max_seconds": 31536000}}})");
    ASSERT_TRUE(changed.ok());
    EXPECT_EQ(changed->developer.maximum, 365 * kDay);
    EXPECT_EQ(changed->developer.defaultLifetime, 90 * kDay) << "left out: kept";
    EXPECT_EQ(changed->admin, policy.admin);
    const auto cleared = fromJson(R"({"p": {"admin": {"max_seconds": null, "default_seconds": null}}})");
    ASSERT_TRUE(cleared.ok());
    EXPECT_EQ(cleared->admin, RoleLifetime{});
}

TEST(LifetimePolicyTest, HostileBodiesAreRefusedByName)
{
    const QList<QByteArray> hostile{
        R"({"p": []})",
        R"({"p": {"root": {"max_seconds": 60}}})",
        R"({"p": {"admin": 5}})",
        R"({"p": {"admin": {"max_seconds": "30d"}}})",
        R"({"p": {"admin": {"max_seconds": 1.5}}})",
        R"({"p": {"admin": {"max_seconds": -60}}})",
        R"({"p": {"admin": {"max_seconds": 1e300}}})",
        R"({"p": {"admin": {"max_seconds": true}}})",
        R"({"p": {"admin": {"lifetime": 60}}})",
    };
    for (const QByteArray& body : hostile) {
        const auto parsed = fromJson(body);
        ASSERT_FALSE(parsed.ok()) << body.toStdString();
        EXPECT_EQ(parsed.code(), ErrorCode::InvalidInput) << body.toStdString();
        EXPECT_FALSE(parsed.error().message.isEmpty());
    }
    const auto named = fromJson(R"({"p": {"admin": {"max_seconds": "x"}}})");
    EXPECT_TRUE(named.error().message.contains(u"lifetime_policy.admin.max_seconds"_s))
        << named.error().message.toStdString();
    // A key of control characters is quoted, escaped, in the message.
    const auto escaped = fromJson("{\"p\": {\"\\u001b[31m\": {}}}");
    ASSERT_FALSE(escaped.ok());
    EXPECT_FALSE(escaped.error().message.contains(QChar(0x1b)));
}

} // namespace
} // namespace tokendesk
