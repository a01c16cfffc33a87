// SPDX-License-Identifier: GPL-3.0-or-later
// HTTP-level tests of tokendesk-server: the real executable on a temporary store, spoken to over
// loopback. Every endpoint, status and error code of resources/openapi.json, authentication,
// If-Match, idempotency, bad input, graceful shutdown and TLS.
#include "models/backend/sql/SqlBackend.h"
#include "models/remote/HttpClient.h"
#include "models/remote/RemoteBackend.h"
#include "tests/support/ApiReply.h"
#include "tests/support/LiveServer.h"
#include "tests/support/TestSupport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QThread>

#include <gtest/gtest.h>

#include <future>

using namespace Qt::StringLiterals;

namespace tokendesk::test {
namespace {

using Reply = ApiReply;

class ServerHttpTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        auto store = awaitOk(
            SqlBackend::create(m_dir.file(u"served.tokendesk"_s), StoreCreateOptions{u"alice"_s, 10}));
        m_admin = awaitOk(store->generate({u"ops console"_s, Role::Admin, {}}));
        m_developer = awaitOk(store->generate({u"billing api"_s, Role::Developer, {}}));
        awaitOk(store->addUser({u"bob"_s, true, false})); // an admin without API access
        m_store = store;
        m_server =
            std::make_unique<ServerProcess>(QStringList{u"--store"_s, m_dir.file(u"served.tokendesk"_s)});
        ASSERT_TRUE(m_server->started()) << qPrintable(m_server->output());
        m_client = HttpClient::make({});
    }

    Reply send(const QByteArray& method, const QString& path, const QByteArray& body = {},
               HttpHeaders headers = {})
    {
        std::promise<HttpResult> done;
        auto result = done.get_future();
        QUrl url = m_server->url();
        const qsizetype question = path.indexOf(u'?');
        url.setPath(question < 0 ? path : path.left(question), QUrl::TolerantMode);
        if (question >= 0)
            url.setQuery(path.mid(question + 1), QUrl::TolerantMode);
        m_client->send(method, url, std::move(headers), body,
                       [&done](HttpResult r) { done.set_value(std::move(r)); });
        const HttpResult r = result.get();
        EXPECT_EQ(r.transportError, QNetworkReply::NoError) << qPrintable(r.transportMessage);
        return {r.status, r.body, {}};
    }
    Reply as(const Secret& token, const QByteArray& method, const QString& path, const QByteArray& body = {},
             HttpHeaders headers = {})
    {
        headers.emplaceBack("Authorization", "Bearer " + token.view().toByteArray());
        return send(method, path, body, std::move(headers));
    }
    Reply admin(const QByteArray& method, const QString& path, const QByteArray& body = {},
                HttpHeaders headers = {})
    {
        return as(m_admin.secret, method, path, body, std::move(headers));
    }
    Reply verify(const Secret& token) { return as(token, "POST", u"/v1/verify"_s); }
    // Creates a token through the API and returns its JSON (with "token").
    QJsonObject create(const QString& label, const QString& role = u"developer"_s)
    {
        const Reply reply =
            admin("POST", u"/v1/tokens"_s,
                  QJsonDocument(QJsonObject{{u"label"_s, label}, {u"role"_s, role}}).toJson());
        EXPECT_EQ(reply.status, 201) << describe(reply);
        return reply.json();
    }

    TempDir m_dir;
    std::shared_ptr<SqlBackend> m_store;
    GeneratedToken m_admin;
    GeneratedToken m_developer;
    std::unique_ptr<ServerProcess> m_server;
    std::shared_ptr<HttpClient> m_client;
};

Secret secretOf(const QJsonObject& created)
{
    return Secret::fromString(created.value(u"token"_s).toString());
}

TEST_F(ServerHttpTest, HealthAndTheOpenApiDocumentNeedNoToken)
{
    const Reply health = send("GET", u"/v1/health"_s);
    EXPECT_EQ(health.status, 200);
    EXPECT_EQ(health.json().value(u"status"_s).toString(), u"up"_s);
    EXPECT_FALSE(health.json().contains(u"store"_s)); // nothing for strangers (ServerAttackTest)

    const Reply document = send("GET", u"/v1/openapi.json"_s);
    ASSERT_EQ(document.status, 200);
    const QJsonObject paths = document.json().value(u"paths"_s).toObject();
    EXPECT_EQ(document.json().value(u"openapi"_s).toString().left(2), u"3."_s);
    for (const QString& path :
         {u"/v1/tokens"_s, u"/v1/tokens/{id}"_s, u"/v1/tokens/{id}/rotate"_s, u"/v1/verify"_s, u"/v1/audit"_s,
          u"/v1/users"_s, u"/v1/users/{name}"_s, u"/v1/notices"_s, u"/v1/session"_s, u"/v1/settings"_s})
        EXPECT_TRUE(paths.contains(path)) << qPrintable(path);
}

TEST_F(ServerHttpTest, VerifyAcceptsALiveTokenAndNamesEachRejection)
{
    const Reply ok = verify(m_developer.secret);
    ASSERT_EQ(ok.status, 200) << describe(ok);
    EXPECT_EQ(ok.json(), (QJsonObject{{u"valid"_s, true},
                                      {u"id"_s, m_developer.token.id},
                                      {u"role"_s, u"developer"_s},
                                      {u"label"_s, u"billing api"_s}}));

    const Reply none = send("POST", u"/v1/verify"_s);
    EXPECT_EQ(none.status, 401);
    EXPECT_EQ(none.errorCode(), u"API_KEY_INVALID"_s);
    EXPECT_EQ(verify(Secret("tdk_not-a-token")).errorCode(), u"API_KEY_INVALID"_s);

    const QJsonObject disabled = create(u"soon disabled"_s);
    const Reply patched = admin("PATCH", u"/v1/tokens/%1"_s.arg(disabled[u"id"_s].toInteger()),
                                R"({"enabled":false})", {{"If-Match", "\"1\""}});
    ASSERT_EQ(patched.status, 200) << describe(patched);
    const Reply rejected = verify(secretOf(disabled));
    EXPECT_EQ(rejected.status, 401);
    EXPECT_EQ(rejected.errorCode(), u"API_KEY_DISABLED"_s);

    const QString soon = QDateTime::currentDateTimeUtc().addMSecs(1500).toString(Qt::ISODateWithMs);
    const Reply expiring =
        admin("POST", u"/v1/tokens"_s,
              QJsonDocument(QJsonObject{{u"label"_s, u"short lived"_s}, {u"expires_at"_s, soon}}).toJson());
    ASSERT_EQ(expiring.status, 201) << describe(expiring);
    EXPECT_EQ(verify(secretOf(expiring.json())).status, 200);
    QThread::msleep(1700);
    EXPECT_EQ(verify(secretOf(expiring.json())).errorCode(), u"API_KEY_EXPIRED"_s);
}

TEST_F(ServerHttpTest, RevokeIsRejectedOnTheVeryNextVerify)
{
    const QJsonObject made = create(u"revoke me"_s);
    ASSERT_EQ(verify(secretOf(made)).status, 200);
    const Reply revoked = admin("DELETE", u"/v1/tokens/%1"_s.arg(made[u"id"_s].toInteger()));
    ASSERT_EQ(revoked.status, 204) << describe(revoked);
    EXPECT_TRUE(revoked.body.isEmpty());
    const Reply after = verify(secretOf(made));
    EXPECT_EQ(after.status, 401);
    EXPECT_EQ(after.errorCode(), u"API_KEY_INVALID"_s);
    EXPECT_EQ(admin("GET", u"/v1/tokens/%1"_s.arg(made[u"id"_s].toInteger())).status, 404);
}

TEST_F(ServerHttpTest, ManagementNeedsAnAdminTokenOfAnAdminWithApiAccess)
{
    const Reply none = send("GET", u"/v1/tokens"_s);
    EXPECT_EQ(none.status, 401);
    EXPECT_EQ(none.errorCode(), u"API_KEY_INVALID"_s);
    EXPECT_EQ(send("GET", u"/v1/tokens"_s, {}, {{"Authorization", "Basic YWxpY2U6eA=="}}).status, 401);

    const Reply developer = as(m_developer.secret, "GET", u"/v1/tokens"_s);
    EXPECT_EQ(developer.status, 403);
    EXPECT_EQ(developer.errorCode(), u"PERMISSION_DENIED"_s);

    // A second admin token; once revoked it opens nothing.
    const QJsonObject second = create(u"second admin"_s, u"admin"_s);
    EXPECT_EQ(as(secretOf(second), "GET", u"/v1/session"_s).status, 200);
    ASSERT_EQ(admin("DELETE", u"/v1/tokens/%1"_s.arg(second[u"id"_s].toInteger())).status, 204);
    const Reply revoked = as(secretOf(second), "GET", u"/v1/session"_s);
    EXPECT_EQ(revoked.status, 401);
    EXPECT_EQ(revoked.errorCode(), u"API_KEY_INVALID"_s);

    // The token acts as its creator: alice's token stops working for management when she loses
    // API access... here shown with bob, an admin without API access, whose token alice cannot
    // make, so alice's own session is checked instead.
    const Reply session = admin("GET", u"/v1/session"_s);
    ASSERT_EQ(session.status, 200) << describe(session);
    EXPECT_EQ(session.json()[u"user"_s].toObject()[u"name"_s].toString(), u"alice"_s);
    EXPECT_EQ(session.json()[u"via_token"_s].toInteger(), m_admin.token.id);
}

TEST_F(ServerHttpTest, ARemovedUsersAdminTokenManagesNothingAfterTheNameIsReusedButStillVerifies)
{
    // Issue 13: a token is tied to the account that made it, not to its name.
    ASSERT_EQ(admin("POST", u"/v1/users"_s, R"({"name":"carol","admin":true,"api_access":true})").status,
              201);
    const GeneratedToken old =
        awaitOk(m_store->withActor(u"carol"_s)->generate({u"carol's console"_s, Role::Admin, {}}));
    ASSERT_EQ(as(old.secret, "GET", u"/v1/session"_s).status, 200);
    ASSERT_EQ(admin("DELETE", u"/v1/users/carol"_s).status, 204);
    ASSERT_EQ(admin("POST", u"/v1/users"_s, R"({"name":"carol","admin":true,"api_access":true})").status,
              201);

    const Reply listed = as(old.secret, "GET", u"/v1/tokens"_s);
    EXPECT_EQ(listed.status, 403) << describe(listed);
    EXPECT_EQ(listed.errorCode(), u"PERMISSION_DENIED"_s);
    EXPECT_TRUE(listed.errorMessage().contains(u"the account that created this token was removed"_s))
        << qPrintable(listed.errorMessage());
    EXPECT_EQ(as(old.secret, "POST", u"/v1/tokens"_s, R"({"label":"smuggled","role":"admin"})").status, 403);
    EXPECT_EQ(as(old.secret, "DELETE", u"/v1/tokens/%1"_s.arg(m_developer.token.id)).status, 403);
    EXPECT_EQ(
        as(old.secret, "POST", u"/v1/users"_s, R"({"name":"mallory","admin":true,"api_access":true})").status,
        403);
    const Reply verified = verify(old.secret);
    ASSERT_EQ(verified.status, 200) << describe(verified);
    EXPECT_TRUE(verified.json()[u"valid"_s].toBool());
    EXPECT_EQ(verify(m_developer.secret).status, 200) << "the Developer token it tried to revoke lives";

    // The new carol's own token manages as her.
    const GeneratedToken fresh =
        awaitOk(m_store->withActor(u"carol"_s)->generate({u"new console"_s, Role::Admin, {}}));
    const Reply session = as(fresh.secret, "GET", u"/v1/session"_s);
    ASSERT_EQ(session.status, 200) << describe(session);
    EXPECT_EQ(session.json()[u"user"_s].toObject()[u"name"_s].toString(), u"carol"_s);
    EXPECT_EQ(session.json()[u"tokens_used"_s].toInt(), 1) << "the old carol's token is not hers";
}

TEST_F(ServerHttpTest, TokensAreCreatedReadRenamedDisabledRotatedAndRevoked)
{
    const Reply created =
        admin("POST", u"/v1/tokens"_s, R"({"label":"deploy bot","role":"admin","expires_at":null})");
    ASSERT_EQ(created.status, 201) << describe(created);
    const QJsonObject token = created.json();
    const qint64 id = token[u"id"_s].toInteger();
    EXPECT_TRUE(token[u"token"_s].toString().startsWith(u"tdk_"_s));
    EXPECT_EQ(token[u"role"_s].toString(), u"admin"_s);
    EXPECT_EQ(token[u"masked"_s].toString(), u"tdk_…"_s + token[u"token"_s].toString().right(4));
    EXPECT_EQ(token[u"created_by"_s].toString(), u"alice"_s);
    EXPECT_TRUE(token[u"expires_at"_s].isNull());

    const Reply read = admin("GET", u"/v1/tokens/%1"_s.arg(id));
    ASSERT_EQ(read.status, 200);
    EXPECT_FALSE(read.json().contains(u"token"_s)) << "the secret is sent once, at creation";
    EXPECT_EQ(read.json()[u"version"_s].toInteger(), 1);

    const QString path = u"/v1/tokens/%1"_s.arg(id);
    const Reply missingVersion = admin("PATCH", path, R"({"label":"x"})");
    EXPECT_EQ(missingVersion.status, 428);
    const Reply renamed = admin("PATCH", path, R"({"label":"deploy robot"})", {{"If-Match", "\"1\""}});
    ASSERT_EQ(renamed.status, 200) << describe(renamed);
    EXPECT_EQ(renamed.json()[u"label"_s].toString(), u"deploy robot"_s);
    EXPECT_EQ(renamed.json()[u"version"_s].toInteger(), 2);
    const Reply stale = admin("PATCH", path, R"({"enabled":false})", {{"If-Match", "\"1\""}});
    EXPECT_EQ(stale.status, 412);
    EXPECT_EQ(stale.errorCode(), u"CONFLICT"_s);
    const Reply both = admin("PATCH", path, R"({"label":"deploy","enabled":false})", {{"If-Match", "2"}});
    ASSERT_EQ(both.status, 200) << describe(both);
    EXPECT_EQ(both.json()[u"status"_s].toString(), u"disabled"_s);
    EXPECT_EQ(both.json()[u"version"_s].toInteger(), 4);

    const Reply rotated =
        admin("POST", path + u"/rotate"_s, R"({"grace_seconds":0})", {{"If-Match", "\"4\""}});
    ASSERT_EQ(rotated.status, 201) << describe(rotated);
    EXPECT_NE(rotated.json()[u"token"_s], token[u"token"_s]);
    EXPECT_EQ(rotated.json()[u"label"_s].toString(), u"deploy"_s);
    EXPECT_EQ(verify(secretOf(token)).errorCode(), u"API_KEY_INVALID"_s) << "rotation revokes the old secret";
    EXPECT_EQ(admin("GET", path).status, 404);

    const qint64 newId = rotated.json()[u"id"_s].toInteger();
    const Reply staleRevoke = admin("DELETE", u"/v1/tokens/%1"_s.arg(newId), {}, {{"If-Match", "\"99\""}});
    EXPECT_EQ(staleRevoke.status, 412);
    EXPECT_EQ(admin("DELETE", u"/v1/tokens/%1"_s.arg(newId)).status, 204);
    EXPECT_EQ(admin("DELETE", u"/v1/tokens/%1"_s.arg(newId)).status, 404);
}

TEST_F(ServerHttpTest, ListingFiltersSortsAndWalksByCursor)
{
    for (const QString& label : {u"alpha"_s, u"beta"_s, u"gamma"_s, u"delta"_s})
        create(label);
    const Reply filtered = admin("GET", u"/v1/tokens?filter=ta&sort=label&order=desc"_s);
    ASSERT_EQ(filtered.status, 200) << describe(filtered);
    QStringList labels;
    for (const auto& t : filtered.json()[u"tokens"_s].toArray())
        labels << t[u"label"_s].toString();
    EXPECT_EQ(labels, (QStringList{u"delta"_s, u"beta"_s}));
    EXPECT_EQ(filtered.json()[u"total"_s].toInteger(), 2);

    QStringList walked;
    QString cursor;
    for (int pages = 0; pages < 10; ++pages) {
        const Reply page = admin("GET", u"/v1/tokens?sort=label&limit=2"_s +
                                            (cursor.isEmpty() ? QString() : u"&cursor="_s + cursor));
        ASSERT_EQ(page.status, 200) << describe(page);
        EXPECT_EQ(page.json()[u"total"_s].toInteger(), 6);
        for (const auto& t : page.json()[u"tokens"_s].toArray())
            walked << t[u"label"_s].toString();
        if (page.json()[u"next_cursor"_s].isNull())
            break;
        cursor = page.json()[u"next_cursor"_s].toString();
    }
    EXPECT_EQ(walked, (QStringList{u"alpha"_s, u"beta"_s, u"billing api"_s, u"delta"_s, u"gamma"_s,
                                   u"ops console"_s}));

    const Reply countOnly = admin("GET", u"/v1/tokens?limit=0&role=admin"_s);
    EXPECT_EQ(countOnly.json()[u"total"_s].toInteger(), 1);
    EXPECT_TRUE(countOnly.json()[u"tokens"_s].toArray().isEmpty());
}

TEST_F(ServerHttpTest, AnIdempotencyKeyNeverCreatesASecondToken)
{
    const QByteArray body = R"({"label":"retried"})";
    const Reply first = admin("POST", u"/v1/tokens"_s, body, {{"Idempotency-Key", "create-retried-1"}});
    const Reply retry = admin("POST", u"/v1/tokens"_s, body, {{"Idempotency-Key", "create-retried-1"}});
    ASSERT_EQ(first.status, 201) << describe(first);
    EXPECT_EQ(retry.status, 201);
    EXPECT_EQ(retry.json(), first.json()) << "same token, same secret";
    EXPECT_EQ(admin("GET", u"/v1/tokens?filter=retried&limit=0"_s).json()[u"total"_s].toInteger(), 1);

    const Reply misuse =
        admin("POST", u"/v1/tokens"_s, R"({"label":"other"})", {{"Idempotency-Key", "create-retried-1"}});
    EXPECT_EQ(misuse.status, 400);
    EXPECT_EQ(misuse.errorCode(), u"INVALID_INPUT"_s);

    const qint64 id = first.json()[u"id"_s].toInteger();
    const QString rotate = u"/v1/tokens/%1/rotate"_s.arg(id);
    const Reply rotated = admin("POST", rotate, {}, {{"If-Match", "1"}, {"Idempotency-Key", "rotate-1"}});
    const Reply rotatedAgain =
        admin("POST", rotate, {}, {{"If-Match", "1"}, {"Idempotency-Key", "rotate-1"}});
    ASSERT_EQ(rotated.status, 201) << describe(rotated);
    EXPECT_EQ(rotatedAgain.json(), rotated.json());
}

TEST_F(ServerHttpTest, BadInputIsA400NamingTheFieldNeverA500)
{
    struct Case
    {
        QByteArray method;
        QString path;
        QByteArray body;
        int status;
        QString mentions;
    };
    const QByteArray oversized = "{\"label\":\"" + QByteArray(qsizetype(70) * 1024, 'a') + "\"}";
    const QList<Case> cases{
        {"POST", u"/v1/tokens"_s, "{not json", 400, u"JSON"_s},
        {"POST", u"/v1/tokens"_s, "[1,2]", 400, u"object"_s},
        {"POST", u"/v1/tokens"_s, R"({"label":5})", 400, u"label"_s},
        {"POST", u"/v1/tokens"_s, R"({"label":"x","colour":"red"})", 400, u"colour"_s},
        {"POST", u"/v1/tokens"_s, R"({"label":"x","role":"root"})", 400, u"role"_s},
        {"POST", u"/v1/tokens"_s, R"({"label":"x","expires_at":"tomorrow"})", 400, u"expires_at"_s},
        {"POST", u"/v1/tokens"_s, R"({"label":"x","expires_at":"2030-01-01T00:00:00"})", 400,
         u"expires_at"_s},
        {"POST", u"/v1/tokens"_s, R"({"role":"developer"})", 400, u"label"_s},
        {"POST", u"/v1/tokens"_s, R"({"label":""})", 400, QString()},
        // Refused by the transport while it arrives, before the API sees it.
        {"POST", u"/v1/tokens"_s, oversized, 413, u"KiB"_s},
        {"GET", u"/v1/tokens?limit=abc"_s, {}, 400, u"limit"_s},
        {"GET", u"/v1/tokens?limit=10001"_s, {}, 400, u"limit"_s},
        {"GET", u"/v1/tokens?sort=colour"_s, {}, 400, u"sort"_s},
        {"GET", u"/v1/tokens?cursor=%21%21"_s, {}, 400, u"cursor"_s},
        {"GET", u"/v1/tokens?colour=red"_s, {}, 400, u"colour"_s},
        {"GET", u"/v1/audit?token_id=x"_s, {}, 400, u"token_id"_s},
        {"PUT", u"/v1/settings"_s, R"({"token_limit":0})", 400, u"token_limit"_s},
        {"PUT", u"/v1/settings"_s, R"({"token_limit":2.5})", 400, u"token_limit"_s},
        {"POST", u"/v1/users"_s, R"({"name":"eve","admin":"yes"})", 400, u"admin"_s},
        {"GET", u"/v1/nothing"_s, {}, 404, QString()},
        {"GET", u"/v1/tokens/abc"_s, {}, 404, QString()},
        {"PUT", u"/v1/tokens"_s, {}, 405, QString()},
        {"DELETE", u"/v1/audit"_s, {}, 405, QString()},
    };
    for (const Case& c : cases) {
        const Reply reply = admin(c.method, c.path, c.body);
        EXPECT_EQ(reply.status, c.status)
            << c.method.constData() << " " << qPrintable(c.path) << ": " << describe(reply);
        EXPECT_FALSE(reply.errorCode().isEmpty()) << describe(reply);
        if (!c.mentions.isEmpty()) {
            EXPECT_TRUE(reply.errorMessage().contains(c.mentions)) << describe(reply);
        }
    }
    EXPECT_EQ(admin("GET", u"/v1/tokens?limit=0"_s).json()[u"total"_s].toInteger(), 2)
        << "nothing was created";
}

TEST_F(ServerHttpTest, UsersAuditNoticesAndSettings)
{
    const Reply added =
        admin("POST", u"/v1/users"_s,
              R"({"name":"carol","admin":true,"api_access":true,"email":"carol@example.org"})");
    ASSERT_EQ(added.status, 201) << describe(added);
    EXPECT_EQ(added.json(), (QJsonObject{{u"name"_s, u"carol"_s},
                                         {u"admin"_s, true},
                                         {u"api_access"_s, true},
                                         {u"email"_s, u"carol@example.org"_s}}));
    const Reply changed = admin("PATCH", u"/v1/users/carol"_s, R"({"email":"ops@example.org"})");
    ASSERT_EQ(changed.status, 200) << describe(changed);
    EXPECT_EQ(changed.json().value(u"email"_s).toString(), u"ops@example.org"_s);
    EXPECT_EQ(admin("PATCH", u"/v1/users/nobody"_s, R"({"email":"a@example.org"})").status, 404);
    EXPECT_EQ(admin("POST", u"/v1/users"_s, R"({"name":"carol"})").errorCode(), u"ALREADY_EXISTS"_s);
    const Reply users = admin("GET", u"/v1/users"_s);
    EXPECT_EQ(users.json()[u"users"_s].toArray().size(), 3);
    EXPECT_EQ(admin("DELETE", u"/v1/users/carol"_s).status, 204);
    EXPECT_EQ(admin("DELETE", u"/v1/users/carol"_s).status, 404);

    create(u"noticed"_s);
    const Reply notices = admin("GET", u"/v1/notices"_s);
    ASSERT_EQ(notices.status, 200);
    bool found = false;
    for (const auto& n : notices.json()[u"notices"_s].toArray())
        found = found || n[u"label"_s].toString() == u"noticed"_s;
    EXPECT_TRUE(found) << describe(notices);

    const Reply audit = admin("GET", u"/v1/audit?limit=5"_s);
    ASSERT_EQ(audit.status, 200);
    bool viaToken = false;
    for (const auto& e : audit.json()[u"entries"_s].toArray())
        viaToken = viaToken || e[u"actor"_s].toString() == u"alice (token #%1)"_s.arg(m_admin.token.id);
    EXPECT_TRUE(viaToken) << "the audit names the acting token and its creator: " << describe(audit);
    const Reply chain = admin("GET", u"/v1/audit/verify"_s);
    EXPECT_EQ(chain.json()[u"intact"_s].toBool(), true) << describe(chain);

    EXPECT_EQ(admin("GET", u"/v1/settings"_s).json()[u"token_limit"_s].toInt(), 10);
    const Reply updated = admin("PUT", u"/v1/settings"_s, R"({"token_limit":4})");
    EXPECT_EQ(updated.json()[u"token_limit"_s].toInt(), 4) << describe(updated);
}

TEST_F(ServerHttpTest, ShutdownOnSigtermFlushesLastUse)
{
    ASSERT_EQ(verify(m_developer.secret).status, 200);
    EXPECT_EQ(m_server->stop(), 0) << qPrintable(m_server->output());
    const Token used = awaitOk(m_store->get(m_developer.token.id));
    EXPECT_TRUE(used.lastUsedAt.isValid()) << "the last use was written before the server exited";
}

TEST(ServerOptionsTest, MistakesAreReportedAndNothingIsServed)
{
    TempDir dir;
    auto run = [](const QStringList& arguments) {
        QProcess process;
        process.start(QStringLiteral(TOKENDESK_SERVER_PATH), arguments);
        process.waitForFinished(15000);
        return std::pair{process.exitCode(), QString::fromUtf8(process.readAllStandardError())};
    };
    auto [missingCode, missing] =
        run({u"--store"_s, dir.file(u"absent.tokendesk"_s), u"--listen"_s, u"127.0.0.1:0"_s});
    EXPECT_EQ(missingCode, 1);
    EXPECT_TRUE(missing.contains(u"STORE_UNAVAILABLE"_s)) << qPrintable(missing);
    auto [listenCode, listen] = run({u"--store"_s, dir.file(u"x"_s), u"--listen"_s, u"everywhere"_s});
    EXPECT_EQ(listenCode, 2);
    EXPECT_TRUE(listen.contains(u"--listen"_s)) << qPrintable(listen);
    auto [bothCode, both] = run({u"--listen"_s, u"127.0.0.1:0"_s});
    EXPECT_EQ(bothCode, 2);
    EXPECT_TRUE(both.contains(u"--store"_s)) << qPrintable(both);
}

// TLS: a self-signed server is refused until the user pins exactly its certificate.
TEST_F(ServerHttpTest, SelfSignedTlsIsAcceptedOnlyWhenPinned)
{
    const QString cert = m_dir.file(u"cert.pem"_s);
    const QString key = m_dir.file(u"key.pem"_s);
    QProcess openssl;
    openssl.start(u"openssl"_s, {u"req"_s, u"-x509"_s, u"-newkey"_s, u"rsa:2048"_s, u"-nodes"_s, u"-subj"_s,
                                 u"/CN=localhost"_s, u"-days"_s, u"2"_s, u"-keyout"_s, key, u"-out"_s, cert});
    ASSERT_TRUE(openssl.waitForFinished(30000));
    ASSERT_EQ(openssl.exitCode(), 0) << openssl.readAllStandardError().toStdString();
    m_server->stop();
    ServerProcess tls(
        {u"--store"_s, m_dir.file(u"served.tokendesk"_s), u"--tls-cert"_s, cert, u"--tls-key"_s, key});
    ASSERT_TRUE(tls.started()) << qPrintable(tls.output());
    ASSERT_EQ(tls.url().scheme(), u"https"_s);

    RemoteOptions options;
    options.server = tls.url();
    options.token = m_admin.secret;
    auto refused = await(RemoteBackend::connect(options));
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.code(), ErrorCode::StoreUnavailable);
    QFile pem(cert);
    ASSERT_TRUE(pem.open(QIODevice::ReadOnly));
    const QSslCertificate certificate(pem.readAll(), QSsl::Pem);
    const QString fingerprint =
        QString::fromLatin1(certificate.digest(QCryptographicHash::Sha256).toHex(':').toUpper());
    EXPECT_TRUE(refused.error().message.contains(fingerprint)) << qPrintable(refused.error().message);

    options.http.pinnedSha256 = certificate.digest(QCryptographicHash::Sha256);
    auto pinned = awaitOk(RemoteBackend::connect(options));
    EXPECT_EQ(pinned->actor(), u"alice"_s);
    EXPECT_EQ(awaitOk(pinned->verify(m_developer.secret)).id, m_developer.token.id);

    options.http.pinnedSha256 = QByteArray(32, '\x01'); // another certificate's pin
    EXPECT_EQ(await(RemoteBackend::connect(options)).code(), ErrorCode::StoreUnavailable);
}

} // namespace
} // namespace tokendesk::test
