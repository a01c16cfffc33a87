// SPDX-License-Identifier: GPL-3.0-or-later
// Descriptions and tags, on every backend: set when generating, changed later under the same
// version check as every change, searched and filtered, kept through rotation, audited.
#include "tests/contract/BackendContract.h"
#include "tests/support/TestSupport.h"

using namespace Qt::StringLiterals;

namespace tokendesk::test {

namespace {

TokenSpec described(const QString& label, const QString& description, const QStringList& tags)
{
    TokenSpec spec;
    spec.label = label;
    spec.description = description;
    spec.tags = tags;
    return spec;
}

QStringList labelsOf(const QList<Token>& tokens)
{
    QStringList labels;
    for (const Token& token : tokens)
        labels.append(token.label);
    labels.sort();
    return labels;
}

TokenQuery filtered(const QString& filter)
{
    TokenQuery query;
    query.filter = filter;
    return query;
}

} // namespace

TEST_P(BackendContractTest, GenerateKeepsTheDescriptionAndNormalisedTags)
{
    const GeneratedToken made = awaitOk(alice().generate(
        described(u"deploy"_s, u"  Pushes releases from CI  "_s, {u"env=prod"_s, u"CI"_s, u"ci"_s})));
    EXPECT_EQ(made.token.description, u"Pushes releases from CI"_s);
    EXPECT_EQ(made.token.tags, (QStringList{u"ci"_s, u"env=prod"_s})) << "sorted, names lowered, one of each";
    const Token stored = get(made.token.id);
    EXPECT_EQ(stored.description, made.token.description);
    EXPECT_EQ(stored.tags, made.token.tags);
    EXPECT_EQ(list().first().tags, made.token.tags);
}

TEST_P(BackendContractTest, BadDescriptionsAndTagsAreRefusedAndNothingIsCreated)
{
    const QList<TokenSpec> bad{
        described(u"a"_s, QString(501, u'x'), {}),
        described(u"a"_s, u"two\nlines"_s, {}),
        described(u"a"_s, u"evil\u202Etxt"_s, {}),
        described(u"a"_s, {}, {u"has space"_s}),
        described(u"a"_s, {}, {u"a,b"_s}),
        described(u"a"_s, {}, {u"-lead"_s}),
        described(u"a"_s, {}, {u"env="_s}),
        described(u"a"_s, {}, {QString(33, u'n')}),
        described(u"a"_s, {}, {u"k="_s + QString(65, u'v')}),
        described(u"a"_s, {}, {u"k=v w"_s}),
    };
    for (const TokenSpec& spec : bad) {
        const auto result = await(alice().generate(spec));
        ASSERT_FALSE(result.ok()) << qPrintable(spec.description) << qPrintable(spec.tags.join(u'|'));
        EXPECT_EQ(result.code(), ErrorCode::InvalidInput);
    }
    QStringList many;
    for (int i = 0; i < 21; ++i)
        many.append(u"t%1"_s.arg(i));
    EXPECT_EQ(await(alice().generate(described(u"a"_s, {}, many))).code(), ErrorCode::InvalidInput);
    EXPECT_TRUE(list().isEmpty());
    // The limits themselves are allowed.
    many.removeLast();
    EXPECT_TRUE(await(alice().generate(described(u"a"_s, QString(500, u'x'), many))).ok());
}

TEST_P(BackendContractTest, SetDetailsReplacesBothChecksTheVersionAndIsAudited)
{
    const GeneratedToken made = awaitOk(alice().generate(described(u"deploy"_s, u"old"_s, {u"ci"_s})));
    const Token changed =
        awaitOk(alice().setDetails(made.token.id, made.token.version, {u"new words"_s, {u"team=web"_s}}));
    EXPECT_EQ(changed.description, u"new words"_s);
    EXPECT_EQ(changed.tags, QStringList{u"team=web"_s});
    EXPECT_EQ(changed.version, made.token.version + 1);
    EXPECT_EQ(changed.label, u"deploy"_s);

    // The version the caller saw is stale now: nothing changes.
    const auto stale = await(alice().setDetails(made.token.id, made.token.version, {u"lost"_s, {}}));
    EXPECT_EQ(stale.code(), ErrorCode::Conflict);
    EXPECT_EQ(get(made.token.id).description, u"new words"_s);

    const QList<AuditEntry> log = awaitOk(alice().audit(AuditQuery{made.token.id, 0, 10}));
    ASSERT_FALSE(log.isEmpty());
    EXPECT_EQ(log.first().action, u"token.describe"_s);
    EXPECT_TRUE(log.first().detail.contains(u"team=web"_s)) << qPrintable(log.first().detail);

    // Clearing both is a change too; doing nothing is not.
    const Token cleared = awaitOk(alice().setDetails(made.token.id, changed.version, {}));
    EXPECT_TRUE(cleared.description.isEmpty());
    EXPECT_TRUE(cleared.tags.isEmpty());
    const Token same = awaitOk(alice().setDetails(made.token.id, cleared.version, {}));
    EXPECT_EQ(same.version, cleared.version);
}

TEST_P(BackendContractTest, SetDetailsNeedsATokenManagerAndValidInput)
{
    const GeneratedToken made = awaitOk(alice().generate(described(u"deploy"_s, {}, {})));
    addUser(u"bob"_s, false, false);
    EXPECT_EQ(await(as(u"bob"_s)->setDetails(made.token.id, made.token.version, {u"x"_s, {}})).code(),
              ErrorCode::PermissionDenied);
    EXPECT_EQ(await(alice().setDetails(made.token.id, made.token.version, {{}, {u"bad tag"_s}})).code(),
              ErrorCode::InvalidInput);
    EXPECT_EQ(await(alice().setDetails(999999, 1, {u"x"_s, {}})).code(), ErrorCode::NotFound);
    EXPECT_EQ(get(made.token.id).version, made.token.version);
}

TEST_P(BackendContractTest, TagFiltersFindEveryTagAndNamesMatchAnyValue)
{
    awaitOk(alice().generate(described(u"one"_s, {}, {u"ci"_s, u"env=prod"_s})));
    awaitOk(alice().generate(described(u"two"_s, {}, {u"env=staging"_s})));
    awaitOk(alice().generate(described(u"three"_s, {}, {u"ci"_s})));
    EXPECT_EQ(labelsOf(list(filtered(u"tag:ci"_s))), (QStringList{u"one"_s, u"three"_s}));
    EXPECT_EQ(labelsOf(list(filtered(u"tag:env"_s))), (QStringList{u"one"_s, u"two"_s}));
    EXPECT_EQ(labelsOf(list(filtered(u"tag:env=prod"_s))), QStringList{u"one"_s});
    EXPECT_EQ(labelsOf(list(filtered(u"TAG:CI tag:env"_s))), QStringList{u"one"_s}) << "all tags must hold";
    EXPECT_EQ(labelsOf(list(filtered(u"tag:ci thr"_s))), QStringList{u"three"_s}) << "tags and text together";
    EXPECT_TRUE(list(filtered(u"tag:nothing"_s)).isEmpty());
    EXPECT_TRUE(list(filtered(u"tag:bad,tag"_s)).isEmpty()) << "an impossible tag matches nothing";
    EXPECT_EQ(awaitOk(alice().count(filtered(u"tag:env"_s))), 2);
}

TEST_P(BackendContractTest, TheTextFilterSearchesDescriptions)
{
    awaitOk(alice().generate(described(u"deploy"_s, u"Owned by the payments squad"_s, {})));
    awaitOk(alice().generate(described(u"backup"_s, u"nightly"_s, {})));
    EXPECT_EQ(labelsOf(list(filtered(u"PAYMENTS"_s))), QStringList{u"deploy"_s});
    EXPECT_EQ(labelsOf(list(filtered(u"ig"_s))), QStringList{u"backup"_s}) << "short filters too";
    EXPECT_TRUE(list(filtered(QString(501, u'x'))).isEmpty());
}

TEST_P(BackendContractTest, RotationKeepsTheDescriptionAndTagsAndRevokeDropsThem)
{
    const GeneratedToken made =
        awaitOk(alice().generate(described(u"deploy"_s, u"release bot"_s, {u"ci"_s, u"env=prod"_s})));
    const GeneratedToken rotated = awaitOk(alice().rotate(made.token.id, made.token.version, {}));
    EXPECT_EQ(rotated.token.description, u"release bot"_s);
    EXPECT_EQ(rotated.token.tags, made.token.tags);
    EXPECT_EQ(labelsOf(list(filtered(u"tag:ci"_s))), QStringList{u"deploy"_s}) << "only the new secret's row";
    awaitOk(alice().revoke(rotated.token.id, rotated.token.version));
    EXPECT_TRUE(list(filtered(u"tag:ci"_s)).isEmpty());
    EXPECT_EQ(awaitOk(alice().count(filtered(u"tag:env=prod"_s))), 0);
}

} // namespace tokendesk::test
