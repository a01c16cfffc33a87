// SPDX-License-Identifier: GPL-3.0-or-later
// ApiService::handle() as the pure function it is: an HttpRequest in, an HttpResponse out, over a
// temporary SQLite store and without a socket. Routing (404 vs 405, who must authenticate first),
// authentication, strict input, If-Match, idempotency and cursor paging. ServerHttpTest checks the
// same API through the real executable; this one can afford a table of every edge.
#include "models/server/ApiService.h"

#include "models/api/ApiJson.h"
#include "models/backend/sql/SqlBackend.h"
#include "tests/support/ApiReply.h"
#include "tests/support/TestSupport.h"

#include <QJsonArray>

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;

namespace tokendesk::test {
namespace {

enum class Credential
{
    None,
    Admin,     // alice's Admin-role token
    Developer, // a Developer-role token: verifies, manages nothing
    Garbage,   // "Bearer" and something that is no token
    Basic,     // not a bearer credential at all
};

class ApiServiceTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        m_store =
            awaitOk(SqlBackend::create(m_dir.file(u"api.tokendesk"_s), StoreCreateOptions{u"alice"_s, 10}));
        m_admin = awaitOk(m_store->generate({u"ops console"_s, Role::Admin, {}}));
        m_developer = awaitOk(m_store->generate({u"billing api"_s, Role::Developer, {}}));
        m_service = std::make_unique<ApiService>(m_store);
    }

    ApiReply call(const QByteArray& method, const QString& target, Credential credential = Credential::Admin,
                  const QByteArray& body = {}, HttpHeaders headers = {})
    {
        HttpRequest request;
        request.method = method;
        const qsizetype question = target.indexOf(u'?');
        request.path = question < 0 ? target : target.left(question);
        if (question >= 0)
            request.query = QUrlQuery(target.mid(question + 1));
        switch (credential) {
        case Credential::None:
            break;
        case Credential::Admin:
            headers.emplaceBack("Authorization", "Bearer " + m_admin.secret.view().toByteArray());
            break;
        case Credential::Developer:
            headers.emplaceBack("Authorization", "Bearer " + m_developer.secret.view().toByteArray());
            break;
        case Credential::Garbage:
            headers.emplaceBack("Authorization", "Bearer tdk_not-a-token");
            break;
        case Credential::Basic:
            headers.emplaceBack("Authorization", "Basic YWxpY2U6eA==");
            break;
        }
        request.headers = std::move(headers);
        request.body = body;
        const HttpResponse response = m_service->handle(request);
        return {response.status, response.body, response.headers};
    }
    ApiReply verify(const Secret& token)
    {
        HttpRequest request{
            "POST", u"/v1/verify"_s, {}, {{"Authorization", "Bearer " + token.view().toByteArray()}}, {}, {}};
        const HttpResponse response = m_service->handle(request);
        return {response.status, response.body, response.headers};
    }
    // Creates a token through the API; its JSON, with the secret.
    QJsonObject create(const QString& label)
    {
        const ApiReply reply = call("POST", u"/v1/tokens"_s, Credential::Admin,
                                    QJsonDocument(QJsonObject{{u"label"_s, label}}).toJson());
        EXPECT_EQ(reply.status, 201) << describe(reply);
        return reply.json();
    }
    qint64 tokenCount() { return awaitOk(m_store->count(TokenQuery())); }

    TempDir m_dir;
    std::shared_ptr<SqlBackend> m_store;
    GeneratedToken m_admin;
    GeneratedToken m_developer;
    std::unique_ptr<ApiService> m_service;
};

struct Case
{
    QByteArray method;
    QString target;
    Credential credential;
    int status;
    QString code;          // the error code; empty: a success
    QString mentions = {}; // a word the error message must contain
    QByteArray body = {};
};

void expectCases(const QList<Case>& cases, const std::function<ApiReply(const Case&)>& send)
{
    for (const Case& c : cases) {
        SCOPED_TRACE(c.method.toStdString() + " " + c.target.toStdString() + " " + c.body.toStdString());
        const ApiReply reply = send(c);
        EXPECT_EQ(reply.status, c.status) << describe(reply);
        EXPECT_EQ(reply.errorCode(), c.code) << describe(reply);
        if (!c.mentions.isEmpty()) {
            EXPECT_TRUE(reply.errorMessage().contains(c.mentions)) << describe(reply);
        }
        if (reply.status >= 400) {
            EXPECT_EQ(reply.header("Content-Type"), "application/json");
        }
        if (reply.status == 401) {
            EXPECT_EQ(reply.header("WWW-Authenticate"), "Bearer realm=\"tokendesk\"");
        }
    }
}

TEST_F(ApiServiceTest, RoutesAnswer404And405AndAuthenticateManagementFirst)
{
    using enum Credential;
    const QList<Case> cases{
        // Public endpoints need no credential, not even for a wrong method.
        {"GET", u"/v1/health"_s, None, 200, {}},
        {"GET", u"/v1/openapi.json"_s, None, 200, {}},
        {"POST", u"/v1/health"_s, None, 405, u"INVALID_INPUT"_s, u"POST"_s},
        {"GET", u"/v1/verify"_s, None, 405, u"INVALID_INPUT"_s, u"/v1/verify"_s},
        {"DELETE", u"/v1/openapi.json"_s, None, 405, u"INVALID_INPUT"_s},
        {"get", u"/v1/health"_s, None, 405, u"INVALID_INPUT"_s}, // methods are case-sensitive
        // Unknown paths outside the management resources: 404 without a credential.
        {"GET", u"/"_s, None, 404, u"NOT_FOUND"_s},
        {"GET", u"/v1"_s, None, 404, u"NOT_FOUND"_s},
        {"GET", u"/v2/health"_s, None, 404, u"NOT_FOUND"_s},
        {"GET", u"/V1/health"_s, None, 404, u"NOT_FOUND"_s},
        {"GET", u"/v1/nothing"_s, None, 404, u"NOT_FOUND"_s, u"/v1/nothing"_s},
        {"GET", u"/v1/health/deep"_s, None, 404, u"NOT_FOUND"_s},
        {"POST", u"/v1/verify/again"_s, None, 404, u"NOT_FOUND"_s},
        // Under a management resource, nothing (not even a 404) before the credential is good.
        {"GET", u"/v1/tokens"_s, None, 401, u"API_KEY_INVALID"_s, u"Authorization"_s},
        {"GET", u"/v1/tokens"_s, Basic, 401, u"API_KEY_INVALID"_s},
        {"GET", u"/v1/tokens"_s, Garbage, 401, u"API_KEY_INVALID"_s},
        {"GET", u"/v1/tokens"_s, Developer, 403, u"PERMISSION_DENIED"_s, u"Developer"_s},
        {"GET", u"/v1/tokens/abc"_s, None, 401, u"API_KEY_INVALID"_s},
        {"PUT", u"/v1/tokens"_s, None, 401, u"API_KEY_INVALID"_s},
        {"GET", u"/v1/session/extra"_s, Garbage, 401, u"API_KEY_INVALID"_s},
        {"DELETE", u"/v1/audit"_s, Developer, 403, u"PERMISSION_DENIED"_s},
        // With an Admin token: the table's own 404s and 405s.
        {"GET", u"/v1/session"_s, Admin, 200, {}},
        {"GET", u"/v1/tokens/"_s, Admin, 200, {}}, // segments, not strings: the slash is ignored
        {"GET", u"//v1//tokens"_s, Admin, 200, {}},
        {"PUT", u"/v1/tokens"_s, Admin, 405, u"INVALID_INPUT"_s, u"PUT"_s},
        {"GET", u"/v1/tokens/abc"_s, Admin, 404, u"NOT_FOUND"_s},
        {"GET", u"/v1/tokens/0"_s, Admin, 404, u"NOT_FOUND"_s},
        {"GET", u"/v1/tokens/-4"_s, Admin, 404, u"NOT_FOUND"_s},
        {"PUT", u"/v1/tokens/1"_s, Admin, 405, u"INVALID_INPUT"_s},
        {"PUT", u"/v1/tokens/abc"_s, Admin, 404, u"NOT_FOUND"_s},
        {"GET", u"/v1/tokens/1/rotate"_s, Admin, 405, u"INVALID_INPUT"_s},
        {"POST", u"/v1/tokens/abc/rotate"_s, Admin, 404, u"NOT_FOUND"_s},
        {"POST", u"/v1/tokens/1/spin"_s, Admin, 404, u"NOT_FOUND"_s},
        {"POST", u"/v1/tokens/1/rotate/now"_s, Admin, 404, u"NOT_FOUND"_s},
        {"GET", u"/v1/tokens/999"_s, Admin, 404, u"NOT_FOUND"_s},
        {"POST", u"/v1/audit/verify"_s, Admin, 405, u"INVALID_INPUT"_s},
        {"GET", u"/v1/audit/other"_s, Admin, 404, u"NOT_FOUND"_s},
        {"GET", u"/v1/users/carol"_s, Admin, 405, u"INVALID_INPUT"_s},
        {"DELETE", u"/v1/users/a/b"_s, Admin, 404, u"NOT_FOUND"_s},
        {"DELETE", u"/v1/users"_s, Admin, 405, u"INVALID_INPUT"_s},
        {"POST", u"/v1/notices"_s, Admin, 405, u"INVALID_INPUT"_s},
        {"PATCH", u"/v1/settings"_s, Admin, 405, u"INVALID_INPUT"_s},
        {"GET", u"/v1/session/extra"_s, Admin, 404, u"NOT_FOUND"_s},
    };
    expectCases(cases, [&](const Case& c) { return call(c.method, c.target, c.credential, c.body); });
}

TEST_F(ApiServiceTest, PublicEndpointsAnswerWithTheirDocuments)
{
    const ApiReply health = call("GET", u"/v1/health"_s, Credential::None);
    EXPECT_EQ(health.json(), (QJsonObject{{u"status"_s, u"up"_s}})) << "a stranger learns up or down only";
    const ApiReply detailed = call("GET", u"/v1/health"_s, Credential::Admin);
    EXPECT_EQ(detailed.json().value(u"store"_s).toString(), m_store->displayName());
    const ApiReply document = call("GET", u"/v1/openapi.json"_s, Credential::None);
    EXPECT_EQ(document.header("Content-Type"), "application/json");
    EXPECT_TRUE(document.json().value(u"paths"_s).toObject().contains(u"/v1/tokens/{id}"_s))
        << describe(document);
}

TEST_F(ApiServiceTest, VerifyTellsValidDisabledAndRevokedApart)
{
    const ApiReply ok = verify(m_developer.secret);
    ASSERT_EQ(ok.status, 200) << describe(ok);
    EXPECT_EQ(ok.json(), (QJsonObject{{u"valid"_s, true},
                                      {u"id"_s, m_developer.token.id},
                                      {u"role"_s, u"developer"_s},
                                      {u"label"_s, u"billing api"_s}}));
    EXPECT_EQ(call("POST", u"/v1/verify"_s, Credential::Admin).json().value(u"role"_s).toString(),
              u"admin"_s);

    const auto cases = QList<Case>{
        {"POST", u"/v1/verify"_s, Credential::None, 401, u"API_KEY_INVALID"_s, u"Bearer"_s},
        {"POST", u"/v1/verify"_s, Credential::Basic, 401, u"API_KEY_INVALID"_s},
        {"POST", u"/v1/verify"_s, Credential::Garbage, 401, u"API_KEY_INVALID"_s},
    };
    expectCases(cases, [&](const Case& c) { return call(c.method, c.target, c.credential); });

    awaitOk(m_store->setEnabled(m_developer.token.id, m_developer.token.version, false));
    const ApiReply disabled = verify(m_developer.secret);
    EXPECT_EQ(disabled.status, 401);
    EXPECT_EQ(disabled.errorCode(), u"API_KEY_DISABLED"_s);

    const QJsonObject made = create(u"short lived"_s);
    const Secret secret = Secret::fromString(made.value(u"token"_s).toString());
    ASSERT_EQ(verify(secret).status, 200);
    const ApiReply revoked = call("DELETE", u"/v1/tokens/%1"_s.arg(made.value(u"id"_s).toInteger()));
    ASSERT_EQ(revoked.status, 204) << describe(revoked);
    EXPECT_TRUE(revoked.body.isEmpty());
    const ApiReply after = verify(secret);
    EXPECT_EQ(after.status, 401);
    EXPECT_EQ(after.errorCode(), u"API_KEY_INVALID"_s);
}

// Verify bodies are remembered per thread; a renamed token must still be answered by its new name.
TEST_F(ApiServiceTest, VerifyAnswersTheLabelAndRoleAsTheyAreNow)
{
    ASSERT_EQ(verify(m_developer.secret).json().value(u"label"_s).toString(), u"billing api"_s);
    ASSERT_EQ(verify(m_developer.secret).json().value(u"label"_s).toString(), u"billing api"_s);
    const Token renamed =
        awaitOk(m_store->rename(m_developer.token.id, m_developer.token.version, u"invoices"_s));
    const ApiReply after = verify(m_developer.secret);
    ASSERT_EQ(after.status, 200) << describe(after);
    EXPECT_EQ(after.json(), (QJsonObject{{u"valid"_s, true},
                                         {u"id"_s, renamed.id},
                                         {u"role"_s, u"developer"_s},
                                         {u"label"_s, u"invoices"_s}}));
    // A label JSON must escape is escaped, not pasted.
    awaitOk(m_store->rename(renamed.id, renamed.version, u"a \"quoted\" \\ label"_s));
    EXPECT_EQ(verify(m_developer.secret).json().value(u"label"_s).toString(), u"a \"quoted\" \\ label"_s);
}

// The transport answers on the connection's own thread only what never waits on the store's
// writer; everything else goes to the management pool (ServerLimitsTest holds the writer).
TEST_F(ApiServiceTest, OnlyWhatNeverWritesIsAnsweredAtOnce)
{
    struct Lane
    {
        QByteArray method;
        QString path;
        bool withCredential;
        bool atOnce;
    };
    const QList<Lane> lanes{
        {"POST", u"/v1/verify"_s, true, true},
        {"POST", u"/v1/verify"_s, false, true},
        {"GET", u"/v1/health"_s, false, true},
        // An Admin asks health for details; a bad credential may be recorded as a lockout.
        {"GET", u"/v1/health"_s, true, false},
        {"GET", u"/v1/openapi.json"_s, false, true},
        {"GET", u"/v1/metrics"_s, true, false},
        {"GET", u"/v1/tokens"_s, true, false},
        {"POST", u"/v1/tokens"_s, true, false},
        {"DELETE", u"/v1/tokens/12"_s, true, false},
        {"GET", u"/v1/verify"_s, false, false}, // 405: answered where misses are
        {"GET", u"/v1/nothing-here"_s, false, false},
    };
    for (const Lane& lane : lanes) {
        HttpRequest request;
        request.method = lane.method;
        request.path = lane.path;
        if (lane.withCredential)
            request.headers.emplaceBack("Authorization", "Bearer " + m_admin.secret.view().toByteArray());
        EXPECT_EQ(m_service->answersAtOnce(request), lane.atOnce)
            << lane.method.constData() << " " << qPrintable(lane.path)
            << (lane.withCredential ? " with a credential" : "");
    }
}

TEST_F(ApiServiceTest, BadInputIs400InvalidInputNamingTheField)
{
    const QJsonObject token = create(u"target"_s);
    const QString path = u"/v1/tokens/%1"_s.arg(token.value(u"id"_s).toInteger());
    const QByteArray v1 = "\"1\"";
    struct BodyCase
    {
        QByteArray method;
        QString target;
        QByteArray body;
        QString mentions;
        HttpHeaders headers = {};
    };
    const QList<BodyCase> cases{
        {"POST", u"/v1/tokens"_s, "{not json", u"JSON"_s},
        {"POST", u"/v1/tokens"_s, "[1]", u"object"_s},
        {"POST", u"/v1/tokens"_s, "", u"JSON"_s},
        {"POST", u"/v1/tokens"_s, R"({"label":5})", u"'label'"_s},
        {"POST", u"/v1/tokens"_s, R"({"role":"admin"})", u"'label'"_s},
        {"POST", u"/v1/tokens"_s, R"({"label":"x","colour":"red"})", u"'colour'"_s},
        {"POST", u"/v1/tokens"_s, R"({"label":"x","role":"root"})", u"'role'"_s},
        {"POST", u"/v1/tokens"_s, R"({"label":"x","role":1})", u"'role'"_s},
        {"POST", u"/v1/tokens"_s, R"({"label":"x","expires_at":"2030-01-01T00:00:00"})", u"'expires_at'"_s},
        {"POST", u"/v1/tokens"_s, "{\"label\":\"" + QByteArray(qsizetype{70} * 1024, 'a') + "\"}", u"KiB"_s},
        {"PATCH", path, R"({})", u"'enabled'"_s, {{"If-Match", v1}}},
        {"PATCH", path, R"({"enabled":"no"})", u"'enabled'"_s, {{"If-Match", v1}}},
        {"PATCH", path, R"({"label":null})", u"'label'"_s, {{"If-Match", v1}}},
        {"PATCH", path, R"({"version":2})", u"'version'"_s, {{"If-Match", v1}}},
        {"PATCH", path, R"({"label":"y"})", u"'If-Match'"_s, {{"If-Match", "abc"}}},
        {"POST", path + u"/rotate"_s, R"({"grace_seconds":-1})", u"'grace_seconds'"_s, {{"If-Match", v1}}},
        {"POST",
         path + u"/rotate"_s,
         R"({"grace_seconds":2592001})",
         u"'grace_seconds'"_s,
         {{"If-Match", v1}}},
        {"DELETE", path, R"({})", u"body"_s},
        {"DELETE", path, {}, u"'If-Match'"_s, {{"If-Match", "W/\"x\""}}},
        {"PUT", u"/v1/settings"_s, R"({"token_limit":0})", u"'token_limit'"_s},
        {"PUT", u"/v1/settings"_s, R"({"token_limit":2.5})", u"'token_limit'"_s},
        {"PUT", u"/v1/settings"_s, R"({})", u"'token_limit'"_s},
        {"PUT", u"/v1/settings"_s, R"({"lifetime_policy":[]})", u"'lifetime_policy'"_s},
        {"PUT", u"/v1/settings"_s, R"({"lifetime_policy":{"root":{}}})", u"'lifetime_policy.root'"_s},
        {"PUT", u"/v1/settings"_s, R"({"lifetime_policy":{"admin":{"max_seconds":"30d"}}})",
         u"'lifetime_policy.admin.max_seconds'"_s},
        {"PUT", u"/v1/settings"_s, R"({"lifetime_policy":{"admin":{"max_seconds":1e300}}})",
         u"'lifetime_policy.admin.max_seconds'"_s},
        {"PUT", u"/v1/settings"_s, R"({"token_limit":5,"lifetime_policy":{"admin":{"max_seconds":86400}}})",
         u"default lifetime (90 days) is longer than the maximum (1 day)"_s},
        {"PUT", u"/v1/settings"_s, R"({"expiry_warning_days":"30,7"})", u"'expiry_warning_days'"_s},
        {"PUT", u"/v1/settings"_s, R"({"expiry_warning_days":[0]})", u"'expiry_warning_days'"_s},
        {"PUT", u"/v1/settings"_s, R"({"expiry_warning_days":[7.5]})", u"'expiry_warning_days'"_s},
        {"PUT", u"/v1/settings"_s, R"({"expiry_warning_days":[true]})", u"'expiry_warning_days'"_s},
        {"PUT", u"/v1/settings"_s, R"({"expiry_warning_days":[1e300]})", u"'expiry_warning_days'"_s},
        {"PUT", u"/v1/settings"_s, R"({"expiry_warning_days":[1,2,3,4,5,6]})", u"'expiry_warning_days'"_s},
        {"PUT", u"/v1/settings"_s, R"({"inactive_retention_days":"30"})", u"'inactive_retention_days'"_s},
        {"PUT", u"/v1/settings"_s, R"({"inactive_retention_days":0})", u"'inactive_retention_days'"_s},
        {"PUT", u"/v1/settings"_s, R"({"inactive_retention_days":3651})", u"'inactive_retention_days'"_s},
        {"PUT", u"/v1/settings"_s, R"({"inactive_retention_days":1.5})", u"'inactive_retention_days'"_s},
        {"PUT", u"/v1/settings"_s, R"({"token_limit":9,"inactive_retention_days":true})",
         u"'inactive_retention_days'"_s},
        {"PATCH", path, R"({"expires_at":"soon"})", u"'expires_at'"_s, {{"If-Match", v1}}},
        {"POST", u"/v1/users"_s, R"({"name":"eve","admin":"yes"})", u"'admin'"_s},
        {"POST", u"/v1/users"_s, R"({"admin":true})", u"'name'"_s},
        {"POST", u"/v1/users"_s, R"({"name":"eve","email":["eve@example.org"]})", u"'email'"_s},
        {"POST", u"/v1/users"_s, R"({"name":"eve","email":"eve@example.org\r\nBcc: all@example.org"})",
         u"mail address"_s},
        {"PATCH", u"/v1/users/alice"_s, R"({})", u"'email'"_s},
        {"PATCH", u"/v1/users/alice"_s, R"({"email":7})", u"'email'"_s},
        {"PATCH", u"/v1/users/alice"_s, R"({"email":"a@b.org","admin":false})", u"'admin'"_s},
        {"PATCH", u"/v1/users/alice"_s, R"({"email":"<a@b.org>"})", u"mail address"_s},
        {"GET", u"/v1/tokens?limit=abc"_s, {}, u"'limit'"_s},
        {"GET", u"/v1/tokens?colour=red"_s, {}, u"'colour'"_s},
        {"GET", u"/v1/tokens?cursor=%21%21"_s, {}, u"'cursor'"_s},
        {"GET", u"/v1/audit?token_id=x"_s, {}, u"'token_id'"_s},
    };
    for (const BodyCase& c : cases) {
        SCOPED_TRACE(c.method.toStdString() + " " + c.target.toStdString() + " " +
                     c.body.left(80).toStdString());
        const ApiReply reply = call(c.method, c.target, Credential::Admin, c.body, c.headers);
        EXPECT_EQ(reply.status, 400) << describe(reply);
        EXPECT_EQ(reply.errorCode(), u"INVALID_INPUT"_s) << describe(reply);
        EXPECT_TRUE(reply.errorMessage().contains(c.mentions)) << describe(reply);
    }
    EXPECT_EQ(tokenCount(), 3) << "nothing was created";
    EXPECT_EQ(call("GET", path).json().value(u"version"_s).toInteger(), 1) << "nothing was changed";
    const QJsonObject settings = call("GET", u"/v1/settings"_s).json();
    EXPECT_NE(settings.value(u"token_limit"_s).toInt(), 9) << "a bad field stops the whole PUT";
    EXPECT_TRUE(settings.value(u"inactive_retention_days"_s).isNull());
}

TEST_F(ApiServiceTest, TheInactiveRetentionIsSetAndClearedThroughSettings)
{
    const ApiReply set =
        call("PUT", u"/v1/settings"_s, Credential::Admin, R"({"inactive_retention_days":30})");
    ASSERT_EQ(set.status, 200) << describe(set);
    EXPECT_EQ(set.json().value(u"inactive_retention_days"_s).toInt(), 30);
    EXPECT_EQ(call("GET", u"/v1/settings"_s).json().value(u"inactive_retention_days"_s).toInt(), 30);
    const ApiReply cleared =
        call("PUT", u"/v1/settings"_s, Credential::Admin, R"({"inactive_retention_days":null})");
    ASSERT_EQ(cleared.status, 200) << describe(cleared);
    EXPECT_TRUE(cleared.json().value(u"inactive_retention_days"_s).isNull());
    EXPECT_TRUE(cleared.json().contains(u"inactive_retention_days"_s)) << "null, not left out";
}

TEST_F(ApiServiceTest, TheExpiryWarningDaysAreReadAndSetThroughSettings)
{
    EXPECT_EQ(call("GET", u"/v1/settings"_s).json().value(u"expiry_warning_days"_s).toArray(),
              (QJsonArray{30, 7, 1}));
    const ApiReply set =
        call("PUT", u"/v1/settings"_s, Credential::Admin, R"({"expiry_warning_days":[2,21,2]})");
    ASSERT_EQ(set.status, 200) << describe(set);
    EXPECT_EQ(set.json().value(u"expiry_warning_days"_s).toArray(), (QJsonArray{21, 2}))
        << "longest first, once";
    const ApiReply off = call("PUT", u"/v1/settings"_s, Credential::Admin, R"({"expiry_warning_days":[]})");
    ASSERT_EQ(off.status, 200) << describe(off);
    EXPECT_TRUE(off.json().value(u"expiry_warning_days"_s).toArray().isEmpty());
    EXPECT_EQ(call("PUT", u"/v1/settings"_s, Credential::Developer, R"({"expiry_warning_days":[3]})").status,
              403);
}

TEST_F(ApiServiceTest, TheLifetimePolicyIsChangedFieldByFieldAndGovernsCreateAndPatch)
{
    const ApiReply before = call("GET", u"/v1/settings"_s);
    ASSERT_EQ(before.status, 200) << describe(before);
    EXPECT_EQ(before.json().value(u"lifetime_policy"_s).toObject().value(u"admin"_s).toObject(),
              (QJsonObject{{u"default_seconds"_s, 90 * 86400}, {u"max_seconds"_s, QJsonValue::Null}}));

    // One field sent: only it changes, and the token limit stays.
    const ApiReply changed = call("PUT", u"/v1/settings"_s, Credential::Admin,
                                  R"({"lifetime_policy":{"developer":{"max_seconds":31536000}}})");
    ASSERT_EQ(changed.status, 200) << describe(changed);
    EXPECT_EQ(changed.json().value(u"token_limit"_s).toInt(), 10);
    const QJsonObject developer =
        changed.json().value(u"lifetime_policy"_s).toObject().value(u"developer"_s).toObject();
    EXPECT_EQ(developer.value(u"max_seconds"_s).toInteger(), 365 * 86400);
    EXPECT_EQ(developer.value(u"default_seconds"_s).toInteger(), 90 * 86400);
    EXPECT_EQ(call("PUT", u"/v1/settings"_s, Credential::Developer, R"({"token_limit":3})").status, 403);

    // No expires_at: the role's default; null: never, refused under the maximum.
    const ApiReply defaulted =
        call("POST", u"/v1/tokens"_s, Credential::Admin, R"({"label":"defaulted","role":"developer"})");
    ASSERT_EQ(defaulted.status, 201) << describe(defaulted);
    const QDateTime expires =
        QDateTime::fromString(defaulted.json().value(u"expires_at"_s).toString(), Qt::ISODate);
    EXPECT_LE(std::abs(expires.secsTo(QDateTime::currentDateTimeUtc().addDays(90))), 60)
        << describe(defaulted);
    const ApiReply never =
        call("POST", u"/v1/tokens"_s, Credential::Admin, R"({"label":"never","expires_at":null})");
    EXPECT_EQ(never.status, 400) << describe(never);
    EXPECT_TRUE(never.errorMessage().contains(u"at most 365 days"_s)) << describe(never);
    const ApiReply adminNever = call("POST", u"/v1/tokens"_s, Credential::Admin,
                                     R"({"label":"ops","role":"admin","expires_at":null})");
    EXPECT_EQ(adminNever.status, 201) << "admins have no maximum: " << describe(adminNever);

    const QString path = u"/v1/tokens/%1"_s.arg(defaulted.json().value(u"id"_s).toInteger());
    const QByteArray tooFar =
        R"({"expires_at":")" +
        ApiJson::time(QDateTime::currentDateTimeUtc().addDays(400)).toString().toLatin1() + R"("})";
    EXPECT_EQ(call("PATCH", path, Credential::Admin, tooFar, {{"If-Match", "\"1\""}}).status, 400);
    const QByteArray within =
        R"({"expires_at":")" +
        ApiJson::time(QDateTime::currentDateTimeUtc().addDays(200)).toString().toLatin1() + R"("})";
    const ApiReply moved = call("PATCH", path, Credential::Admin, within, {{"If-Match", "\"1\""}});
    ASSERT_EQ(moved.status, 200) << describe(moved);
    EXPECT_EQ(moved.json().value(u"version"_s).toInteger(), 2);
    EXPECT_EQ(moved.header("ETag"), "\"2\"");

    const ApiReply breaking = call("GET", u"/v1/tokens?breaks_policy=true"_s);
    ASSERT_EQ(breaking.status, 200) << describe(breaking);
    // The fixture's developer token never expires: made before the maximum, it breaks it.
    const QJsonArray listed = breaking.json().value(u"tokens"_s).toArray();
    ASSERT_EQ(listed.size(), 1) << describe(breaking);
    EXPECT_EQ(listed.at(0).toObject().value(u"id"_s).toInteger(), m_developer.token.id);
    EXPECT_EQ(call("GET", u"/v1/tokens?breaks_policy=yes"_s).status, 400);
}

TEST_F(ApiServiceTest, WritesNeedTheCurrentVersion)
{
    const QJsonObject token = create(u"versioned"_s);
    const QString path = u"/v1/tokens/%1"_s.arg(token.value(u"id"_s).toInteger());

    const ApiReply read = call("GET", path);
    EXPECT_EQ(read.header("ETag"), "\"1\"");
    EXPECT_FALSE(read.json().contains(u"token"_s)) << "the secret is sent once, at creation";

    const auto cases = QList<std::tuple<QByteArray, QString, QByteArray, HttpHeaders, int, QString>>{
        {"PATCH", path, R"({"label":"x"})", {}, 428, u"INVALID_INPUT"_s},
        {"POST", path + u"/rotate"_s, {}, {}, 428, u"INVALID_INPUT"_s},
        {"PATCH", path, R"({"label":"renamed"})", {{"If-Match", "\"1\""}}, 200, {}},
        {"PATCH", path, R"({"enabled":false})", {{"If-Match", "\"1\""}}, 412, u"CONFLICT"_s},
        {"PATCH", path, R"({"enabled":false})", {{"If-Match", "W/\"2\""}}, 200, {}},
        {"POST", path + u"/rotate"_s, {}, {{"If-Match", "2"}}, 412, u"CONFLICT"_s},
        {"DELETE", path, {}, {{"If-Match", "\"99\""}}, 412, u"CONFLICT"_s},
    };
    for (const auto& [method, target, body, headers, status, code] : cases) {
        SCOPED_TRACE(method.toStdString() + " " + body.toStdString());
        const ApiReply reply = call(method, target, Credential::Admin, body, headers);
        EXPECT_EQ(reply.status, status) << describe(reply);
        EXPECT_EQ(reply.errorCode(), code) << describe(reply);
    }
    const ApiReply now = call("GET", path);
    EXPECT_EQ(now.json().value(u"label"_s).toString(), u"renamed"_s);
    EXPECT_EQ(now.json().value(u"status"_s).toString(), u"disabled"_s);
    EXPECT_EQ(now.header("ETag"), "\"3\"");

    const ApiReply rotated =
        call("POST", path + u"/rotate"_s, Credential::Admin, {}, {{"If-Match", "\"3\""}});
    ASSERT_EQ(rotated.status, 201) << describe(rotated);
    EXPECT_EQ(rotated.header("Cache-Control"), "no-store");
    const qint64 newId = rotated.json().value(u"id"_s).toInteger();
    EXPECT_EQ(rotated.header("Location"), "/v1/tokens/" + QByteArray::number(newId));
    EXPECT_EQ(call("GET", path).status, 404) << "rotation replaces the token";
    EXPECT_EQ(call("DELETE", u"/v1/tokens/%1"_s.arg(newId)).status, 204)
        << "no If-Match: revoke what is there";
}

TEST_F(ApiServiceTest, AnIdempotencyKeyReplaysTheFirstAnswer)
{
    const QByteArray body = R"({"label":"retried"})";
    const HttpHeaders key{{"Idempotency-Key", "create-1"}};
    const ApiReply first = call("POST", u"/v1/tokens"_s, Credential::Admin, body, key);
    const ApiReply retry = call("POST", u"/v1/tokens"_s, Credential::Admin, body, key);
    ASSERT_EQ(first.status, 201) << describe(first);
    EXPECT_EQ(retry.status, 201);
    EXPECT_EQ(retry.body, first.body) << "same token, same secret";
    EXPECT_EQ(tokenCount(), 3);

    const ApiReply misuse = call("POST", u"/v1/tokens"_s, Credential::Admin, R"({"label":"other"})", key);
    EXPECT_EQ(misuse.status, 400);
    EXPECT_EQ(misuse.errorCode(), u"INVALID_INPUT"_s);
    EXPECT_EQ(tokenCount(), 3);

    for (const QByteArray& bad : {QByteArray("has space"), QByteArray(256, 'k'), QByteArray("tab\there")}) {
        const ApiReply refused =
            call("POST", u"/v1/tokens"_s, Credential::Admin, body, {{"Idempotency-Key", bad}});
        EXPECT_EQ(refused.status, 400) << describe(refused);
        EXPECT_TRUE(refused.errorMessage().contains(u"Idempotency-Key"_s)) << describe(refused);
    }
    EXPECT_EQ(
        call("POST", u"/v1/tokens"_s, Credential::Admin, body, {{"Idempotency-Key", QByteArray(255, 'k')}})
            .status,
        201);
    EXPECT_EQ(tokenCount(), 4);
}

TEST_F(ApiServiceTest, ListingWalksEveryTokenOnceByCursor)
{
    for (const QString& label : {u"alpha"_s, u"beta"_s, u"gamma"_s, u"delta"_s})
        create(label);
    QStringList walked;
    QString cursor;
    int pages = 0;
    for (; pages < 10; ++pages) {
        const ApiReply page = call("GET", u"/v1/tokens?sort=label&limit=2"_s +
                                              (cursor.isEmpty() ? QString() : u"&cursor="_s + cursor));
        ASSERT_EQ(page.status, 200) << describe(page);
        EXPECT_EQ(page.json().value(u"total"_s).toInteger(), 6);
        const QJsonArray tokens = page.json().value(u"tokens"_s).toArray();
        EXPECT_LE(tokens.size(), 2);
        for (const auto& t : tokens)
            walked << t[u"label"_s].toString();
        if (page.json().value(u"next_cursor"_s).isNull())
            break;
        cursor = page.json().value(u"next_cursor"_s).toString();
    }
    EXPECT_EQ(walked, (QStringList{u"alpha"_s, u"beta"_s, u"billing api"_s, u"delta"_s, u"gamma"_s,
                                   u"ops console"_s}));
    EXPECT_EQ(pages, 3) << "a full last page still offers a cursor; the empty page after it does not";

    const ApiReply first = call("GET", u"/v1/tokens?sort=label&limit=2"_s);
    const QString labelCursor = first.json().value(u"next_cursor"_s).toString();
    ASSERT_FALSE(labelCursor.isEmpty());
    const ApiReply otherOrder = call("GET", u"/v1/tokens?sort=created&cursor="_s + labelCursor);
    EXPECT_EQ(otherOrder.status, 400);
    EXPECT_TRUE(otherOrder.errorMessage().contains(u"another sort order"_s)) << describe(otherOrder);

    const ApiReply byStatus = call("GET", u"/v1/tokens?sort=status&limit=2"_s);
    ASSERT_EQ(byStatus.status, 200) << describe(byStatus);
    EXPECT_TRUE(byStatus.json().value(u"next_cursor"_s).isNull()) << "status order is not resumed by cursor";

    const ApiReply countOnly = call("GET", u"/v1/tokens?limit=0"_s);
    EXPECT_EQ(countOnly.json().value(u"total"_s).toInteger(), 6);
    EXPECT_TRUE(countOnly.json().value(u"tokens"_s).toArray().isEmpty());
    EXPECT_TRUE(countOnly.json().value(u"next_cursor"_s).isNull());
}

TEST_F(ApiServiceTest, ManagementActsAsTheTokensCreator)
{
    const ApiReply session = call("GET", u"/v1/session"_s);
    ASSERT_EQ(session.status, 200) << describe(session);
    EXPECT_EQ(session.json()[u"user"_s].toObject()[u"name"_s].toString(), u"alice"_s);
    EXPECT_EQ(session.json()[u"via_token"_s].toInteger(), m_admin.token.id);

    create(u"audited"_s);
    const ApiReply audit = call("GET", u"/v1/audit?limit=50"_s);
    ASSERT_EQ(audit.status, 200) << describe(audit);
    bool viaToken = false;
    for (const auto& e : audit.json()[u"entries"_s].toArray())
        viaToken = viaToken || e[u"actor"_s].toString() == u"alice (token #%1)"_s.arg(m_admin.token.id);
    EXPECT_TRUE(viaToken) << describe(audit);
}

} // namespace
} // namespace tokendesk::test

namespace tokendesk::test {
namespace {

// The target of a Link header's rel="next", as the client would follow it.
QString nextLink(const ApiReply& reply)
{
    const QByteArray link = reply.header("Link");
    if (!link.startsWith('<') || !link.contains(">; rel=\"next\""))
        return {};
    return QString::fromLatin1(link.mid(1, link.indexOf('>') - 1));
}

TEST_F(ApiServiceTest, ExportPagesFollowTheLinkAndConcatenateIntoOneCsv)
{
    for (const QString& label : {u"alpha"_s, u"=beta"_s, u"gamma"_s, u"delta"_s})
        create(label);
    for (const QString& order : {u"label"_s, u"status"_s}) {
        SCOPED_TRACE(order.toStdString());
        QByteArray csv;
        QString target = u"/v1/tokens/export?format=csv&limit=2&sort="_s + order;
        int pages = 0;
        for (; !target.isEmpty() && pages < 10; ++pages) {
            const ApiReply page = call("GET", target);
            ASSERT_EQ(page.status, 200) << describe(page);
            EXPECT_EQ(page.header("Content-Type"), "text/csv; charset=utf-8");
            EXPECT_EQ(page.header("X-Total-Count"), "6");
            EXPECT_EQ(page.header("Cache-Control"), "no-store");
            csv += page.body;
            target = nextLink(page);
        }
        EXPECT_EQ(pages, 4) << "three full pages, then the empty one that ends the walk";
        const QList<QByteArray> lines = csv.split('\n');
        ASSERT_EQ(lines.size(), 8) << csv.constData();
        EXPECT_TRUE(lines[0].startsWith("id,label,")) << "one header row, on the first page only";
        EXPECT_EQ(csv.count("id,label,"), 1);
        EXPECT_TRUE(csv.contains(",'=beta,")) << "a formula-looking label is defused";
        EXPECT_FALSE(csv.contains(m_admin.secret.view().toByteArray()));
    }
}

TEST_F(ApiServiceTest, ExportAsJsonIsTheListingsTokenObjectsAndRefusesWhatItDoesNotKnow)
{
    create(u"ci deploy"_s);
    const ApiReply json = call("GET", u"/v1/tokens/export?format=json&filter=deploy"_s);
    ASSERT_EQ(json.status, 200) << describe(json);
    EXPECT_EQ(json.header("Content-Type"), "application/json");
    EXPECT_TRUE(json.header("Link").isEmpty()) << "one page holds it all";
    const QJsonArray rows = QJsonDocument::fromJson(json.body).array();
    ASSERT_EQ(rows.size(), 1);
    EXPECT_EQ(rows[0][u"label"_s].toString(), u"ci deploy"_s);

    using enum Credential;
    expectCases({{"GET", u"/v1/tokens/export?format=xml"_s, Admin, 400, u"INVALID_INPUT"_s, u"format"_s},
                 {"GET", u"/v1/tokens/export?colour=red"_s, Admin, 400, u"INVALID_INPUT"_s, u"colour"_s},
                 {"GET", u"/v1/tokens/export?limit=10001"_s, Admin, 400, u"INVALID_INPUT"_s, u"limit"_s},
                 {"GET", u"/v1/tokens/export"_s, None, 401, u"API_KEY_INVALID"_s},
                 {"GET", u"/v1/tokens/export"_s, Developer, 403, u"PERMISSION_DENIED"_s},
                 {"POST", u"/v1/tokens/export"_s, Admin, 405, u"INVALID_INPUT"_s}},
                [this](const Case& c) { return call(c.method, c.target, c.credential, c.body); });
}

TEST_F(ApiServiceTest, BatchByFilterChangesEveryMatchOnlyWhenTheCountIsConfirmed)
{
    QList<GeneratedToken> ci;
    for (const QString& label : {u"ci-a"_s, u"ci-b"_s, u"ci-c"_s})
        ci.append(awaitOk(m_store->generate({label, Role::Developer, {}})));
    const QString target = u"/v1/tokens/batch?filter=ci-"_s;
    const auto post = [&](const QByteArray& body) {
        return call("POST", target, Credential::Admin, body);
    };

    const ApiReply unconfirmed = post(R"({"action":"disable"})");
    EXPECT_EQ(unconfirmed.status, 400) << describe(unconfirmed);
    EXPECT_TRUE(unconfirmed.errorMessage().contains(u"confirm_count"_s));
    const ApiReply wrongCount = post(R"({"action":"disable","confirm_count":2})");
    EXPECT_EQ(wrongCount.status, 412) << describe(wrongCount);
    EXPECT_EQ(wrongCount.errorCode(), u"CONFLICT"_s);
    EXPECT_TRUE(wrongCount.errorMessage().contains(u"'confirm_count' is 2, but the batch chooses 3"_s))
        << describe(wrongCount);
    for (const GeneratedToken& each : ci)
        EXPECT_TRUE(verify(each.secret).status == 200) << "a refused batch changes nothing";

    const ApiReply done = post(R"({"action":"disable","confirm_count":3})");
    ASSERT_EQ(done.status, 200) << describe(done);
    EXPECT_EQ(done.json().value(u"matched"_s).toInteger(), 3);
    EXPECT_EQ(done.json().value(u"changed"_s).toInteger(), 3);
    EXPECT_TRUE(done.json().value(u"failed"_s).toArray().isEmpty());
    for (const GeneratedToken& each : ci)
        EXPECT_EQ(verify(each.secret).json().value(u"error"_s).toObject().value(u"code"_s),
                  u"API_KEY_DISABLED"_s);
    EXPECT_EQ(verify(m_admin.secret).status, 200) << "the admin's token did not match the filter";

    const ApiReply ids = call("GET", u"/v1/tokens/ids?filter=ci-&status=disabled"_s);
    ASSERT_EQ(ids.status, 200) << describe(ids);
    EXPECT_EQ(ids.json().value(u"ids"_s).toArray(),
              (QJsonArray{ci[0].token.id, ci[1].token.id, ci[2].token.id}));
    EXPECT_EQ(call("GET", u"/v1/tokens/ids"_s, Credential::Developer).status, 403);
    EXPECT_EQ(call("POST", target, Credential::Developer, R"({"action":"enable","confirm_count":3})").status,
              403);
}

TEST_F(ApiServiceTest, BatchItemsListWhatFailedAndWhy)
{
    const GeneratedToken stale = awaitOk(m_store->generate({u"stale"_s, Role::Developer, {}}));
    awaitOk(m_store->rename(stale.token.id, stale.token.version, u"renamed"_s));
    const QByteArray body =
        QJsonDocument(
            QJsonObject{{u"action"_s, u"revoke"_s},
                        {u"items"_s, QJsonArray{QJsonObject{{u"id"_s, stale.token.id}, {u"version"_s, 1}},
                                                QJsonObject{{u"id"_s, m_developer.token.id}},
                                                QJsonObject{{u"id"_s, 424242}}}}})
            .toJson();
    const ApiReply reply = call("POST", u"/v1/tokens/batch"_s, Credential::Admin, body);
    ASSERT_EQ(reply.status, 200) << describe(reply);
    EXPECT_EQ(reply.json().value(u"changed"_s).toInteger(), 1);
    const QJsonArray failed = reply.json().value(u"failed"_s).toArray();
    ASSERT_EQ(failed.size(), 2);
    EXPECT_EQ(failed[0].toObject().value(u"label"_s), u"renamed"_s);
    EXPECT_EQ(failed[0].toObject().value(u"error"_s).toObject().value(u"code"_s), u"CONFLICT"_s);
    EXPECT_EQ(failed[1].toObject().value(u"error"_s).toObject().value(u"code"_s), u"NOT_FOUND"_s);
    EXPECT_EQ(verify(m_developer.secret).status, 401) << "revoked";
    EXPECT_EQ(verify(stale.secret).status, 200) << "the conflicting token stays";
}

TEST_F(ApiServiceTest, HostileBatchBodiesAre400AndChangeNothing)
{
    const QByteArray tooMany = [] {
        QJsonArray items;
        for (int i = 1; i <= 1001; ++i)
            items.append(QJsonObject{{u"id"_s, i}});
        return QJsonDocument(QJsonObject{{u"action"_s, u"revoke"_s}, {u"items"_s, items}}).toJson();
    }();
    struct BatchCase
    {
        QString target;
        QByteArray body;
        QString mentions;
        int status = 400;
    };
    const QString batch = u"/v1/tokens/batch"_s;
    const QList<BatchCase> cases{
        {batch, "{not json", u"JSON"_s},
        {batch, "", u"JSON"_s},
        {batch, R"({"confirm_count":1})", u"'action'"_s},
        {batch, R"({"action":"delete","confirm_count":1})", u"'action'"_s},
        {batch, R"({"action":7,"confirm_count":1})", u"'action'"_s},
        {batch, R"({"action":"revoke","colour":"red"})", u"'colour'"_s},
        {batch, R"({"action":"extend","confirm_count":2})", u"'expires_at'"_s},
        {batch, R"({"action":"disable","expires_at":null,"confirm_count":2})", u"'expires_at'"_s},
        {batch, R"({"action":"extend","expires_at":"soon","confirm_count":2})", u"'expires_at'"_s},
        {batch, R"({"action":"extend","expires_at":"2001-01-01T00:00:00Z","confirm_count":2})", u"future"_s},
        {batch, R"({"action":"tag","confirm_count":2})", u"'tag'"_s},
        {batch, R"({"action":"tag","tag":5,"confirm_count":2})", u"'tag'"_s},
        {batch, R"({"action":"tag","tag":"a b","confirm_count":2})", u"tag"_s},
        {batch, R"({"action":"revoke","tag":"ci","confirm_count":2})", u"'tag'"_s},
        {batch, R"({"action":"revoke","confirm_count":-1})", u"'confirm_count'"_s},
        {batch, R"({"action":"revoke","confirm_count":"2"})", u"'confirm_count'"_s},
        {batch, R"({"action":"revoke","confirm_count":1e300})", u"'confirm_count'"_s},
        {batch, R"({"action":"revoke","items":{}})", u"'items'"_s},
        {batch, R"({"action":"revoke","items":[1]})", u"'items'"_s},
        {batch, R"({"action":"revoke","items":[{"id":0}]})", u"'items'"_s},
        {batch, R"({"action":"revoke","items":[{"id":"1"}]})", u"'items'"_s},
        {batch, R"({"action":"revoke","items":[{"id":1.5}]})", u"'items'"_s},
        {batch, R"({"action":"revoke","items":[{"id":1,"version":0}]})", u"'items'"_s},
        {batch, R"({"action":"revoke","items":[{"id":1,"owner":"x"}]})", u"'items'"_s},
        {batch, R"({"action":"revoke","items":[{"id":9007199254740993}]})", u"'items'"_s},
        {batch, tooMany, u"'items'"_s},
        {batch + u"?filter=x"_s, R"({"action":"revoke","items":[{"id":1}]})", u"not both"_s},
        {batch, R"({"action":"revoke","items":[{"id":1}],"confirm_count":2})", u"chooses 1"_s, 412},
        {batch + u"?unused_days=0"_s, R"({"action":"revoke","confirm_count":2})", u"unused_days"_s},
        {batch + u"?status=gone"_s, R"({"action":"revoke","confirm_count":2})", u"status"_s},
        {u"/v1/tokens/ids?role=root"_s, {}, u"role"_s},
    };
    for (const BatchCase& each : cases) {
        const ApiReply reply =
            call(each.target.startsWith(batch) ? "POST" : "GET", each.target, Credential::Admin, each.body);
        EXPECT_EQ(reply.status, each.status) << each.body.left(120).toStdString() << " → " << describe(reply);
        EXPECT_TRUE(reply.errorMessage().contains(each.mentions))
            << each.body.left(120).toStdString() << " → " << describe(reply);
    }
    EXPECT_EQ(tokenCount(), 2) << "no batch changed anything";
    EXPECT_EQ(verify(m_developer.secret).status, 200);
}

} // namespace
} // namespace tokendesk::test
