// SPDX-License-Identifier: GPL-3.0-or-later
// The backend contract: every operation, policy and error code, written once against Backend.
#include "tests/contract/BackendContract.h"

#include "models/backend/sql/SqlStore.h"
#include "models/core/TokenFormat.h"
#include "models/crypto/Crypto.h"
#include "tests/support/TestSupport.h"

#include <QRegularExpression>

using namespace std::chrono_literals;

namespace tokendesk::test {

void MovableClock::drive(SqlStore& store) const
{
    store.setClockForTesting(
        [offset = m_offsetSeconds] { return QDateTime::currentDateTimeUtc().addSecs(offset->load()); });
}

void BackendContractTest::SetUp()
{
    m_harness = GetParam().make();
    // A harness whose engine is missing here (no PostgreSQL server binaries) makes nothing.
    if (!m_harness)
        GTEST_SKIP() << "the " << GetParam().name << " backend cannot run on this machine";
    m_alice = m_harness->backend();
}

void BackendContractTest::TearDown()
{
    m_alice.reset();
    m_harness.reset();
}

GeneratedToken BackendContractTest::generate(const QString& label, Role role, Backend* backend)
{
    Backend& actor = backend ? *backend : alice();
    return awaitOk(actor.generate(TokenSpec{label, role, {}}));
}

Token BackendContractTest::get(TokenId id)
{
    return awaitOk(alice().get(id));
}

QList<Token> BackendContractTest::list(const TokenQuery& query)
{
    return awaitOk(alice().list(query));
}

void BackendContractTest::addUser(const QString& name, bool admin, bool apiAccess)
{
    awaitOk(alice().addUser(User{name, admin, apiAccess}));
}

namespace {

ErrorCode codeOf(const auto& result)
{
    EXPECT_FALSE(result.ok()) << "expected an error";
    return result.code();
}

QList<QString> actionsFor(Backend& backend, TokenId id)
{
    QList<QString> actions;
    for (const AuditEntry& entry : awaitOk(backend.audit(AuditQuery{id, 0, 100})))
        actions.prepend(entry.action);
    return actions;
}

} // namespace

// --- session and generate ---------------------------------------------------------------

TEST_P(BackendContractTest, SessionNamesTheActorAndTheirSlots)
{
    SessionInfo session = awaitOk(alice().session());
    EXPECT_EQ(session.user.name, QStringLiteral("alice"));
    EXPECT_TRUE(session.canManageTokens());
    EXPECT_EQ(session.tokensUsed, 0);
    EXPECT_EQ(session.tokenLimit, 3);
    generate(QStringLiteral("ci"));
    EXPECT_EQ(awaitOk(alice().session()).tokensUsed, 1);
}

TEST_P(BackendContractTest, GenerateReturnsTheSecretOnceAndStoresOnlyTheMaskedForm)
{
    GeneratedToken made = generate(QStringLiteral("  ci-deploy  "));
    const QString secret = made.secret.exposeAsString();
    EXPECT_TRUE(TokenFormat::parse(made.secret.view()).ok());
    EXPECT_TRUE(QRegularExpression(QStringLiteral("^tdk_[0-9A-Za-z]{36}$")).match(secret).hasMatch());
    EXPECT_EQ(made.token.label, QStringLiteral("ci-deploy")) << "labels are trimmed";
    EXPECT_EQ(made.token.masked, QStringLiteral("tdk_\u2026") + secret.right(4));
    EXPECT_EQ(made.token.role, Role::Developer) << "least privilege is the default";
    EXPECT_EQ(made.token.status, TokenStatus::Active);
    EXPECT_EQ(made.token.createdBy, QStringLiteral("alice"));
    EXPECT_EQ(made.token.version, 1);
    EXPECT_FALSE(made.token.lastUsedAt.isValid());
    EXPECT_FALSE(made.token.expiresAt.isValid());

    const Token listed = get(made.token.id);
    EXPECT_EQ(listed, made.token);
    EXPECT_FALSE(listed.masked.contains(secret.mid(4, 30)));
}

TEST_P(BackendContractTest, GenerateHonoursRoleAndExpiry)
{
    const QDateTime expires = QDateTime::currentDateTimeUtc().addDays(30);
    GeneratedToken made =
        awaitOk(alice().generate(TokenSpec{QStringLiteral("admin-bot"), Role::Admin, expires}));
    EXPECT_EQ(made.token.role, Role::Admin);
    EXPECT_LE(std::abs(made.token.expiresAt.msecsTo(expires)), 1000);
}

TEST_P(BackendContractTest, GenerateRejectsBadLabelsAndCreatesNothing)
{
    const QString tooLong(65, QLatin1Char('x'));
    for (const QString& label : {QString(), QStringLiteral("   "), tooLong, QStringLiteral("line\nbreak"),
                                 QStringLiteral("tab\there"), QStringLiteral("evil\u202Eflip")}) {
        EXPECT_EQ(codeOf(await(alice().generate(TokenSpec{label, Role::Developer, {}}))),
                  ErrorCode::InvalidInput)
            << qPrintable(label);
    }
    EXPECT_EQ(awaitOk(alice().count({})), 0);
    EXPECT_TRUE(await(alice().generate(TokenSpec{QString(64, QLatin1Char('y')), Role::Developer, {}})).ok());
}

TEST_P(BackendContractTest, GenerateRejectsAnExpiryInThePast)
{
    auto result = await(alice().generate(
        TokenSpec{QStringLiteral("old"), Role::Developer, QDateTime::currentDateTimeUtc().addSecs(-60)}));
    EXPECT_EQ(codeOf(result), ErrorCode::InvalidInput);
}

// --- verify -----------------------------------------------------------------------------

TEST_P(BackendContractTest, VerifyAcceptsALiveTokenAndRecordsItsUse)
{
    GeneratedToken made = generate(QStringLiteral("api"), Role::Admin);
    VerifiedToken verified = awaitOk(alice().verify(made.secret));
    EXPECT_EQ(verified.id, made.token.id);
    EXPECT_EQ(verified.role, Role::Admin);
    EXPECT_EQ(verified.label, QStringLiteral("api"));
    EXPECT_TRUE(get(made.token.id).lastUsedAt.isValid()) << "last used shows the verify";
    EXPECT_EQ(get(made.token.id).version, 1) << "a use is not an edit";
}

TEST_P(BackendContractTest, VerifyRejectsMalformedAndUnknownTokens)
{
    GeneratedToken made = generate(QStringLiteral("api"));
    QByteArray tampered(made.secret.view().data(), made.secret.size());
    tampered[10] = tampered[10] == 'a' ? 'b' : 'a';
    for (const QByteArray& candidate : {QByteArray(), QByteArray("hello"),
                                        QByteArray("ghp_abcdefghijklmnopqrstuvwxyz0123456789"), tampered}) {
        EXPECT_EQ(codeOf(await(alice().verify(Secret(candidate)))), ErrorCode::ApiKeyInvalid)
            << candidate.constData();
    }
    // Well-formed (right checksum) but never issued by this store.
    Secret stranger = TokenFormat::generate(*defaultCrypto());
    EXPECT_EQ(codeOf(await(alice().verify(stranger))), ErrorCode::ApiKeyInvalid);
}

TEST_P(BackendContractTest, DisabledTokensAreRejectedUntilEnabledAgain)
{
    GeneratedToken made = generate(QStringLiteral("cron"));
    Token disabled = awaitOk(alice().setEnabled(made.token.id, 1, false));
    EXPECT_EQ(disabled.status, TokenStatus::Disabled);
    EXPECT_EQ(disabled.version, 2);
    EXPECT_EQ(codeOf(await(alice().verify(made.secret))), ErrorCode::ApiKeyDisabled);
    Token enabled = awaitOk(alice().setEnabled(made.token.id, 2, true));
    EXPECT_EQ(enabled.status, TokenStatus::Active);
    EXPECT_EQ(enabled.version, 3);
    EXPECT_TRUE(await(alice().verify(made.secret)).ok());
    EXPECT_EQ(actionsFor(alice(), made.token.id),
              (QList<QString>{QStringLiteral("token.generate"), QStringLiteral("token.disable"),
                              QStringLiteral("token.enable")}));
}

TEST_P(BackendContractTest, ExpiredTokensAreRejectedAndShownAsExpired)
{
    GeneratedToken made = awaitOk(alice().generate(
        TokenSpec{QStringLiteral("short"), Role::Developer, QDateTime::currentDateTimeUtc().addSecs(3600)}));
    EXPECT_TRUE(await(alice().verify(made.secret)).ok());
    if (!harness().advanceClock(2h))
        GTEST_SKIP() << "backend cannot move its clock";
    EXPECT_EQ(codeOf(await(alice().verify(made.secret))), ErrorCode::ApiKeyExpired);
    EXPECT_EQ(get(made.token.id).status, TokenStatus::Expired);
    EXPECT_EQ(awaitOk(alice().session()).tokensUsed, 0) << "an expired token frees its slot";
}

// --- revoke, rotate, rename --------------------------------------------------------------

TEST_P(BackendContractTest, RevokeIsPermanentAndImmediateButTheAuditRemembers)
{
    GeneratedToken made = generate(QStringLiteral("ci-deploy"));
    awaitOk(alice().revoke(made.token.id, 1));
    EXPECT_EQ(codeOf(await(alice().verify(made.secret))), ErrorCode::ApiKeyInvalid);
    EXPECT_EQ(codeOf(await(alice().get(made.token.id))), ErrorCode::NotFound);
    EXPECT_EQ(awaitOk(alice().count({})), 0);
    const QList<AuditEntry> history = awaitOk(alice().audit(AuditQuery{made.token.id, 0, 10}));
    ASSERT_FALSE(history.isEmpty());
    EXPECT_EQ(history.first().action, QStringLiteral("token.revoke"));
    EXPECT_EQ(history.first().label, QStringLiteral("ci-deploy"));
    EXPECT_EQ(history.first().masked, made.token.masked);
    EXPECT_EQ(history.first().actor, QStringLiteral("alice"));
    EXPECT_EQ(codeOf(await(alice().revoke(made.token.id, 1))), ErrorCode::NotFound);
}

TEST_P(BackendContractTest, RotateReplacesTheSecretInOneStep)
{
    GeneratedToken old = generate(QStringLiteral("deploy"), Role::Admin);
    GeneratedToken fresh = awaitOk(alice().rotate(old.token.id, 1, 0s));
    EXPECT_NE(fresh.token.id, old.token.id);
    EXPECT_EQ(fresh.token.label, old.token.label);
    EXPECT_EQ(fresh.token.role, Role::Admin);
    EXPECT_EQ(fresh.token.createdBy, QStringLiteral("alice"));
    EXPECT_NE(fresh.secret.exposeAsString(), old.secret.exposeAsString());
    EXPECT_EQ(codeOf(await(alice().verify(old.secret))), ErrorCode::ApiKeyInvalid);
    EXPECT_EQ(awaitOk(alice().verify(fresh.secret)).id, fresh.token.id);
    EXPECT_EQ(awaitOk(alice().count({})), 1);
    EXPECT_EQ(awaitOk(alice().session()).tokensUsed, 1) << "rotation replaces, it does not take a slot";
}

TEST_P(BackendContractTest, RotateWithGraceKeepsTheOldSecretUntilTheGraceEnds)
{
    GeneratedToken old = generate(QStringLiteral("deploy"));
    GeneratedToken fresh = awaitOk(alice().rotate(old.token.id, 1, 1h));
    EXPECT_TRUE(await(alice().verify(old.secret)).ok()) << "old secret still valid during the grace period";
    EXPECT_TRUE(await(alice().verify(fresh.secret)).ok());
    EXPECT_EQ(codeOf(await(alice().rotate(old.token.id, get(old.token.id).version, 0s))),
              ErrorCode::InvalidInput)
        << "a superseded token cannot be rotated again";
    if (!harness().advanceClock(2h))
        GTEST_SKIP() << "backend cannot move its clock";
    EXPECT_EQ(codeOf(await(alice().verify(old.secret))), ErrorCode::ApiKeyInvalid);
    EXPECT_EQ(codeOf(await(alice().get(old.token.id))), ErrorCode::NotFound);
    EXPECT_TRUE(await(alice().verify(fresh.secret)).ok());
}

TEST_P(BackendContractTest, RotateRejectsAnOutOfRangeGrace)
{
    GeneratedToken old = generate(QStringLiteral("deploy"));
    EXPECT_EQ(codeOf(await(alice().rotate(old.token.id, 1, -1s))), ErrorCode::InvalidInput);
    EXPECT_EQ(codeOf(await(alice().rotate(old.token.id, 1, std::chrono::hours(24 * 31)))),
              ErrorCode::InvalidInput);
    EXPECT_TRUE(await(alice().verify(old.secret)).ok());
}

TEST_P(BackendContractTest, RenameChangesTheLabelAndBumpsTheVersion)
{
    GeneratedToken made = generate(QStringLiteral("old-name"));
    Token renamed = awaitOk(alice().rename(made.token.id, 1, QStringLiteral(" new-name ")));
    EXPECT_EQ(renamed.label, QStringLiteral("new-name"));
    EXPECT_EQ(renamed.version, 2);
    EXPECT_EQ(codeOf(await(alice().rename(made.token.id, 2, QString()))), ErrorCode::InvalidInput);
    EXPECT_EQ(get(made.token.id).label, QStringLiteral("new-name"));
    EXPECT_TRUE(await(alice().verify(made.secret)).ok()) << "renaming does not touch the secret";
}

TEST_P(BackendContractTest, StaleVersionsAreRejectedWithConflictAndChangeNothing)
{
    GeneratedToken made = generate(QStringLiteral("shared"));
    awaitOk(alice().rename(made.token.id, 1, QStringLiteral("renamed-by-bob")));
    EXPECT_EQ(codeOf(await(alice().rename(made.token.id, 1, QStringLiteral("mine")))), ErrorCode::Conflict);
    EXPECT_EQ(codeOf(await(alice().setEnabled(made.token.id, 1, false))), ErrorCode::Conflict);
    EXPECT_EQ(codeOf(await(alice().rotate(made.token.id, 1, 0s))), ErrorCode::Conflict);
    EXPECT_EQ(codeOf(await(alice().revoke(made.token.id, 1))), ErrorCode::Conflict);
    const Token now = get(made.token.id);
    EXPECT_EQ(now.label, QStringLiteral("renamed-by-bob"));
    EXPECT_EQ(now.status, TokenStatus::Active);
    EXPECT_TRUE(await(alice().verify(made.secret)).ok());
}

TEST_P(BackendContractTest, UnknownTokensAreNotFound)
{
    EXPECT_EQ(codeOf(await(alice().get(4242))), ErrorCode::NotFound);
    EXPECT_EQ(codeOf(await(alice().rename(4242, 1, QStringLiteral("x")))), ErrorCode::NotFound);
    EXPECT_EQ(codeOf(await(alice().setEnabled(4242, 1, false))), ErrorCode::NotFound);
    EXPECT_EQ(codeOf(await(alice().rotate(4242, 1, 0s))), ErrorCode::NotFound);
    EXPECT_EQ(codeOf(await(alice().revoke(4242, 1))), ErrorCode::NotFound);
}

// --- policies -----------------------------------------------------------------------------

TEST_P(BackendContractTest, ThePerUserLimitStopsTheFourthTokenUntilASlotIsFreed)
{
    std::vector<GeneratedToken> made;
    made.reserve(3);
    for (int i = 0; i < 3; ++i)
        made.push_back(generate(QStringLiteral("t%1").arg(i)));
    auto fourth = await(alice().generate(TokenSpec{QStringLiteral("t3"), Role::Developer, {}}));
    ASSERT_EQ(codeOf(fourth), ErrorCode::TokenLimitReached);
    EXPECT_TRUE(fourth.error().message.contains(QStringLiteral("3 of 3")))
        << qPrintable(fourth.error().message);
    EXPECT_TRUE(fourth.error().message.contains(QStringLiteral("revoke")))
        << qPrintable(fourth.error().message);
    EXPECT_EQ(awaitOk(alice().count({})), 3);

    // Disabling does not free a slot (it could be enabled again); revoking does.
    awaitOk(alice().setEnabled(made[0].token.id, 1, false));
    EXPECT_EQ(codeOf(await(alice().generate(TokenSpec{QStringLiteral("t3"), Role::Developer, {}}))),
              ErrorCode::TokenLimitReached);
    awaitOk(alice().revoke(made[0].token.id, 2));
    EXPECT_TRUE(await(alice().generate(TokenSpec{QStringLiteral("t3"), Role::Developer, {}})).ok());

    // The limit is per user, and a store setting admins can change.
    addUser(QStringLiteral("carol"), true, true);
    EXPECT_TRUE(
        await(as(QStringLiteral("carol"))->generate(TokenSpec{QStringLiteral("c"), Role::Developer, {}}))
            .ok());
    EXPECT_EQ(awaitOk(alice().setTokenLimit(5)), 5);
    EXPECT_EQ(awaitOk(alice().tokenLimit()), 5);
    EXPECT_TRUE(await(alice().generate(TokenSpec{QStringLiteral("t4"), Role::Developer, {}})).ok());
    EXPECT_EQ(codeOf(await(alice().setTokenLimit(0))), ErrorCode::InvalidInput);
}

TEST_P(BackendContractTest, OnlyAdminsWithApiAccessManageTokens)
{
    GeneratedToken made = generate(QStringLiteral("ci"));
    addUser(QStringLiteral("dave"), true, false); // admin without API access
    addUser(QStringLiteral("erin"), false, true); // API access but not an admin
    for (const QString& who : {QStringLiteral("dave"), QStringLiteral("erin"), QStringLiteral("mallory")}) {
        auto actor = as(who);
        EXPECT_EQ(codeOf(await(actor->generate(TokenSpec{QStringLiteral("x"), Role::Developer, {}}))),
                  ErrorCode::PermissionDenied)
            << qPrintable(who);
        EXPECT_EQ(codeOf(await(actor->rename(made.token.id, 1, QStringLiteral("x")))),
                  ErrorCode::PermissionDenied);
        EXPECT_EQ(codeOf(await(actor->setEnabled(made.token.id, 1, false))), ErrorCode::PermissionDenied);
        EXPECT_EQ(codeOf(await(actor->rotate(made.token.id, 1, 0s))), ErrorCode::PermissionDenied);
        EXPECT_EQ(codeOf(await(actor->revoke(made.token.id, 1))), ErrorCode::PermissionDenied);
    }
    auto dave =
        await(as(QStringLiteral("dave"))->generate(TokenSpec{QStringLiteral("x"), Role::Developer, {}}));
    EXPECT_TRUE(dave.error().message.contains(QStringLiteral("API-access")))
        << qPrintable(dave.error().message);
    // Members may look; strangers may not.
    EXPECT_TRUE(await(as(QStringLiteral("erin"))->list({})).ok());
    EXPECT_EQ(codeOf(await(as(QStringLiteral("mallory"))->list({}))), ErrorCode::PermissionDenied);
    EXPECT_EQ(codeOf(await(as(QStringLiteral("erin"))->addUser(User{QStringLiteral("x"), false, false}))),
              ErrorCode::PermissionDenied);
    EXPECT_EQ(get(made.token.id).version, 1) << "nothing changed";
}

TEST_P(BackendContractTest, TokensOutliveTheUserWhoCreatedThem)
{
    addUser(QStringLiteral("bob"), true, true);
    auto bob = as(QStringLiteral("bob"));
    GeneratedToken made = generate(QStringLiteral("bobs-ci"), Role::Developer, bob.get());
    awaitOk(alice().removeUser(QStringLiteral("bob")));
    const Token kept = get(made.token.id);
    EXPECT_EQ(kept.createdBy, QStringLiteral("bob"));
    EXPECT_EQ(kept.status, TokenStatus::Active);
    EXPECT_TRUE(await(alice().verify(made.secret)).ok());
    EXPECT_EQ(codeOf(await(bob->list({}))), ErrorCode::PermissionDenied) << "bob himself is gone";
    const QList<AuditEntry> log = awaitOk(alice().audit({}));
    EXPECT_EQ(log.first().action, QStringLiteral("user.remove"));
    EXPECT_TRUE(log.first().detail.contains(QStringLiteral("stay with the organisation")));
}

TEST_P(BackendContractTest, UserManagementValidatesAndProtectsTheLastAdmin)
{
    addUser(QStringLiteral("bob"), false, true);
    EXPECT_EQ(codeOf(await(alice().addUser(User{QStringLiteral("bob"), false, false}))),
              ErrorCode::AlreadyExists);
    EXPECT_EQ(codeOf(await(alice().addUser(User{QStringLiteral("bad name!"), false, false}))),
              ErrorCode::InvalidInput);
    EXPECT_EQ(codeOf(await(alice().removeUser(QStringLiteral("nobody")))), ErrorCode::NotFound);
    EXPECT_EQ(codeOf(await(alice().removeUser(QStringLiteral("alice")))), ErrorCode::InvalidInput)
        << "the last admin with API access cannot be removed";
    const QList<User> users = awaitOk(alice().users());
    EXPECT_EQ(users,
              (QList<User>{{QStringLiteral("alice"), true, true}, {QStringLiteral("bob"), false, true}}));
}

TEST_P(BackendContractTest, EveryNewTokenQueuesANoticeForEveryAdmin)
{
    addUser(QStringLiteral("carol"), true, false);
    addUser(QStringLiteral("erin"), false, true);
    GeneratedToken made = generate(QStringLiteral("ci"));
    awaitOk(alice().rotate(made.token.id, 1, 0s));
    const QList<Notice> notices = awaitOk(alice().notices());
    ASSERT_EQ(notices.size(), 4); // 2 admins x (generate + rotate)
    QStringList recipients;
    for (const Notice& notice : notices) {
        recipients.append(notice.recipient);
        EXPECT_EQ(notice.createdBy, QStringLiteral("alice"));
        EXPECT_TRUE(notice.masked.startsWith(QStringLiteral("tdk_\u2026")));
        EXPECT_EQ(notice.masked.size(), 9);
        EXPECT_TRUE(notice.createdAt.isValid());
        EXPECT_FALSE(notice.delivered);
    }
    recipients.sort();
    EXPECT_EQ(recipients, (QStringList{QStringLiteral("alice"), QStringLiteral("alice"),
                                       QStringLiteral("carol"), QStringLiteral("carol")}));
    EXPECT_EQ(notices.first().kind, QStringLiteral("token.rotate"));
}

// --- listing --------------------------------------------------------------------------------

TEST_P(BackendContractTest, ListFiltersSortsAndPages)
{
    awaitOk(alice().setTokenLimit(20));
    addUser(QStringLiteral("bob"), true, true);
    generate(QStringLiteral("ci-deploy"));
    generate(QStringLiteral("Nightly_Backup"), Role::Admin);
    generate(QStringLiteral("100%-coverage"));
    GeneratedToken bobs =
        generate(QStringLiteral("grafana"), Role::Developer, as(QStringLiteral("bob")).get());
    awaitOk(alice().setEnabled(bobs.token.id, 1, false));

    auto labels = [](const QList<Token>& tokens) {
        QStringList out;
        for (const Token& token : tokens)
            out.append(token.label);
        return out;
    };
    EXPECT_EQ(labels(list({})), (QStringList{QStringLiteral("ci-deploy"), QStringLiteral("Nightly_Backup"),
                                             QStringLiteral("100%-coverage"), QStringLiteral("grafana")}))
        << "default order: oldest first";
    TokenQuery byLabel;
    byLabel.sort = SortKey::Label;
    EXPECT_EQ(labels(list(byLabel)),
              (QStringList{QStringLiteral("100%-coverage"), QStringLiteral("ci-deploy"),
                           QStringLiteral("grafana"), QStringLiteral("Nightly_Backup")}))
        << "label order ignores case";
    byLabel.descending = true;
    EXPECT_EQ(labels(list(byLabel)).first(), QStringLiteral("Nightly_Backup"));

    TokenQuery filter;
    filter.filter = QStringLiteral("BACKUP");
    EXPECT_EQ(labels(list(filter)), QStringList{QStringLiteral("Nightly_Backup")})
        << "case-insensitive substring";
    filter.filter = QStringLiteral("bob");
    EXPECT_EQ(labels(list(filter)), QStringList{QStringLiteral("grafana")}) << "the creator matches too";
    filter.filter = QStringLiteral("%");
    EXPECT_EQ(labels(list(filter)), QStringList{QStringLiteral("100%-coverage")})
        << "% is a character, not a wildcard";
    filter.filter = QStringLiteral("_");
    EXPECT_EQ(labels(list(filter)), QStringList{QStringLiteral("Nightly_Backup")});

    TokenQuery admins;
    admins.role = Role::Admin;
    EXPECT_EQ(labels(list(admins)), QStringList{QStringLiteral("Nightly_Backup")});
    TokenQuery disabled;
    disabled.status = TokenStatus::Disabled;
    EXPECT_EQ(labels(list(disabled)), QStringList{QStringLiteral("grafana")});
    EXPECT_EQ(awaitOk(alice().count(disabled)), 1);
    TokenQuery active;
    active.status = TokenStatus::Active;
    EXPECT_EQ(awaitOk(alice().count(active)), 3);

    TokenQuery page;
    page.sort = SortKey::Label;
    page.offset = 1;
    page.limit = 2;
    EXPECT_EQ(labels(list(page)), (QStringList{QStringLiteral("ci-deploy"), QStringLiteral("grafana")}));
    EXPECT_EQ(awaitOk(alice().count(page)), 4) << "count ignores paging";
    page.limit = 0;
    EXPECT_EQ(codeOf(await(alice().list(page))), ErrorCode::InvalidInput);
}

TEST_P(BackendContractTest, ListFindsStaleTokensAndTokensAboutToExpire)
{
    // The two questions an admin cleaning up asks: what has nobody used for a while, and what is
    // about to stop working.
    using namespace std::chrono_literals;
    const GeneratedToken usedLongAgo = generate(QStringLiteral("used-long-ago"));
    const GeneratedToken usedRecently = generate(QStringLiteral("used-recently"));
    awaitOk(alice().generate(
        TokenSpec{QStringLiteral("expiring"), Role::Developer, QDateTime::currentDateTimeUtc().addDays(50)}));
    awaitOk(alice().verify(usedLongAgo.secret));
    if (!harness().advanceClock(std::chrono::hours(24 * 40)))
        GTEST_SKIP() << "this backend's clock cannot be moved";
    awaitOk(alice().verify(usedRecently.secret));

    auto labels = [this](const TokenQuery& query) {
        QStringList out;
        for (const Token& token : list(query))
            out.append(token.label);
        out.sort();
        return out;
    };
    TokenQuery unused;
    unused.unusedForDays = 30;
    EXPECT_EQ(labels(unused), (QStringList{QStringLiteral("expiring"), QStringLiteral("used-long-ago")}))
        << "used 40 days ago, and never used, both count as unused for 30 days";
    EXPECT_EQ(awaitOk(alice().count(unused)), 2);
    unused.unusedForDays = 60;
    EXPECT_EQ(labels(unused), QStringList{QStringLiteral("expiring")});

    TokenQuery expiringSoon;
    expiringSoon.expiresWithinDays = 30;
    EXPECT_EQ(labels(expiringSoon), QStringList{QStringLiteral("expiring")}) << "expires in 10 days";
    EXPECT_EQ(awaitOk(alice().count(expiringSoon)), 1);
    expiringSoon.expiresWithinDays = 5;
    EXPECT_TRUE(labels(expiringSoon).isEmpty());

    TokenQuery both;
    both.unusedForDays = 30;
    both.expiresWithinDays = 30;
    EXPECT_EQ(labels(both), QStringList{QStringLiteral("expiring")});

    TokenQuery bad;
    bad.unusedForDays = 0;
    EXPECT_EQ(codeOf(await(alice().list(bad))), ErrorCode::InvalidInput);
    bad.unusedForDays = std::nullopt;
    bad.expiresWithinDays = TokenQuery::kMaxFilterDays + 1;
    EXPECT_EQ(codeOf(await(alice().count(bad))), ErrorCode::InvalidInput);
}

TEST_P(BackendContractTest, LongerFiltersMatchSubstringsExactlyLikeShortOnes)
{
    awaitOk(alice().setTokenLimit(20));
    generate(QStringLiteral("Say \"Hello\" World"));
    generate(QStringLiteral("hello-world"));
    generate(QStringLiteral("50%_off"));
    generate(QStringLiteral("50a_off"));
    generate(QStringLiteral("x'y'z OR 1"));
    generate(QStringLiteral("Grafana Überwachung"));

    auto labels = [this](const QString& text) {
        TokenQuery query;
        query.filter = text;
        QStringList out;
        for (const Token& token : list(query))
            out.append(token.label);
        EXPECT_EQ(awaitOk(alice().count(query)), out.size()) << qPrintable(text);
        return out;
    };
    EXPECT_EQ(labels(QStringLiteral("HELLO")),
              (QStringList{QStringLiteral("Say \"Hello\" World"), QStringLiteral("hello-world")}))
        << "mixed case";
    EXPECT_EQ(labels(QStringLiteral("  hElLo  ")).size(), 2) << "the filter is trimmed";
    EXPECT_EQ(labels(QStringLiteral("\"Hello\"")), QStringList{QStringLiteral("Say \"Hello\" World")})
        << "embedded double quotes";
    EXPECT_EQ(labels(QStringLiteral("\"hello")), QStringList{QStringLiteral("Say \"Hello\" World")});
    EXPECT_EQ(labels(QStringLiteral("x'y'z")), QStringList{QStringLiteral("x'y'z OR 1")}) << "single quotes";
    EXPECT_EQ(labels(QStringLiteral("y'z OR")), QStringList{QStringLiteral("x'y'z OR 1")})
        << "FTS syntax is literal text";
    EXPECT_EQ(labels(QStringLiteral("50%_")), QStringList{QStringLiteral("50%_off")})
        << "% and _ are literal";
    EXPECT_EQ(labels(QStringLiteral("%_o")), QStringList{QStringLiteral("50%_off")});
    EXPECT_EQ(labels(QStringLiteral("a_O")), QStringList{QStringLiteral("50a_off")});
    EXPECT_EQ(labels(QStringLiteral("world")).size(), 2) << "substring anywhere, any case";
    EXPECT_EQ(labels(QStringLiteral("ALIC")).size(), 6) << "the creator matches too";
    EXPECT_EQ(labels(QStringLiteral("Über")), QStringList{QStringLiteral("Grafana Überwachung")});
    EXPECT_TRUE(labels(QStringLiteral("nowhere")).isEmpty());
    EXPECT_TRUE(labels(QStringLiteral("hello world")).isEmpty()) << "the space is part of the substring";

    // A renamed token is found by its new label only.
    TokenQuery query;
    query.filter = QStringLiteral("hello-world");
    const Token renamed = list(query).first();
    awaitOk(alice().rename(renamed.id, renamed.version, QStringLiteral("goodbye-moon")));
    EXPECT_TRUE(labels(QStringLiteral("hello-world")).isEmpty());
    EXPECT_EQ(labels(QStringLiteral("BYE-MO")), QStringList{QStringLiteral("goodbye-moon")});
}

TEST_P(BackendContractTest, TheLastPageIsTheTailOfTheWholeListForEverySortKey)
{
    awaitOk(alice().setTokenLimit(20));
    GeneratedToken used = generate(QStringLiteral("m-one"));
    generate(QStringLiteral("B-two"), Role::Admin);
    generate(QStringLiteral("a-three"));
    GeneratedToken off = generate(QStringLiteral("z-four"));
    generate(QStringLiteral("c-five"), Role::Admin);
    generate(QStringLiteral("k-six"));
    generate(QStringLiteral("e-seven"));
    awaitOk(alice().verify(used.secret));
    awaitOk(alice().setEnabled(off.token.id, off.token.version, false));
    for (SortKey key : {SortKey::Label, SortKey::Created, SortKey::LastUsed, SortKey::Role, SortKey::Status,
                        SortKey::CreatedBy, SortKey::Expires}) {
        for (bool descending : {false, true}) {
            TokenQuery query;
            query.sort = key;
            query.descending = descending;
            const QList<Token> all = list(query);
            ASSERT_EQ(all.size(), 7);
            for (int limit : {1, 2, 3, 5}) {
                for (int offset = 0; offset < 8; ++offset) {
                    query.offset = offset;
                    query.limit = limit;
                    EXPECT_EQ(list(query), all.mid(offset, limit))
                        << qPrintable(sortKeyName(key)) << (descending ? " desc" : " asc") << " offset "
                        << offset << " limit " << limit;
                }
            }
        }
    }
}

TEST_P(BackendContractTest, KeysetPagesWalkTheWholeListInEveryOrder)
{
    // Scrolling on from a page asks for "the rows after the last one": walking a list that way must
    // give exactly the list, whatever the order, with ties (same role, same creator, same label but
    // for case) and NULLs (never used, never expires) in it.
    awaitOk(alice().setTokenLimit(20));
    addUser(QStringLiteral("bob"), true, true);
    const QDateTime soon = QDateTime::currentDateTimeUtc().addDays(10);
    const QDateTime later = QDateTime::currentDateTimeUtc().addDays(90);
    GeneratedToken used = generate(QStringLiteral("m-one"));
    generate(QStringLiteral("B-two"), Role::Admin);
    GeneratedToken alsoUsed = generate(QStringLiteral("a-three"));
    generate(QStringLiteral("A-three"), Role::Developer, as(QStringLiteral("bob")).get());
    awaitOk(alice().generate(TokenSpec{QStringLiteral("z-four"), Role::Developer, soon}));
    awaitOk(alice().generate(TokenSpec{QStringLiteral("c-five"), Role::Admin, later}));
    awaitOk(alice().generate(TokenSpec{QStringLiteral("k-six"), Role::Developer, soon}));
    generate(QStringLiteral("e-seven"));
    awaitOk(alice().verify(used.secret));
    awaitOk(alice().verify(alsoUsed.secret));
    for (SortKey key : {SortKey::Label, SortKey::Created, SortKey::LastUsed, SortKey::Role,
                        SortKey::CreatedBy, SortKey::Expires}) {
        for (bool descending : {false, true}) {
            TokenQuery query;
            query.sort = key;
            query.descending = descending;
            query.limit = 1000;
            const QList<Token> all = list(query);
            ASSERT_EQ(all.size(), 8);
            for (int limit : {1, 2, 3}) {
                QList<Token> walked;
                TokenQuery page = query;
                page.limit = limit;
                page.offset = 0;
                for (int guard = 0; guard < 20; ++guard) {
                    const QList<Token> rows = list(page);
                    walked += rows;
                    if (rows.size() < limit)
                        break;
                    page.after = page.anchorAfter(rows.last());
                    ASSERT_TRUE(page.after.has_value());
                    page.offset = 12345; // ignored once an anchor is given
                }
                EXPECT_EQ(walked, all) << qPrintable(sortKeyName(key)) << (descending ? " desc" : " asc")
                                       << " pages of " << limit;
            }
        }
    }
    TokenQuery byStatus;
    byStatus.sort = SortKey::Status;
    EXPECT_FALSE(byStatus.anchorAfter(list(byStatus).first()).has_value())
        << "a status changes with the clock: that order is paged by offset";
}

TEST_P(BackendContractTest, ListSortsByEveryColumn)
{
    awaitOk(alice().setTokenLimit(20));
    generate(QStringLiteral("b"), Role::Admin);
    GeneratedToken used = generate(QStringLiteral("a"));
    generate(QStringLiteral("c"));
    awaitOk(alice().verify(used.secret));
    for (SortKey key : {SortKey::Label, SortKey::Created, SortKey::LastUsed, SortKey::Role, SortKey::Status,
                        SortKey::CreatedBy, SortKey::Expires}) {
        TokenQuery query;
        query.sort = key;
        const QList<Token> ascending = list(query);
        query.descending = true;
        QList<Token> descending = list(query);
        std::reverse(descending.begin(), descending.end());
        EXPECT_EQ(ascending.size(), 3) << qPrintable(sortKeyName(key));
        EXPECT_EQ(ascending, descending)
            << qPrintable(sortKeyName(key)) << ": descending is the exact reverse";
    }
    TokenQuery byUse;
    byUse.sort = SortKey::LastUsed;
    byUse.descending = true;
    EXPECT_EQ(list(byUse).first().label, QStringLiteral("a"));
    TokenQuery byRole;
    byRole.sort = SortKey::Role;
    byRole.descending = true;
    EXPECT_EQ(list(byRole).last().label, QStringLiteral("b")) << "admin sorts before developer";
}

// --- audit ---------------------------------------------------------------------------------

TEST_P(BackendContractTest, TheAuditChainCoversEveryChange)
{
    GeneratedToken made = generate(QStringLiteral("ci"));
    awaitOk(alice().rename(made.token.id, 1, QStringLiteral("ci-2")));
    awaitOk(alice().setEnabled(made.token.id, 2, false));
    GeneratedToken fresh = awaitOk(alice().rotate(made.token.id, 3, 0s));
    awaitOk(alice().revoke(fresh.token.id, 1));
    addUser(QStringLiteral("bob"), false, false);
    awaitOk(alice().removeUser(QStringLiteral("bob")));
    const QList<AuditEntry> log = awaitOk(alice().audit({}));
    QStringList actions;
    for (const AuditEntry& entry : log)
        actions.prepend(entry.action);
    EXPECT_EQ(actions, (QStringList{QStringLiteral("store.init"), QStringLiteral("token.generate"),
                                    QStringLiteral("token.rename"), QStringLiteral("token.disable"),
                                    QStringLiteral("token.revoke"), QStringLiteral("token.rotate"),
                                    QStringLiteral("token.revoke"), QStringLiteral("user.add"),
                                    QStringLiteral("user.remove")}));
    for (int i = 0; i + 1 < log.size(); ++i) {
        EXPECT_EQ(log[i].sequence, log[i + 1].sequence + 1);
        EXPECT_EQ(log[i].previousHash, log[i + 1].hash) << "each entry links to the one before";
    }
    const ChainReport report = awaitOk(alice().verifyAuditChain());
    EXPECT_TRUE(report.intact());
    EXPECT_EQ(report.entriesChecked, log.size());
}

TEST_P(BackendContractTest, FailedOperationsWriteNoAuditEntry)
{
    const qsizetype before = awaitOk(alice().audit({})).size();
    (void)await(alice().generate(TokenSpec{QString(), Role::Developer, {}}));
    (void)await(alice().revoke(999, 1));
    (void)await(as(QStringLiteral("mallory"))->generate(TokenSpec{QStringLiteral("x"), Role::Developer, {}}));
    EXPECT_EQ(awaitOk(alice().audit({})).size(), before);
}

} // namespace tokendesk::test
