// SPDX-License-Identifier: GPL-3.0-or-later
// Issue 13, "A removed user stays removed": tokens are tied to the identity (users.uid) of the
// account that created them, not to its reusable name. On SQLite and, where a cluster can run,
// PostgreSQL: an Admin token whose creator was removed manages nothing through the REST API, even
// after a user of the same name is added again, and still verifies; the schema step that brings
// the uids fills them in for an existing store.
#include "models/backend/sql/SqlDialect.h"
#include "models/backend/sql/SqlSchema.h"
#include "models/backend/sql/SqlUtil.h"
#include "models/backend/sql/StoreLocation.h"
#include "models/backend/sql/StoreMigrator.h"
#include "models/core/TokenFormat.h"
#include "models/server/ApiService.h"
#include "tests/contract/EngineStoreTest.h"
#include "tests/support/ApiReply.h"

#include <QJsonArray>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include <gtest/gtest.h>

#include <map>
#include <optional>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace tokendesk::test {
namespace {

const QString kRemoved = u"the account that created this token was removed"_s;

ApiReply call(ApiService& service, const QByteArray& method, const QString& path, const Secret& bearer,
              const QByteArray& body = {}, HttpHeaders headers = {})
{
    HttpRequest request;
    request.method = method;
    request.path = path;
    headers.emplaceBack("Authorization", "Bearer " + bearer.view().toByteArray());
    request.headers = std::move(headers);
    request.body = body;
    const HttpResponse response = service.handle(request);
    return {response.status, response.body, response.headers};
}

QByteArray labelled(const QString& label, const QString& role)
{
    return QJsonDocument(QJsonObject{{u"label"_s, label}, {u"role"_s, role}}).toJson();
}

// Every way an Admin token manages the store is refused for `token`, with the reason; it still
// verifies.
void expectVerifiesButManagesNothing(ApiService& service, const GeneratedToken& token, TokenId someToken)
{
    const ApiReply listed = call(service, "GET", u"/v1/tokens"_s, token.secret);
    EXPECT_EQ(listed.status, 403) << describe(listed);
    EXPECT_EQ(listed.errorCode(), u"PERMISSION_DENIED"_s);
    EXPECT_TRUE(listed.errorMessage().contains(kRemoved)) << qPrintable(listed.errorMessage());
    const ApiReply generated =
        call(service, "POST", u"/v1/tokens"_s, token.secret, labelled(u"smuggled"_s, u"admin"_s));
    EXPECT_EQ(generated.status, 403) << describe(generated);
    EXPECT_EQ(generated.errorCode(), u"PERMISSION_DENIED"_s);
    const ApiReply revoked =
        call(service, "DELETE", u"/v1/tokens/%1"_s.arg(someToken), token.secret, {}, {{"If-Match", "\"1\""}});
    EXPECT_EQ(revoked.status, 403) << describe(revoked);
    const ApiReply session = call(service, "GET", u"/v1/session"_s, token.secret);
    EXPECT_EQ(session.status, 403) << describe(session);

    const ApiReply verified = call(service, "POST", u"/v1/verify"_s, token.secret);
    ASSERT_EQ(verified.status, 200) << describe(verified);
    EXPECT_TRUE(verified.json().value(u"valid"_s).toBool());
    EXPECT_EQ(verified.json().value(u"id"_s).toInteger(), token.token.id);
}

class CreatorIdentityTest : public EngineStoreTest
{
};

TEST_P(CreatorIdentityTest, AnAdminTokenOfARemovedUserManagesNothingEvenAfterTheNameIsReused)
{
    const User bob{u"bob"_s, true, true};
    awaitOk(m_backend->addUser(bob));
    const auto asBob = m_backend->withActor(bob.name);
    const GeneratedToken old = awaitOk(asBob->generate({u"bob's console"_s, Role::Admin, {}}));
    const GeneratedToken alicesApi = awaitOk(m_backend->generate({u"billing api"_s, Role::Developer, {}}));
    ApiService service(m_backend);
    ASSERT_EQ(call(service, "GET", u"/v1/tokens"_s, old.secret).status, 200) << "bob's token manages";

    awaitOk(m_backend->removeUser(bob.name));
    // Removed and not back: the token still verifies (tokens belong to the organisation).
    expectVerifiesButManagesNothing(service, old, alicesApi.token.id);

    awaitOk(m_backend->addUser(bob)); // someone else, under the same name
    expectVerifiesButManagesNothing(service, old, alicesApi.token.id);
    EXPECT_EQ(awaitOk(m_backend->count({})), 2) << "nothing was created or revoked";
    const VerifiedToken verified = awaitOk(m_backend->verify(old.secret));
    EXPECT_EQ(verified.createdBy, bob.name);
    EXPECT_TRUE(verified.creatorRemoved);

    // The old bob's tokens are not the new bob's: none of them takes one of his slots.
    EXPECT_EQ(awaitOk(asBob->session()).tokensUsed, 0);
    // His own new tokens work.
    const GeneratedToken fresh = awaitOk(asBob->generate({u"new bob's console"_s, Role::Admin, {}}));
    EXPECT_FALSE(awaitOk(m_backend->verify(fresh.secret)).creatorRemoved);
    EXPECT_EQ(call(service, "GET", u"/v1/tokens"_s, fresh.secret).status, 200);
    const ApiReply made =
        call(service, "POST", u"/v1/tokens"_s, fresh.secret, labelled(u"new bob's api"_s, u"developer"_s));
    ASSERT_EQ(made.status, 201) << describe(made);
    EXPECT_EQ(made.json().value(u"created_by"_s).toString(), bob.name);
    EXPECT_EQ(awaitOk(asBob->session()).tokensUsed, 2);
    const ApiReply revoked = call(service, "DELETE", u"/v1/tokens/%1"_s.arg(alicesApi.token.id), fresh.secret,
                                  {}, {{"If-Match", "\"1\""}});
    EXPECT_EQ(revoked.status, 204) << describe(revoked);
}

TEST_P(CreatorIdentityTest, RotatingARemovedUsersTokenDoesNotHandItToTheNextUserOfThatName)
{
    const User bob{u"bob"_s, true, true};
    awaitOk(m_backend->addUser(bob));
    const GeneratedToken old =
        awaitOk(m_backend->withActor(bob.name)->generate({u"console"_s, Role::Admin, {}}));
    awaitOk(m_backend->removeUser(bob.name));
    awaitOk(m_backend->addUser(bob));
    // Alice rotates it: the new secret keeps the old token's creator, who is still gone.
    const GeneratedToken rotated = awaitOk(m_backend->rotate(old.token.id, old.token.version, 0s));
    EXPECT_EQ(rotated.token.createdBy, bob.name);
    ApiService service(m_backend);
    expectVerifiesButManagesNothing(service, rotated, rotated.token.id);
}

TEST_P(CreatorIdentityTest, EveryUserGetsAUidNoOneHadBefore)
{
    auto uids = [this] {
        return awaitOk(
            m_store->run<std::map<QString, qint64>>([](SqlStore& store) -> Result<std::map<QString, qint64>> {
                auto query = SqlUtil::exec(store.database(), u"SELECT name, uid FROM users"_s);
                if (!query.ok())
                    return query.error();
                std::map<QString, qint64> found;
                while (query.value().next())
                    found[query.value().value(0).toString()] = query.value().value(1).toLongLong();
                return found;
            }));
    };
    awaitOk(m_backend->addUser({u"bob"_s, true, true}));
    awaitOk(m_backend->addUser({u"carol"_s, false, false}));
    const qint64 firstBob = uids().at(u"bob"_s);
    awaitOk(m_backend->removeUser(u"carol"_s)); // the highest uid goes
    awaitOk(m_backend->removeUser(u"bob"_s));
    awaitOk(m_backend->addUser({u"bob"_s, true, true}));
    const auto now = uids();
    EXPECT_GT(now.at(u"bob"_s), firstBob + 1) << "neither bob's nor carol's uid is given out again";
    EXPECT_LT(now.at(u"alice"_s), firstBob);
}

TEST_P(CreatorIdentityTest, MovingTheStoreToTheOtherEngineKeepsRemovedCreatorsRemoved)
{
    const User bob{u"bob"_s, true, true};
    awaitOk(m_backend->addUser(bob));
    const GeneratedToken old = awaitOk(m_backend->withActor(bob.name)->generate({u"old"_s, Role::Admin, {}}));
    awaitOk(m_backend->removeUser(bob.name));
    awaitOk(m_backend->addUser(bob));
    const GeneratedToken fresh =
        awaitOk(m_backend->withActor(bob.name)->generate({u"new"_s, Role::Admin, {}}));
    awaitOk(m_backend->addUser({u"carol"_s, false, false}));
    awaitOk(m_backend->removeUser(u"carol"_s)); // the highest uid given out so far is nobody's now

    QString target = m_dir.file(u"moved.tokendesk"_s);
    if (!m_store->location().isPostgres()) {
        if (const QString why = PgCluster::unavailableReason(); !why.isEmpty())
            GTEST_SKIP() << why.toStdString();
        target = freshPostgresDatabase();
    }
    awaitOk(StoreMigrator::migrate(m_store->location().text(), target));
    auto moved = awaitOk(SqlBackend::open(target, u"alice"_s));
    ApiService service(moved);
    expectVerifiesButManagesNothing(service, old, fresh.token.id);
    EXPECT_EQ(call(service, "GET", u"/v1/tokens"_s, fresh.secret).status, 200);

    // The counter came along: a user added in the new home gets a uid nobody had in the old one.
    awaitOk(moved->addUser({u"dave"_s, false, false}));
    const auto uids =
        awaitOk(moved->store()->run<QList<qint64>>([](SqlStore& store) -> Result<QList<qint64>> {
            auto query = SqlUtil::exec(store.database(), u"SELECT uid FROM users ORDER BY uid"_s);
            if (!query.ok())
                return query.error();
            QList<qint64> found;
            while (query.value().next())
                found.append(query.value().value(0).toLongLong());
            return found;
        }));
    EXPECT_EQ(uids, (QList<qint64>{1, 3, 5}))
        << "alice, the new bob, dave; 2 (old bob) and 4 (carol) stay unused";
}

INSTANTIATE_TEST_SUITE_P(Engines, CreatorIdentityTest, kEngines, engineName);

// A store written by the previous version (schema 5, before uids), upgraded in place when opened.
class CreatorUidMigrationTest : public ::testing::TestWithParam<const char*>
{
protected:
    void SetUp() override
    {
        m_location = m_dir.file(u"v5.tokendesk"_s);
        if (std::string_view(GetParam()) == "Postgres") {
            if (const QString why = PgCluster::unavailableReason(); !why.isEmpty())
                GTEST_SKIP() << why.toStdString();
            m_location = freshPostgresDatabase();
            ASSERT_FALSE(m_location.isEmpty());
        }
    }

    // Runs `statements` on a connection of its own, after migrating the empty store to `version`.
    void writeRaw(int version, const QStringList& statements)
    {
        const QString name = QUuid::createUuid().toString(QUuid::WithoutBraces);
        {
            const StoreLocation location = StoreLocation::parse(m_location).value();
            QSqlDatabase db =
                QSqlDatabase::addDatabase(location.isPostgres() ? u"QPSQL"_s : u"QSQLITE"_s, name);
            if (location.isPostgres())
                location.configure(db);
            else
                db.setDatabaseName(m_location);
            ASSERT_TRUE(db.open()) << db.lastError().text().toStdString();
            ASSERT_TRUE(SqlSchema::migrate(db, location.dialect(), version).ok());
            for (const QString& sql : statements) {
                QSqlQuery query(db);
                EXPECT_TRUE(query.exec(sql))
                    << query.lastError().text().toStdString() << " in " << sql.toStdString();
            }
            db.close();
        }
        QSqlDatabase::removeDatabase(name);
    }
    bool postgres() const { return std::string_view(GetParam()) == "Postgres"; }
    QString bytes(const QByteArray& value) const
    {
        const QString hex = QString::fromLatin1(value.toHex());
        return postgres() ? u"decode('%1', 'hex')"_s.arg(hex) : u"x'%1'"_s.arg(hex);
    }

    TempDir m_dir;
    QString m_location;
};

TEST_P(CreatorUidMigrationTest, ExistingTokensGetTheirCreatorsUidOrNoneWhenTheCreatorIsGone)
{
    // alice and bob exist; carol made a token and was removed before the upgrade.
    writeRaw(5, {u"INSERT INTO settings VALUES ('pepper', %1)"_s.arg(bytes(QByteArray(32, 'p'))),
                 u"INSERT INTO settings VALUES ('token_limit', %1)"_s.arg(bytes("3")),
                 u"INSERT INTO users VALUES ('alice', 1, 1, 100)"_s,
                 u"INSERT INTO users VALUES ('bob', 1, 1, 200)"_s,
                 u"INSERT INTO tokens (secret_hash, last4, label, role, created_by, created_at)"
                 " VALUES (%1, 'bbbb', 'bob admin', 'admin', 'bob', 300)"_s.arg(bytes("b")),
                 u"INSERT INTO tokens (secret_hash, last4, label, role, created_by, created_at)"
                 " VALUES (%1, 'cccc', 'carol admin', 'admin', 'carol', 300)"_s.arg(bytes("c"))});
    auto backend = awaitOk(SqlBackend::open(m_location, u"alice"_s));
    auto store = backend->store();
    // The upgrade to the current version numbered the users in creation order and tied each
    // token to its creator's uid.
    const auto creators =
        awaitOk(store->run<QMap<QString, QVariant>>([](SqlStore& raw) -> Result<QMap<QString, QVariant>> {
            auto query = SqlUtil::exec(raw.database(), u"SELECT label, creator_uid FROM tokens"_s);
            if (!query.ok())
                return query.error();
            QMap<QString, QVariant> found;
            while (query.value().next())
                found.insert(query.value().value(0).toString(), query.value().value(1));
            auto users = SqlUtil::exec(raw.database(), u"SELECT name, uid FROM users"_s);
            if (!users.ok())
                return users.error();
            while (users.value().next())
                found.insert(u"user "_s + users.value().value(0).toString(), users.value().value(1));
            return found;
        }));
    EXPECT_EQ(creators.value(u"user alice"_s).toLongLong(), 1);
    EXPECT_EQ(creators.value(u"user bob"_s).toLongLong(), 2);
    EXPECT_EQ(creators.value(u"bob admin"_s).toLongLong(), 2);
    EXPECT_TRUE(creators.value(u"carol admin"_s).isNull()) << "carol is gone: no uid to inherit";

    // Give the two migrated tokens secrets this test knows, then present them.
    std::map<QString, Secret> secrets;
    for (const QString& label : {u"bob admin"_s, u"carol admin"_s}) {
        secrets.emplace(label, TokenFormat::generate(store->crypto()));
        const QByteArray hash = store->secretHash(secrets.at(label).view());
        awaitOk(store->run<Unit>([label, hash](SqlStore& raw) -> Result<Unit> {
            auto done =
                SqlUtil::exec(raw.database(), u"UPDATE tokens SET secret_hash = :hash WHERE label = :label"_s,
                              {{"hash", hash}, {"label", label}});
            if (!done.ok())
                return done.error();
            return Unit{};
        }));
    }
    ApiService service(backend);
    EXPECT_EQ(call(service, "GET", u"/v1/tokens"_s, secrets.at(u"bob admin"_s)).status, 200);
    const ApiReply carol = call(service, "GET", u"/v1/tokens"_s, secrets.at(u"carol admin"_s));
    EXPECT_EQ(carol.status, 403) << describe(carol);
    EXPECT_TRUE(carol.errorMessage().contains(kRemoved)) << qPrintable(carol.errorMessage());
    EXPECT_EQ(call(service, "POST", u"/v1/verify"_s, secrets.at(u"carol admin"_s)).status, 200);

    // A carol added now is a new identity; the next uid follows the migrated ones.
    awaitOk(backend->addUser({u"carol"_s, true, true}));
    EXPECT_EQ(call(service, "GET", u"/v1/tokens"_s, secrets.at(u"carol admin"_s)).status, 403);
}

INSTANTIATE_TEST_SUITE_P(Engines, CreatorUidMigrationTest, kEngines, engineName);

} // namespace
} // namespace tokendesk::test
