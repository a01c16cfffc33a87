// SPDX-License-Identifier: GPL-3.0-or-later
// Bulk changes, on every backend: one action on many tokens, each changed as the single call
// would change it (one audit entry each); what one token refuses is listed and the rest go on;
// a selection made by a filter resolves to every matching id; BulkRun drives any number of
// tokens in steps, with progress and Cancel.
#include "models/table/BulkRun.h"
#include "tests/contract/BackendContract.h"
#include "tests/support/TestSupport.h"

#include <QEventLoop>
#include <QTimer>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace tokendesk::test {

namespace {

QList<BulkItem> anyVersion(const QList<GeneratedToken>& tokens)
{
    QList<BulkItem> items;
    for (const GeneratedToken& each : tokens)
        items.append({each.token.id, BulkItem::kAnyVersion});
    return items;
}

BulkAction act(BulkActionKind kind)
{
    return {kind, {}, {}};
}

BulkAction tagging(BulkActionKind kind, const QString& tag)
{
    return {kind, {}, tag};
}

// The audit entries of `action` about `id`.
qsizetype entriesOf(Backend& backend, TokenId id, const QString& action)
{
    AuditQuery query;
    query.tokenId = id;
    const QList<AuditEntry> entries = awaitOk(backend.audit(query));
    return std::count_if(entries.begin(), entries.end(),
                         [&](const AuditEntry& entry) { return entry.action == action; });
}

BulkRun::Report runAll(BulkRun& run, const std::function<void(qsizetype)>& onProgress = {})
{
    BulkRun::Report report;
    QEventLoop loop;
    QObject::connect(&run, &BulkRun::progress, &run, [&](qsizetype done, qsizetype) {
        if (onProgress)
            onProgress(done);
    });
    QObject::connect(&run, &BulkRun::finished, &loop, [&](const BulkRun::Report& finished) {
        report = finished;
        loop.quit();
    });
    QTimer::singleShot(0, &run, &BulkRun::start);
    QTimer::singleShot(60s, &loop, &QEventLoop::quit); // a hung run fails below, not the suite
    loop.exec();
    return report;
}

} // namespace

TEST_P(BackendContractTest, BulkDisableAndEnableChangeEachTokenOnceWithItsAuditEntry)
{
    awaitOk(alice().setTokenLimit(10));
    const QList<GeneratedToken> tokens{generate(u"ci-1"_s), generate(u"ci-2"_s), generate(u"ci-3"_s)};
    awaitOk(alice().setEnabled(tokens[0].token.id, tokens[0].token.version, false));

    const BulkOutcome disabled = awaitOk(alice().bulk(act(BulkActionKind::Disable), anyVersion(tokens)));
    EXPECT_EQ(disabled.changed, 2);
    EXPECT_EQ(disabled.unchanged, 1) << "the token already disabled is left as it was";
    EXPECT_TRUE(disabled.failures.isEmpty());
    for (const GeneratedToken& each : tokens) {
        EXPECT_EQ(get(each.token.id).status, TokenStatus::Disabled);
        EXPECT_EQ(await(alice().verify(each.secret)).code(), ErrorCode::ApiKeyDisabled);
        EXPECT_EQ(entriesOf(alice(), each.token.id, u"token.disable"_s), 1) << "one entry per token changed";
    }

    const BulkOutcome enabled = awaitOk(alice().bulk(act(BulkActionKind::Enable), anyVersion(tokens)));
    EXPECT_EQ(enabled.changed, 3);
    for (const GeneratedToken& each : tokens)
        EXPECT_TRUE(await(alice().verify(each.secret)).ok());
}

TEST_P(BackendContractTest, BulkRevokeEndsEveryTokenAndKeepsThemInTheInactiveView)
{
    awaitOk(alice().setTokenLimit(10));
    const QList<GeneratedToken> doomed{generate(u"old-1"_s), generate(u"old-2"_s)};
    const GeneratedToken kept = generate(u"kept"_s);

    const BulkOutcome revoked = awaitOk(alice().bulk(act(BulkActionKind::Revoke), anyVersion(doomed)));
    EXPECT_EQ(revoked.changed, 2);
    for (const GeneratedToken& each : doomed) {
        EXPECT_EQ(await(alice().verify(each.secret)).code(), ErrorCode::ApiKeyInvalid);
        EXPECT_EQ(entriesOf(alice(), each.token.id, u"token.revoke"_s), 1);
    }
    EXPECT_TRUE(await(alice().verify(kept.secret)).ok());
    EXPECT_EQ(awaitOk(alice().inactive({})).size(), 2);
    EXPECT_TRUE(awaitOk(alice().verifyAuditChain()).intact());
}

TEST_P(BackendContractTest, BulkListsAConflictAndAMissingTokenAndChangesTheRest)
{
    awaitOk(alice().setTokenLimit(10));
    const GeneratedToken seen = generate(u"seen"_s);
    const GeneratedToken moved = generate(u"moved"_s);
    // Someone renames `moved` after this caller read it.
    awaitOk(alice().rename(moved.token.id, moved.token.version, u"moved-on"_s));
    constexpr TokenId kMissing = 987654;

    const QList<BulkItem> items{{seen.token.id, seen.token.version},
                                {moved.token.id, moved.token.version},
                                {kMissing, BulkItem::kAnyVersion},
                                {seen.token.id, seen.token.version}};
    const BulkOutcome outcome = awaitOk(alice().bulk(act(BulkActionKind::Revoke), items));
    EXPECT_EQ(outcome.changed, 1) << "a token named twice is changed once";
    ASSERT_EQ(outcome.failures.size(), 2);
    EXPECT_EQ(outcome.failures[0].id, moved.token.id);
    EXPECT_EQ(outcome.failures[0].label, u"moved-on"_s);
    EXPECT_EQ(outcome.failures[0].error.code, ErrorCode::Conflict);
    EXPECT_EQ(outcome.failures[1].id, kMissing);
    EXPECT_EQ(outcome.failures[1].error.code, ErrorCode::NotFound);
    EXPECT_EQ(await(alice().verify(seen.secret)).code(), ErrorCode::ApiKeyInvalid);
    EXPECT_TRUE(await(alice().verify(moved.secret)).ok()) << "the conflicting token is left alone";
}

TEST_P(BackendContractTest, BulkExtendKeepsEachTokenWithinItsRolesPolicy)
{
    awaitOk(alice().setTokenLimit(10));
    const GeneratedToken admin = generate(u"admin-ci"_s, Role::Admin);
    const GeneratedToken developer = generate(u"dev-ci"_s);
    awaitOk(alice().setLifetimePolicy({RoleLifetime{7 * 24h, 30 * 24h}, RoleLifetime{90 * 24h, 365 * 24h}}));
    const QDateTime in100Days = QDateTime::currentDateTimeUtc().addDays(100);

    const BulkOutcome outcome =
        awaitOk(alice().bulk({BulkActionKind::Extend, in100Days, {}}, anyVersion({admin, developer})));
    EXPECT_EQ(outcome.changed, 1);
    ASSERT_EQ(outcome.failures.size(), 1);
    EXPECT_EQ(outcome.failures[0].id, admin.token.id);
    EXPECT_EQ(outcome.failures[0].error.code, ErrorCode::InvalidInput);
    EXPECT_TRUE(outcome.failures[0].error.message.contains(u"30"_s)) << "names the limit";
    EXPECT_LE(std::abs(get(developer.token.id).expiresAt.secsTo(in100Days)), 1);
    EXPECT_EQ(get(admin.token.id).expiresAt, admin.token.expiresAt);

    const auto past = await(alice().bulk(
        {BulkActionKind::Extend, QDateTime::currentDateTimeUtc().addDays(-1), {}}, anyVersion({developer})));
    EXPECT_EQ(past.code(), ErrorCode::InvalidInput) << "a bad expiry is one error for the whole call";
}

TEST_P(BackendContractTest, BulkTagAddsAndRemovesOneTag)
{
    awaitOk(alice().setTokenLimit(10));
    const GeneratedToken first = generate(u"first"_s);
    const GeneratedToken second = generate(u"second"_s);
    awaitOk(alice().setDetails(second.token.id, second.token.version, {u"kept text"_s, {u"ci"_s}}));

    EXPECT_EQ(
        awaitOk(alice().bulk(tagging(BulkActionKind::AddTag, u"env=prod"_s), anyVersion({first, second})))
            .changed,
        2);
    EXPECT_EQ(get(first.token.id).tags, QStringList{u"env=prod"_s});
    EXPECT_EQ(get(second.token.id).tags, (QStringList{u"ci"_s, u"env=prod"_s}));
    EXPECT_EQ(get(second.token.id).description, u"kept text"_s);
    EXPECT_EQ(
        awaitOk(alice().bulk(tagging(BulkActionKind::AddTag, u"env=prod"_s), anyVersion({first}))).unchanged,
        1);

    const BulkOutcome removed =
        awaitOk(alice().bulk(tagging(BulkActionKind::RemoveTag, u"ci"_s), anyVersion({first, second})));
    EXPECT_EQ(removed.changed, 1);
    EXPECT_EQ(removed.unchanged, 1);
    EXPECT_EQ(get(second.token.id).tags, QStringList{u"env=prod"_s});

    EXPECT_EQ(
        await(alice().bulk(tagging(BulkActionKind::AddTag, u"not a tag!"_s), anyVersion({first}))).code(),
        ErrorCode::InvalidInput);
}

TEST_P(BackendContractTest, BulkRefusesTooManyTokensAndAUserWhoMayNotChangeThem)
{
    const GeneratedToken token = generate(u"guarded"_s);
    QList<BulkItem> tooMany;
    for (int i = 0; i <= BulkOutcome::kMaxItems; ++i)
        tooMany.append({token.token.id + i, BulkItem::kAnyVersion});
    EXPECT_EQ(await(alice().bulk(act(BulkActionKind::Revoke), tooMany)).code(), ErrorCode::InvalidInput);

    addUser(u"dave"_s, false, false);
    const auto refused = await(as(u"dave"_s)->bulk(act(BulkActionKind::Revoke), anyVersion({token})));
    EXPECT_EQ(refused.code(), ErrorCode::PermissionDenied);
    EXPECT_TRUE(await(alice().verify(token.secret)).ok()) << "nothing changed";
}

TEST_P(BackendContractTest, MatchingIdsResolvesAFilterToEveryMatchingToken)
{
    awaitOk(alice().setTokenLimit(10));
    const GeneratedToken ci1 = generate(u"ci-one"_s);
    generate(u"deploy"_s);
    const GeneratedToken ci2 = generate(u"ci-two"_s, Role::Admin);
    TokenQuery query;
    query.filter = u"ci-"_s;
    query.limit = 1; // ignored: every match
    EXPECT_EQ(awaitOk(alice().matchingIds(query)), (QList<TokenId>{ci1.token.id, ci2.token.id}));
    query.role = Role::Admin;
    EXPECT_EQ(awaitOk(alice().matchingIds(query)), QList<TokenId>{ci2.token.id});
    EXPECT_EQ(awaitOk(alice().matchingIds({})).size(), 3);
}

TEST_P(BackendContractTest, BulkRunGoesInStepsReportsProgressAndStopsOnCancel)
{
    awaitOk(alice().setTokenLimit(10));
    QList<GeneratedToken> tokens;
    for (int i = 0; i < 5; ++i)
        tokens.append(generate(u"step-%1"_s.arg(i)));
    std::shared_ptr<Backend> backend = as(u"alice"_s);

    BulkRun whole(backend, act(BulkActionKind::Disable), anyVersion(tokens), nullptr, 2);
    QList<qsizetype> progress;
    const BulkRun::Report done = runAll(whole, [&](qsizetype n) { progress.append(n); });
    EXPECT_EQ(progress, (QList<qsizetype>{2, 4, 5}));
    EXPECT_EQ(done.outcome.changed, 5);
    EXPECT_EQ(done.notAttempted, 0);
    EXPECT_FALSE(done.cancelled);

    BulkRun cancelled(backend, act(BulkActionKind::Enable), anyVersion(tokens), nullptr, 2);
    const BulkRun::Report stopped = runAll(cancelled, [&](qsizetype) { cancelled.cancel(); });
    EXPECT_TRUE(stopped.cancelled);
    EXPECT_EQ(stopped.outcome.changed, 2) << "the step in flight finishes; no later one starts";
    EXPECT_EQ(stopped.notAttempted, 3);
    EXPECT_EQ(get(tokens[4].token.id).status, TokenStatus::Disabled);

    addUser(u"dave"_s, false, false);
    BulkRun refused(as(u"dave"_s), act(BulkActionKind::Enable), anyVersion(tokens), nullptr, 2);
    const BulkRun::Report failed = runAll(refused);
    EXPECT_TRUE(failed.stopped);
    EXPECT_EQ(failed.stoppedBy.code, ErrorCode::PermissionDenied);
    EXPECT_EQ(failed.notAttempted, 5);
}

} // namespace tokendesk::test
