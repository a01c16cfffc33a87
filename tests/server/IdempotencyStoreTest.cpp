// SPDX-License-Identifier: GPL-3.0-or-later
// Idempotent replays kept in the store (issue 13), through ApiService over a SQLite store file: a
// replay survives a restart, is scoped to the caller, keeps neither the secret nor the key in
// the database, refuses a damaged row without creating anything, and expires.
#include "models/backend/sql/SqlBackend.h"
#include "models/backend/sql/SqlStore.h"
#include "models/backend/sql/SqlUtil.h"
#include "models/backend/sql/TokenWriteHook.h"
#include "models/server/ApiService.h"
#include "tests/support/ApiReply.h"
#include "tests/support/TestSupport.h"

#include <QFile>

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;

namespace tokendesk::test {
namespace {

class IdempotencyStoreTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        auto store = awaitOk(SqlBackend::create(path(), StoreCreateOptions{u"alice"_s, 10}));
        m_admin = awaitOk(store->generate({u"ops console"_s, Role::Admin, {}}));
        m_otherAdmin = awaitOk(store->generate({u"second console"_s, Role::Admin, {}}));
        start(store);
    }
    QString path() const { return m_dir.file(u"idem.tokendesk"_s); }
    void start(std::shared_ptr<SqlBackend> store)
    {
        m_store = std::move(store);
        m_store->store()->setClockForTesting(
            [this] { return QDateTime::currentDateTimeUtc().addSecs(m_skew); });
        m_service = std::make_unique<ApiService>(m_store);
    }
    // The server stops and starts again on the same file.
    void restart()
    {
        m_service.reset();
        m_store.reset();
        start(awaitOk(SqlBackend::open(path(), u"alice"_s)));
    }

    ApiReply call(const QByteArray& method, const QString& path, const QByteArray& body, HttpHeaders headers,
                  const GeneratedToken* as = nullptr)
    {
        HttpRequest request;
        request.method = method;
        request.path = path;
        headers.emplaceBack("Authorization", "Bearer " + (as ? as : &m_admin)->secret.view().toByteArray());
        request.headers = std::move(headers);
        request.body = body;
        const HttpResponse response = m_service->handle(request);
        return {response.status, response.body, response.headers};
    }
    ApiReply create(const QByteArray& key, const QByteArray& body = R"({"label":"retried"})",
                    const GeneratedToken* as = nullptr)
    {
        return call("POST", u"/v1/tokens"_s, body, {{"Idempotency-Key", key}}, as);
    }
    qint64 tokenCount() { return awaitOk(m_store->count(TokenQuery())); }
    template <typename T, typename Job> T onWorker(Job job) { return awaitOk(m_store->store()->run<T>(job)); }
    qint64 rows()
    {
        return onWorker<qint64>([](SqlStore& store) -> Result<qint64> {
            auto query = SqlUtil::exec(store.database(), u"SELECT COUNT(*) FROM idempotency_keys"_s);
            if (!query.ok())
                return query.error();
            query.value().next();
            return query.value().value(0).toLongLong();
        });
    }

    TempDir m_dir;
    qint64 m_skew = 0;
    std::shared_ptr<SqlBackend> m_store;
    GeneratedToken m_admin;
    GeneratedToken m_otherAdmin;
    std::unique_ptr<ApiService> m_service;
};

TEST_F(IdempotencyStoreTest, TheReplaySurvivesARestart)
{
    const ApiReply first = create("restart-1");
    ASSERT_EQ(first.status, 201) << describe(first);
    restart();
    const ApiReply retry = create("restart-1");
    EXPECT_EQ(retry.status, 201) << describe(retry);
    EXPECT_EQ(retry.body, first.body) << "same token, same secret";
    EXPECT_EQ(retry.header("Idempotent-Replayed"), "true");
    EXPECT_EQ(retry.header("Location"), first.header("Location"));
    EXPECT_EQ(tokenCount(), 3);

    const ApiReply misuse = create("restart-1", R"({"label":"other"})");
    EXPECT_EQ(misuse.status, 400) << describe(misuse);
    EXPECT_EQ(misuse.errorCode(), u"INVALID_INPUT"_s);
    EXPECT_EQ(tokenCount(), 3);
}

TEST_F(IdempotencyStoreTest, ARotationIsReplayedNotRepeated)
{
    const ApiReply made = create("make-1");
    const QString path = u"/v1/tokens/%1/rotate"_s.arg(made.json().value(u"id"_s).toInteger());
    const HttpHeaders headers{{"If-Match", "1"}, {"Idempotency-Key", "rotate-1"}};
    const ApiReply rotated = call("POST", path, {}, headers);
    ASSERT_EQ(rotated.status, 201) << describe(rotated);
    restart();
    const ApiReply retry = call("POST", path, {}, headers);
    EXPECT_EQ(retry.status, 201) << describe(retry);
    EXPECT_EQ(retry.body, rotated.body);
    EXPECT_EQ(tokenCount(), 3) << "one rotation: the old token went, one new one came";
}

TEST_F(IdempotencyStoreTest, AnotherCallersKeyIsAnotherKey)
{
    const ApiReply mine = create("shared-key");
    const ApiReply theirs = create("shared-key", R"({"label":"retried"})", &m_otherAdmin);
    ASSERT_EQ(mine.status, 201) << describe(mine);
    ASSERT_EQ(theirs.status, 201) << describe(theirs);
    EXPECT_NE(theirs.json().value(u"id"_s), mine.json().value(u"id"_s))
        << "no replay of someone else's token";
    EXPECT_TRUE(theirs.header("Idempotent-Replayed").isEmpty());
    EXPECT_EQ(tokenCount(), 4);
    EXPECT_EQ(rows(), 2);
}

TEST_F(IdempotencyStoreTest, TheDatabaseHoldsNeitherTheSecretNorTheKey)
{
    const QByteArray key = "key-that-must-not-be-stored-7f3a";
    const ApiReply made = create(key);
    ASSERT_EQ(made.status, 201) << describe(made);
    const QByteArray secret = made.json().value(u"token"_s).toString().toLatin1();
    ASSERT_FALSE(secret.isEmpty());
    const auto stored = onWorker<QByteArray>([](SqlStore& store) -> Result<QByteArray> {
        auto query =
            SqlUtil::exec(store.database(),
                          u"SELECT lookup, fingerprint, status, sealed, expires_at FROM idempotency_keys"_s);
        if (!query.ok())
            return query.error();
        QByteArray all;
        while (query.value().next())
            for (int c = 0; c < 5; ++c)
                all += query.value().value(c).toByteArray() + '|';
        return all;
    });
    EXPECT_FALSE(stored.isEmpty());
    EXPECT_FALSE(stored.contains(secret));
    EXPECT_FALSE(stored.contains(key));
    m_service.reset();
    m_store.reset(); // closes the file (and checkpoints its journal)
    QByteArray file;
    for (const QString& suffix : {u""_s, u"-wal"_s, u"-journal"_s}) {
        QFile part(path() + suffix);
        if (part.open(QIODevice::ReadOnly))
            file += part.readAll();
    }
    ASSERT_FALSE(file.isEmpty());
    EXPECT_FALSE(file.contains(secret)) << "the secret is in the store file";
    EXPECT_FALSE(file.contains(key)) << "the Idempotency-Key is in the store file";
}

TEST_F(IdempotencyStoreTest, ADamagedReplayIsRefusedAndCreatesNothing)
{
    ASSERT_EQ(create("tampered").status, 201);
    onWorker<Unit>([](SqlStore& store) -> Result<Unit> {
        auto query = SqlUtil::exec(store.database(), u"SELECT lookup, sealed FROM idempotency_keys"_s);
        if (!query.ok())
            return query.error();
        query.value().next();
        const QByteArray lookup = query.value().value(0).toByteArray();
        QByteArray sealed = query.value().value(1).toByteArray();
        sealed[sealed.size() / 2] = char(sealed[sealed.size() / 2] ^ 0x01);
        auto updated = SqlUtil::exec(store.database(),
                                     u"UPDATE idempotency_keys SET sealed = :sealed WHERE lookup = :lookup"_s,
                                     {{"sealed", sealed}, {"lookup", lookup}});
        if (!updated.ok())
            return updated.error();
        return Unit{};
    });
    const ApiReply retry = create("tampered");
    EXPECT_EQ(retry.status, 500) << describe(retry);
    EXPECT_EQ(retry.errorCode(), u"INTERNAL"_s);
    EXPECT_TRUE(retry.errorMessage().contains(u"damaged"_s)) << describe(retry);
    EXPECT_EQ(tokenCount(), 3) << "a damaged replay must not turn into a second token";
}

TEST_F(IdempotencyStoreTest, ExpiredReplaysAreSweptAndTheKeyRunsAsNew)
{
    const ApiReply first = create("expiring");
    ASSERT_EQ(first.status, 201);
    EXPECT_EQ(awaitOk(m_service->sweepIdempotency()), 0) << "not expired yet";
    EXPECT_EQ(rows(), 1);
    m_skew = qint64{11} * 60;
    EXPECT_EQ(awaitOk(m_service->sweepIdempotency()), 1);
    EXPECT_EQ(rows(), 0);
    const ApiReply again = create("expiring");
    EXPECT_EQ(again.status, 201) << describe(again);
    EXPECT_NE(again.json().value(u"id"_s), first.json().value(u"id"_s)) << "a new request after 10 minutes";
    EXPECT_EQ(tokenCount(), 4);
    // An expired row that was not swept yet is neither replayed nor in the way.
    m_skew += qint64{11} * 60;
    const ApiReply third = create("expiring");
    EXPECT_EQ(third.status, 201) << describe(third);
    EXPECT_TRUE(third.header("Idempotent-Replayed").isEmpty());
    EXPECT_EQ(tokenCount(), 5);
    EXPECT_EQ(rows(), 1);
}

TEST_F(IdempotencyStoreTest, ARefusedRequestIsNotRemembered)
{
    const ApiReply refused = create("refused", R"({"label":""})");
    EXPECT_EQ(refused.status, 400) << describe(refused);
    EXPECT_EQ(rows(), 0) << "nothing was created, nothing to replay";
    const ApiReply fixed = create("refused", R"({"label":"fixed"})");
    EXPECT_EQ(fixed.status, 201) << describe(fixed);
}

// A hook that fails where it is told to, standing in for a crash between the token and its replay.
class FailingHook final : public TokenWriteHook
{
public:
    explicit FailingHook(bool failBefore) : m_failBefore(failBefore) {}
    Result<Unit> before(SqlStore&) override
    {
        return m_failBefore ? Result<Unit>(makeError(ErrorCode::Conflict, u"taken"_s)) : Result<Unit>(Unit{});
    }
    Result<Unit> after(SqlStore&, const GeneratedToken&) override
    {
        return makeError(ErrorCode::Internal, u"the replay could not be stored"_s);
    }

private:
    bool m_failBefore;
};

TEST_F(IdempotencyStoreTest, NoTokenOutlivesAReplayThatWasNotStored)
{
    const qint64 entries = awaitOk(m_store->audit({std::nullopt, 0, 1000})).size();
    for (const bool failBefore : {true, false}) {
        SCOPED_TRACE(failBefore ? "before" : "after");
        auto generated = await(
            m_store->generate({u"doomed"_s, Role::Developer, {}}, std::make_shared<FailingHook>(failBefore)));
        EXPECT_FALSE(generated.ok());
        const Token admin = awaitOk(m_store->get(m_admin.token.id));
        auto rotated = await(m_store->rotate(admin.id, admin.version, std::chrono::seconds(0),
                                             std::make_shared<FailingHook>(failBefore)));
        EXPECT_FALSE(rotated.ok());
    }
    EXPECT_EQ(tokenCount(), 2) << "the failed hook rolled the token back";
    EXPECT_EQ(awaitOk(m_store->audit({std::nullopt, 0, 1000})).size(), entries) << "and its audit entries";
    EXPECT_EQ(awaitOk(m_store->get(m_admin.token.id)).version, m_admin.token.version) << "not rotated";
}

} // namespace
} // namespace tokendesk::test
