// SPDX-License-Identifier: GPL-3.0-or-later
// The REST API's boundary fed hostile values (issue 14), in process through ApiService::handle()
// (no sockets): every field of every JSON body, whole bodies, headers, query parameters and path
// segments get each value of support/HostileInputs plus JSON- and HTTP-specific ones. Each case
// ends in a clear error or a correct result:
//   - the status is 2xx or a 4xx carrying {"error":{"code","message"}} with a stable code and a
//     message that is printable UTF-8 without direction controls; never a 5xx;
//   - the body is printable UTF-8 and never holds the admin's (or any presented) credential;
//   - a refusal leaves every row of the store as it was, and so does a read;
//   - an accepted write shows in the store exactly what was asked (a label stored trimmed).
#include "models/api/ApiJson.h"
#include "models/api/ApiQuery.h"
#include "models/backend/sql/SqlBackend.h"
#include "models/server/ApiService.h"
#include "tests/badinput/StoreRows.h"
#include "tests/support/ApiReply.h"
#include "tests/support/HostileInputs.h"
#include "tests/support/TestSupport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QStringDecoder>
#include <QUrl>
#include <QUrlQuery>

#include <gtest/gtest.h>

#include <functional>
#include <iostream>

using namespace Qt::StringLiterals;

namespace tokendesk::test {
namespace {

// The baseline store: alice (admin, limit 50) with her Admin token #1 "ops console", a Developer
// token #2 "kept" and a user bob. Every table runs on a copy and restores it after a write.
constexpr qint64 kKeptId = 2;

// One value for a place of a request: raw bytes, plus what the place is meant to receive.
struct RestValue
{
    QString name;
    QByteArray bytes;
    qsizetype hostile = -1; // its index in allHostileInputs(); -1 for the table's own values
};

// Not HostileInput::isUtf8(): it discards QStringDecoder::decode()'s lazy result, so the decoder
// never runs and every value reads as UTF-8 (nothing else uses it; left for its owner to fix).
bool restIsUtf8(const QByteArray& bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString decoded = decoder.decode(bytes);
    return !decoder.hasError();
}

// Text a message may show a person: printable UTF-8, no direction controls, no line separators.
bool restIsDisplaySafe(const QString& text)
{
    if (!isPrintableText(text.toUtf8()))
        return false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t c = text.at(i).unicode();
        const bool paired =
            text.at(i).isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate();
        if (paired) {
            ++i;
            continue;
        }
        if (text.at(i).isSurrogate() || c == 0x2028 || c == 0x2029 || c == 0x061C || c == 0x200E ||
            c == 0x200F || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069))
            return false;
    }
    return true;
}

// What a text field the API accepted must be: at most `maxPoints` code points, one line, nothing
// that controls the display.
bool restIsAcceptableText(const QString& text, qsizetype maxPoints)
{
    const QList<uint> points = text.toUcs4();
    const bool damagedOrNoCharacter = std::any_of(points.begin(), points.end(), [](uint c) {
        return c == 0xFFFD || (c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE;
    });
    return points.size() <= maxPoints && restIsDisplaySafe(text) && !text.contains(u'\n') &&
           !text.contains(u'\t') && !damagedOrNoCharacter;
}

// A label: 1 to 64 code points.
bool restIsAcceptableLabel(const QString& label)
{
    return !label.isEmpty() && restIsAcceptableText(label, 64);
}

// A tag as stored: NAME (a-z 0-9 . _ / -, from a letter or digit, up to 32) or NAME=VALUE (letters
// and digits of any script and . _ / - : @ +, up to 64 code points).
bool restIsAcceptableTag(const QString& tag)
{
    static const QRegularExpression shape(
        QStringLiteral("^[a-z0-9][a-z0-9._/-]{0,31}(=[\\p{L}\\p{N}._/:@+-]{1,64})?$"),
        QRegularExpression::UseUnicodePropertiesOption);
    return shape.match(tag).hasMatch();
}

bool restPlainDigits(const QByteArray& bytes)
{
    return !bytes.isEmpty() &&
           std::all_of(bytes.begin(), bytes.end(), [](char c) { return c >= '0' && c <= '9'; });
}

QList<QString> restErrorCodes()
{
    QList<QString> codes;
    for (int c = 0; c <= int(ErrorCode::Internal); ++c)
        codes << errorCodeName(ErrorCode(c));
    return codes;
}

// The request as the transport hands it over (models/server/HttpConnection.cpp): the target
// decoded by QUrl, the query split, the headers in order.
HttpRequest restRequest(const QByteArray& method, const QByteArray& target, HttpHeaders headers = {},
                        const QByteArray& body = {})
{
    HttpRequest request;
    request.method = method;
    const bool plain = target.size() >= 2 && target[0] == '/' && target[1] != '/' &&
                       std::all_of(target.begin(), target.end(), [](char c) {
                           return c > 0x20 && c < 0x7f && c != '%' && c != '?' && c != '#' && c != '\\';
                       });
    if (plain) {
        request.path = QString::fromLatin1(target);
    } else {
        const QUrl url = QUrl::fromEncoded(target.startsWith('/') ? "http://localhost" + target : target);
        request.path = url.path();
        request.query = QUrlQuery(url);
    }
    request.headers = std::move(headers);
    request.body = body;
    return request;
}

// A copy of the baseline store behind an ApiService, restored after a case that wrote.
class RestStore
{
public:
    RestStore(QString baseline, QString path) : m_baseline(std::move(baseline)), m_path(std::move(path))
    {
        reopen();
    }

    void reopen()
    {
        m_service.reset();
        m_backend.reset();
        for (const QString& suffix : {u""_s, u"-wal"_s, u"-shm"_s})
            QFile::remove(m_path + suffix);
        EXPECT_TRUE(QFile::copy(m_baseline, m_path));
        m_backend = awaitOk(SqlBackend::open(m_path, u"alice"_s));
        ApiServiceOptions options;
        options.authFailuresPerMinute = 100'000'000; // the header table presents many wrong tokens
        m_service = std::make_unique<ApiService>(m_backend, ApiService::Authenticator(), options);
    }

    ApiReply send(const HttpRequest& request)
    {
        const HttpResponse response = m_service->handle(request);
        return {response.status, response.body, response.headers};
    }

    QByteArray snapshot() const { return storeRows(m_path); }
    SqlBackend& backend() { return *m_backend; }

private:
    QString m_baseline;
    QString m_path;
    std::shared_ptr<SqlBackend> m_backend;
    std::unique_ptr<ApiService> m_service;
};

// One place of a request that takes a value; `accepted` judges a 2xx answer (an empty string when
// the store shows what was asked, else what is wrong).
struct RestSlot
{
    QString name;
    std::function<HttpRequest(const RestValue& value)> request;
    QList<RestValue> values;
    bool writes = false;
    std::function<std::string(const RestValue& value, const HttpRequest& request, const ApiReply& reply,
                              RestStore& store)>
        accepted;
};

class RestFixture : public ::testing::TestWithParam<RestSlot>
{
public:
    static QByteArray adminBearer() { return "Bearer " + s_adminSecret; }
    static HttpHeaders admin(HttpHeaders more = {})
    {
        more.prepend({"Authorization", adminBearer()});
        return more;
    }
    static QByteArray adminSecret() { return s_adminSecret; }
    static QByteArray developerSecret() { return s_developerSecret; }

protected:
    static void SetUpTestSuite()
    {
        s_dir = new TempDir;
        const QString path = s_dir->file(u"baseline.tokendesk"_s);
        {
            auto store = awaitOk(SqlBackend::create(path, StoreCreateOptions{u"alice"_s, 50}));
            s_adminSecret =
                awaitOk(store->generate({u"ops console"_s, Role::Admin, {}})).secret.view().toByteArray();
            s_developerSecret =
                awaitOk(store->generate({u"kept"_s, Role::Developer, {}})).secret.view().toByteArray();
            awaitOk(store->addUser(User{u"bob"_s, false, true}));
        }
        ASSERT_FALSE(QFile::exists(path + u"-wal"_s)) << "the baseline is one file a case can copy";
        s_baseline = storeRows(path);
    }

    static void TearDownTestSuite()
    {
        delete s_dir;
        s_dir = nullptr;
    }

    static TempDir* s_dir;
    static QByteArray s_baseline;
    static QByteArray s_adminSecret;
    static QByteArray s_developerSecret;
};

TempDir* RestFixture::s_dir = nullptr;
QByteArray RestFixture::s_baseline;
QByteArray RestFixture::s_adminSecret;
QByteArray RestFixture::s_developerSecret;

// What is wrong with any answer, whatever the slot: an empty string when nothing is.
std::string restCommonProblem(const ApiReply& reply, bool unchanged, bool writes,
                              const QList<QByteArray>& secrets)
{
    if (reply.status >= 500 || reply.status < 200 || (reply.status >= 300 && reply.status < 400))
        return "status " + std::to_string(reply.status);
    for (const QByteArray& secret : secrets) {
        if (secret.size() >= 8 && reply.body.contains(secret))
            return "the body echoes a credential";
    }
    if (!isPrintableText(reply.body))
        return "the body is not printable UTF-8";
    if (reply.status >= 400) {
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(reply.body, &error);
        const QJsonObject object = document.object().value(u"error"_s).toObject();
        const QString code = object.value(u"code"_s).toString();
        const QString message = object.value(u"message"_s).toString();
        if (error.error != QJsonParseError::NoError || !restErrorCodes().contains(code))
            return "an error without the API's error JSON";
        if (message.trimmed().isEmpty())
            return "an error without a message";
        if (!restIsDisplaySafe(message))
            return "the message holds control or direction characters";
        if (message.size() > 1000)
            return "the message is " + std::to_string(message.size()) + " characters long";
        if (reply.header("Content-Type") != "application/json")
            return "an error that is not application/json";
        if (!unchanged)
            return "refused, yet the store changed";
        return {};
    }
    if (!writes && !unchanged)
        return "a read changed the store";
    return {};
}

TEST_P(RestFixture, EveryValueGetsAClearErrorOrACorrectResult)
{
    const RestSlot& slot = GetParam();
    RestStore store(s_dir->file(u"baseline.tokendesk"_s), s_dir->file(slot.name + u".tokendesk"_s));
    int tried = 0;
    int failures = 0;
    for (const RestValue& value : slot.values) {
        if (!hostileValueInSlot(slot.name, value.hostile))
            continue; // a sanitizer build tries a third (support/HostileInputs.h)
        const HttpRequest request = slot.request(value);
        const ApiReply reply = store.send(request);
        const QByteArray after = store.snapshot();
        const bool unchanged = after == s_baseline;
        ++tried;
        QList<QByteArray> secrets{s_adminSecret, s_developerSecret};
        if (request.header("Authorization") != adminBearer())
            secrets << request.header("Authorization").trimmed().mid(7); // what was presented
        std::string problem = restCommonProblem(reply, unchanged, slot.writes, secrets);
        if (problem.empty() && reply.status < 300 && slot.accepted)
            problem = slot.accepted(value, request, reply, store);
        if (!problem.empty()) {
            ++failures;
            ADD_FAILURE() << slot.name.toStdString() << " / " << value.name.toStdString() << ": "
                          << problem.substr(0, 300) << "\n"
                          << describe(reply);
        }
        if (!unchanged)
            store.reopen();
    }
    std::cout << "[ cases    ] rest " << slot.name.toStdString() << ": " << tried << " tried, " << failures
              << " failed\n";
}

// ---- values ----------------------------------------------------------------------------------

QList<RestValue> restHostile()
{
    QList<RestValue> values;
    const QList<HostileInput> inputs = allHostileInputs();
    for (qsizetype index = 0; index < inputs.size(); ++index)
        values.append({inputs.at(index).name, inputs.at(index).bytes, index});
    return values;
}

// A hostile text as a JSON string: escaped as a JSON encoder would, or, when it is not UTF-8,
// the raw bytes between quotes (what a client with a broken encoder sends).
QByteArray restJsonString(const QByteArray& bytes)
{
    if (!restIsUtf8(bytes))
        return '"' + bytes + '"';
    const QByteArray array =
        QJsonDocument(QJsonArray{QString::fromUtf8(bytes)}).toJson(QJsonDocument::Compact);
    return array.mid(1, array.size() - 2);
}

// The JSON text a field is given: every hostile text as a string, then other JSON types and
// escapes a JSON encoder never writes.
QList<RestValue> restFieldValues()
{
    QList<RestValue> values;
    const QList<HostileInput> inputs = allHostileInputs();
    for (qsizetype index = 0; index < inputs.size(); ++index)
        values.append({u"string_"_s + inputs.at(index).name, restJsonString(inputs.at(index).bytes), index});
    const QList<RestValue> json{
        {u"number"_s, "1"},
        {u"number_zero"_s, "0"},
        {u"number_negative"_s, "-1"},
        {u"number_fraction"_s, "1.5"},
        {u"number_overflow"_s, "1e400"},
        {u"number_negative_overflow"_s, "-1e400"},
        {u"number_int64_overflow"_s, "9223372036854775808"},
        {u"number_large"_s, "2592001"},
        {u"number_exponent"_s, "1e3"},
        {u"number_leading_zero"_s, "01"},
        {u"number_plus"_s, "+1"},
        {u"number_hex"_s, "0x10"},
        {u"number_nan"_s, "NaN"},
        {u"null"_s, "null"},
        {u"true"_s, "true"},
        {u"false"_s, "false"},
        {u"array"_s, "[\"x\"]"},
        {u"empty_array"_s, "[]"},
        {u"object"_s, "{\"a\":1}"},
        {u"empty_object"_s, "{}"},
        {u"deeply_nested"_s, QByteArray(5000, '[') + QByteArray(5000, ']')},
        {u"lone_high_surrogate"_s, "\"\\ud800\""},
        {u"lone_low_surrogate"_s, "\"x\\udc00\""},
        {u"reversed_surrogates"_s, "\"\\udc00\\ud800\""},
        {u"high_surrogate_then_letter"_s, "\"\\ud800A\""},
        {u"escaped_pair"_s, "\"\\ud83d\\udd11 key\""},
        {u"escaped_nul"_s, "\"a\\u0000b\""},
        {u"escaped_escape"_s, "\"\\u001b[31m\""},
        {u"escaped_bidi"_s, "\"a\\u202eb\""},
        {u"escaped_noncharacter"_s, "\"\\uffff\""},
        {u"raw_control"_s, "\"a\x01b\""},
        {u"raw_newline"_s, "\"a\nb\""},
        {u"raw_nul"_s, QByteArray("\"a\0b\"", 5)},
        {u"bad_escape"_s, "\"\\x41\""},
        {u"short_escape"_s, "\"\\u12\""},
        {u"single_quoted"_s, "'x'"},
        {u"unquoted"_s, "x"},
        {u"missing"_s, ""},
        {u"unterminated"_s, "\"abc"},
    };
    return values + json;
}

// ---- bodies ----------------------------------------------------------------------------------

// What the server read from a field's JSON text; undefined when it is not JSON.
QJsonValue restSeen(const QByteArray& json)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson("[" + json + "]", &error);
    if (error.error != QJsonParseError::NoError || !restIsUtf8(json) || document.array().size() != 1)
        return QJsonValue(QJsonValue::Undefined);
    return document.array().first();
}

std::string restNewest(RestStore& store, Token& newest)
{
    const QList<Token> tokens = awaitOk(store.backend().list(TokenQuery()));
    for (const Token& token : tokens) {
        if (token.id > newest.id)
            newest = token;
    }
    return newest.id > kKeptId ? std::string() : "no new token";
}

std::string restExpectLabel(const QJsonValue& seen, const Token& token)
{
    if (!seen.isString())
        return "accepted a label that is no JSON string";
    const QString expected = seen.toString().trimmed();
    if (!restIsAcceptableLabel(expected)) {
        return "accepted the label '" + expected.toStdString() + "'";
    }
    return token.label == expected ? std::string() : "stored label is '" + token.label.toStdString() + "'";
}

// A whole number within [min, max], as JSON; nullopt otherwise.
std::optional<qint64> restInteger(const QJsonValue& seen, qint64 min, qint64 max)
{
    if (!seen.isDouble())
        return std::nullopt;
    const double number = seen.toDouble();
    if (std::trunc(number) != number || number < double(min) || number > double(max))
        return std::nullopt;
    return qint64(number);
}

// One field of a JSON body: `around` is the body with %1 where the field's value goes.
RestSlot restField(QString name, const QByteArray& method, const QByteArray& target, const QByteArray& around,
                   bool ifMatch,
                   const std::function<std::string(const QJsonValue& seen, RestStore& store)>& check)
{
    RestSlot slot;
    slot.name = std::move(name);
    slot.values = restFieldValues();
    slot.writes = true;
    slot.request = [=](const RestValue& value) {
        QByteArray body = around;
        body.replace("%1", value.bytes);
        HttpHeaders headers;
        if (ifMatch)
            headers.emplaceBack("If-Match", "\"1\""); // token #2's version in the baseline
        return restRequest(method, target, RestFixture::admin(headers), body);
    };
    slot.accepted = [check](const RestValue& value, const HttpRequest&, const ApiReply&, RestStore& store) {
        const QJsonValue seen = restSeen(value.bytes);
        if (seen.isUndefined())
            return std::string("accepted a body that is not JSON in UTF-8");
        return check(seen, store);
    };
    return slot;
}

QList<RestSlot> restBodySlots()
{
    const auto newestLabel = [](const QJsonValue& seen, RestStore& store) {
        Token newest;
        const std::string missing = restNewest(store, newest);
        return missing.empty() ? restExpectLabel(seen, newest) : missing;
    };
    const auto newestRole = [](const QJsonValue& seen, RestStore& store) {
        Token newest;
        if (std::string missing = restNewest(store, newest); !missing.empty())
            return missing;
        if (!seen.isString() || (seen.toString() != u"admin"_s && seen.toString() != u"developer"_s))
            return std::string("accepted the role ") + QJsonDocument(QJsonArray{seen}).toJson().toStdString();
        return roleName(newest.role) == seen.toString() ? std::string() : "stored another role";
    };
    const auto newestExpiry = [](const QJsonValue& seen, RestStore& store) {
        Token newest;
        if (std::string missing = restNewest(store, newest); !missing.empty())
            return missing;
        if (!seen.isNull())
            return std::string("accepted the expiry ") +
                   QJsonDocument(QJsonArray{seen}).toJson().toStdString();
        return newest.expiresAt.isValid() ? "null stored an expiry" : std::string();
    };
    const auto keptLabel = [](const QJsonValue& seen, RestStore& store) {
        return restExpectLabel(seen, awaitOk(store.backend().get(kKeptId)));
    };
    const auto keptEnabled = [](const QJsonValue& seen, RestStore& store) {
        if (!seen.isBool())
            return std::string("accepted 'enabled' that is no boolean");
        const bool active = awaitOk(store.backend().get(kKeptId)).status == TokenStatus::Active;
        return active == seen.toBool() ? std::string() : "stored another status";
    };
    const auto grace = [](const QJsonValue& seen, RestStore&) {
        return restInteger(seen, 0, ApiJson::kMaxGraceSeconds) ? std::string() : "accepted that grace period";
    };
    const auto userNamed = [](const QJsonValue& seen, RestStore& store) {
        if (!seen.isString())
            return std::string("accepted a name that is no JSON string");
        const QString name = seen.toString().trimmed();
        const bool plain =
            !name.isEmpty() && name.size() <= 64 && name.at(0).isLetterOrNumber() &&
            std::all_of(name.begin(), name.end(), [](QChar c) {
                return c.isLetterOrNumber() || c == u'.' || c == u'_' || c == u'-' || c == u'@';
            });
        if (!plain)
            return "accepted the user name '" + name.toStdString() + "'";
        for (const User& user : awaitOk(store.backend().users())) {
            if (user.name == name)
                return std::string();
        }
        return std::string("the user is not stored");
    };
    const auto userFlag = [](bool User::*flag) {
        return [flag](const QJsonValue& seen, RestStore& store) {
            if (!seen.isBool())
                return std::string("accepted a flag that is no boolean");
            for (const User& user : awaitOk(store.backend().users())) {
                if (user.name == u"carol"_s)
                    return user.*flag == seen.toBool() ? std::string() : "stored another flag";
            }
            return std::string("the user is not stored");
        };
    };
    const auto tokenLimit = [](const QJsonValue& seen, RestStore& store) {
        const auto limit = restInteger(seen, 1, 1000);
        if (!limit)
            return std::string("accepted that token limit");
        return awaitOk(store.backend().tokenLimit()) == *limit ? std::string() : "stored another limit";
    };
    const auto newestDescription = [](const QJsonValue& seen, RestStore& store) {
        Token newest;
        if (std::string missing = restNewest(store, newest); !missing.empty())
            return missing;
        if (!seen.isString())
            return std::string("accepted a description that is no JSON string");
        const QString expected = seen.toString().trimmed();
        if (!restIsAcceptableText(expected, 500))
            return "accepted the description '" + expected.toStdString() + "'";
        return newest.description == expected ? std::string() : "stored another description";
    };
    const auto keptDescription = [](const QJsonValue& seen, RestStore& store) {
        if (!seen.isString())
            return std::string("accepted a description that is no JSON string");
        const QString expected = seen.toString().trimmed();
        if (!restIsAcceptableText(expected, 500))
            return "accepted the description '" + expected.toStdString() + "'";
        return awaitOk(store.backend().get(kKeptId)).description == expected ? std::string()
                                                                             : "stored another description";
    };
    // The value goes in beside a plain tag, so a missing value is a JSON error, not an empty list.
    const auto newestTag = [](const QJsonValue& seen, RestStore& store) {
        Token newest;
        if (std::string missing = restNewest(store, newest); !missing.empty())
            return missing;
        if (!seen.isString())
            return std::string("accepted a tag that is no JSON string");
        QStringList others = newest.tags;
        if (!others.removeOne(u"ci"_s))
            return std::string("lost the plain tag beside it");
        if (seen.toString().trimmed().compare(u"ci"_s, Qt::CaseInsensitive) == 0)
            return others.isEmpty() ? std::string() : std::string("stored a second tag");
        if (others.size() != 1 || !restIsAcceptableTag(others.first()))
            return "accepted the tag '" + seen.toString().toStdString() + "'";
        return others.first().compare(seen.toString().trimmed(), Qt::CaseInsensitive) == 0
                   ? std::string()
                   : "stored the tag '" + others.first().toStdString() + "'";
    };
    return {
        restField(u"generate_label"_s, "POST", "/v1/tokens", R"({"label":%1})", false, newestLabel),
        restField(u"generate_description"_s, "POST", "/v1/tokens", R"({"label":"x","description":%1})", false,
                  newestDescription),
        restField(u"generate_tag"_s, "POST", "/v1/tokens", R"({"label":"x","tags":[%1,"ci"]})", false,
                  newestTag),
        restField(u"patch_description"_s, "PATCH", "/v1/tokens/2", R"({"description":%1})", true,
                  keptDescription),
        restField(u"generate_role"_s, "POST", "/v1/tokens", R"({"label":"x","role":%1})", false, newestRole),
        restField(u"generate_expires_at"_s, "POST", "/v1/tokens", R"({"label":"x","expires_at":%1})", false,
                  newestExpiry),
        restField(u"generate_unknown_field"_s, "POST", "/v1/tokens", R"({"label":"x","labels":%1})", false,
                  [](const QJsonValue&, RestStore&) { return std::string("an unknown field was ignored"); }),
        restField(u"rename_label"_s, "PATCH", "/v1/tokens/2", R"({"label":%1})", true, keptLabel),
        restField(u"patch_enabled"_s, "PATCH", "/v1/tokens/2", R"({"enabled":%1})", true, keptEnabled),
        restField(u"rotate_grace_seconds"_s, "POST", "/v1/tokens/2/rotate", R"({"grace_seconds":%1})", true,
                  grace),
        restField(u"user_name"_s, "POST", "/v1/users", R"({"name":%1})", false, userNamed),
        restField(u"user_admin"_s, "POST", "/v1/users", R"({"name":"carol","admin":%1})", false,
                  userFlag(&User::admin)),
        restField(u"user_api_access"_s, "POST", "/v1/users", R"({"name":"carol","api_access":%1})", false,
                  userFlag(&User::apiAccess)),
        restField(u"settings_token_limit"_s, "PUT", "/v1/settings", R"({"token_limit":%1})", false,
                  tokenLimit),
        // The same field twice: a strict reader refuses it, since another parser may take the other one.
        restField(
            u"generate_duplicate_label"_s, "POST", "/v1/tokens", R"({"label":"first","label":%1})", false,
            [](const QJsonValue&, RestStore&) { return std::string("a duplicate field was accepted"); }),
        restField(
            u"settings_duplicate_limit"_s, "PUT", "/v1/settings", R"({"token_limit":7,"token_limit":%1})",
            false,
            [](const QJsonValue&, RestStore&) { return std::string("a duplicate field was accepted"); }),
    };
}

// Whole bodies: every hostile text as the body, and bodies that are not quite JSON.
QList<RestValue> restWholeBodies()
{
    QList<RestValue> values = restHostile();
    values += QList<RestValue>{
        {u"not_json"_s, "hello"},
        {u"json_string"_s, "\"x\""},
        {u"json_array"_s, "[]"},
        {u"json_null"_s, "null"},
        {u"json_number"_s, "1"},
        {u"trailing_garbage"_s, "{\"label\":\"x\"}x"},
        {u"two_objects"_s, "{\"label\":\"x\"}{\"label\":\"y\"}"},
        {u"nul_after"_s, QByteArray("{\"label\":\"x\"}\0", 14)},
        {u"nul_in_string"_s, QByteArray("{\"label\":\"x\0y\"}", 15)},
        {u"bom_prefixed"_s, "\xEF\xBB\xBF{\"label\":\"x\"}"},
        {u"utf16_body"_s, QByteArray("{\0\"\0l\0a\0b\0e\0l\0\"\0:\0\"\0x\0\"\0}\0", 26)},
        {u"invalid_utf8_in_key"_s, "{\"\xff\":1}"},
        {u"control_in_key"_s, "{\"\x1b[31m\":1}"},
        {u"escaped_nul_key"_s, "{\"label\\u0000\":\"x\"}"},
        {u"uppercase_key"_s, "{\"LABEL\":\"x\"}"},
        {u"trailing_comma"_s, "{\"label\":\"x\",}"},
        {u"single_quotes"_s, "{'label':'x'}"},
        {u"comment"_s, "{\"label\":\"x\"/* c */}"},
        {u"huge_valid_json"_s, "{\"label\":\"" + QByteArray(70'000, 'a') + "\"}"},
        {u"huge_whitespace"_s, QByteArray(70'000, ' ') + "{}"},
        {u"deeply_nested"_s, QByteArray(100'000, '[')},
        {u"many_fields"_s,
         [] {
             QByteArray body = "{";
             for (int i = 0; i < 5000; ++i)
                 body += "\"f" + QByteArray::number(i) + "\":1,";
             body.chop(1);
             return body + "}";
         }()},
        {u"empty_object"_s, "{}"},
        {u"lone_surrogate_key"_s, "{\"\\ud800\":1}"},
        {u"label_and_lone_surrogate_key"_s, "{\"label\":\"x\",\"\\udc00x\":1}"},
        {u"escaped_duplicate_key"_s, "{\"label\":\"x\",\"\\u006cabel\":\"y\"}"},
    };
    return values;
}

RestSlot restWholeBody(QString name, const QByteArray& method, const QByteArray& target, bool ifMatch,
                       bool emptyIsValid)
{
    RestSlot slot;
    slot.name = std::move(name);
    slot.values = restWholeBodies();
    slot.writes = true;
    slot.request = [=](const RestValue& body) {
        HttpHeaders headers;
        if (ifMatch)
            headers.emplaceBack("If-Match", "\"1\"");
        return restRequest(method, target, RestFixture::admin(headers), body.bytes);
    };
    // Only an empty body (rotate, revoke) or {} (rotate) is a whole request by itself.
    slot.accepted = [emptyIsValid, method](const RestValue& body, const HttpRequest&, const ApiReply&,
                                           RestStore&) {
        const bool empty = body.bytes.trimmed().isEmpty() || (method == "POST" && body.bytes == "{}");
        // RFC 8259 lets a reader ignore a byte order mark: {"label":"x"} after one is a request.
        if (body.name == u"bom_prefixed"_s)
            return std::string();
        return emptyIsValid && empty ? std::string() : "accepted the body";
    };
    return slot;
}

QList<RestSlot> restWholeBodySlots()
{
    return {
        restWholeBody(u"body_generate"_s, "POST", "/v1/tokens", false, false),
        restWholeBody(u"body_patch"_s, "PATCH", "/v1/tokens/2", true, false),
        restWholeBody(u"body_rotate"_s, "POST", "/v1/tokens/2/rotate", true, true),
        restWholeBody(u"body_revoke"_s, "DELETE", "/v1/tokens/2", true, true),
        restWholeBody(u"body_add_user"_s, "POST", "/v1/users", false, false),
        restWholeBody(u"body_settings"_s, "PUT", "/v1/settings", false, false),
    };
}

INSTANTIATE_TEST_SUITE_P(Bodies, RestFixture, ::testing::ValuesIn(restBodySlots() + restWholeBodySlots()),
                         [](const ::testing::TestParamInfo<RestSlot>& info) {
                             return info.param.name.toStdString();
                         });

// ---- headers --------------------------------------------------------------------------------

// A header slot: `place` puts the value into the headers of `method target body`.
RestSlot restHeader(
    QString name, const QByteArray& method, const QByteArray& target, const QByteArray& body, bool writes,
    const std::function<HttpHeaders(const QByteArray& value)>& place,
    std::function<std::string(const RestValue&, const HttpRequest&, const ApiReply&, RestStore&)> accepted,
    const QList<RestValue>& extra = {})
{
    RestSlot slot;
    slot.name = std::move(name);
    slot.values = restHostile() + extra;
    slot.writes = writes;
    slot.request = [=](const RestValue& value) {
        return restRequest(method, target, place(value.bytes), body);
    };
    slot.accepted = std::move(accepted);
    return slot;
}

std::string restRefusedOnly(const RestValue&, const HttpRequest&, const ApiReply&, RestStore&)
{
    return "accepted";
}

std::string restReadOnly(const RestValue&, const HttpRequest&, const ApiReply&, RestStore&)
{
    return {};
}

std::string restNewestLabelIs(RestStore& store, const QString& label)
{
    Token newest;
    if (std::string missing = restNewest(store, newest); !missing.empty())
        return missing;
    return newest.label == label ? std::string() : "stored label is '" + newest.label.toStdString() + "'";
}

// Credentials around the admin's own: only a single "Bearer <the admin token>" may pass. The
// tables are made before the baseline store exists, so the values name the secrets (@ADMIN@, ...)
// and restCredential() puts them in when a case runs.
QByteArray restCredential(const QByteArray& value)
{
    const QByteArray secret = RestFixture::adminSecret();
    QByteArray wrongChecksum = secret;
    wrongChecksum.back() = wrongChecksum.back() == 'A' ? 'B' : 'A';
    QByteArray wrongCharacter = secret;
    wrongCharacter[8] = wrongCharacter[8] == 'A' ? 'B' : 'A';
    QByteArray expanded = value;
    expanded.replace("@WRONG_CHECKSUM@", wrongChecksum)
        .replace("@WRONG_CHARACTER@", wrongCharacter)
        .replace("@TRUNCATED@", secret.chopped(1))
        .replace("@LOWERCASED@", secret.toLower())
        .replace("@BASIC@", ("alice:" + secret).toBase64())
        .replace("@DEVELOPER@", RestFixture::developerSecret())
        .replace("@ADMIN@", secret);
    return expanded;
}

QList<RestValue> restCredentialValues()
{
    // '\n' separates the values of several Authorization headers.
    return {
        {u"wrong_checksum"_s, "Bearer @WRONG_CHECKSUM@"},
        {u"wrong_character"_s, "Bearer @WRONG_CHARACTER@"},
        {u"truncated"_s, "Bearer @TRUNCATED@"},
        {u"extended"_s, "Bearer @ADMIN@0"},
        {u"lowercase_scheme"_s, "bearer @ADMIN@"},
        {u"uppercase_scheme"_s, "BEARER @ADMIN@"},
        {u"two_spaces"_s, "Bearer  @ADMIN@"},
        {u"trailing_space"_s, "Bearer @ADMIN@ "},
        {u"no_space"_s, "Bearer@ADMIN@"},
        {u"tab"_s, "Bearer\t@ADMIN@"},
        {u"scheme_only"_s, "Bearer"},
        {u"scheme_and_space"_s, "Bearer "},
        {u"basic"_s, "Basic @BASIC@"},
        {u"secret_alone"_s, "@ADMIN@"},
        {u"secret_and_more"_s, "Bearer @ADMIN@ extra"},
        {u"secret_and_nul"_s, QByteArray("Bearer @ADMIN@\0", 15)},
        {u"secret_lowercased"_s, "Bearer @LOWERCASED@"},
        {u"developer_token"_s, "Bearer @DEVELOPER@"},
        {u"two_headers_admin_first"_s, "Bearer @ADMIN@\nBearer tdk_garbage"},
        {u"two_headers_admin_last"_s, "Bearer tdk_garbage\nBearer @ADMIN@"},
        {u"two_headers_both_admin"_s, "Bearer @ADMIN@\nBearer @ADMIN@"},
    };
}

bool restIsOneAdminBearer(const QByteArray& value)
{
    const QByteArray trimmed = value.trimmed();
    return !trimmed.contains('\n') && trimmed.size() > 7 && trimmed.left(7).toLower() == "bearer " &&
           trimmed.mid(7).trimmed() == RestFixture::adminSecret();
}

// If-Match as the API documents it: "N", N or W/"N" for the token's version (1 in the baseline).
bool restIsVersionOne(const QByteArray& value)
{
    QByteArray tag = value.trimmed();
    if (tag.startsWith("W/"))
        tag = tag.mid(2);
    if (tag.size() >= 2 && tag.startsWith('"') && tag.endsWith('"'))
        tag = tag.mid(1, tag.size() - 2);
    return restPlainDigits(tag) && tag.toLongLong() == 1;
}

QList<RestSlot> restHeaderSlots()
{
    const auto with = [](QByteArray name) {
        return [name](const QByteArray& value) {
            return RestFixture::admin({{name, value}});
        };
    };
    const auto authorization = [](const QByteArray& prefix) {
        return [prefix](const QByteArray& value) {
            HttpHeaders headers;
            for (const QByteArray& one : (prefix + value).split('\n'))
                headers.append({"Authorization", one});
            return headers;
        };
    };
    const QList<RestValue> ifMatchForms{
        {u"quoted_version"_s, "\"1\""},
        {u"bare_version"_s, "1"},
        {u"weak_version"_s, "W/\"1\""},
        {u"leading_zero_version"_s, "\"01\""},
        {u"signed_version"_s, "\"+1\""},
        {u"spaced_version"_s, "\" 1\""},
        {u"star"_s, "*"},
        {u"two_versions"_s, "\"1\", \"2\""},
        {u"half_quoted"_s, "\"1"},
        {u"negative_version"_s, "\"-1\""},
        {u"hex_version"_s, "\"0x1\""},
        {u"stale_version"_s, "\"2\""},
    };
    return {
        restHeader(u"authorization_raw"_s, "GET", "/v1/tokens", {}, false, authorization({}),
                   restRefusedOnly),
        restHeader(u"authorization_bearer"_s, "GET", "/v1/tokens", {}, false, authorization("Bearer "),
                   restRefusedOnly),
        [&] {
            RestSlot slot = restHeader(
                u"authorization_forms"_s, "GET", "/v1/tokens", {}, false,
                [](const QByteArray& value) {
                    HttpHeaders headers;
                    for (const QByteArray& one : restCredential(value).split('\n'))
                        headers.append({"Authorization", one});
                    return headers;
                },
                [](const RestValue& value, const HttpRequest&, const ApiReply&, RestStore&) {
                    return restIsOneAdminBearer(restCredential(value.bytes))
                               ? std::string()
                               : std::string("accepted that credential");
                });
            slot.values = restCredentialValues();
            return slot;
        }(),
        restHeader(
            u"if_match"_s, "PATCH", "/v1/tokens/2", R"({"label":"renamed"})", true, with("If-Match"),
            [](const RestValue& value, const HttpRequest&, const ApiReply&, RestStore& store) {
                if (!restIsVersionOne(value.bytes))
                    return std::string("accepted that If-Match");
                const QString label = awaitOk(store.backend().get(kKeptId)).label;
                return label == u"renamed"_s ? std::string() : "stored label is " + label.toStdString();
            },
            ifMatchForms),
        restHeader(
            u"if_match_rotate"_s, "POST", "/v1/tokens/2/rotate", {}, true, with("If-Match"),
            [](const RestValue& value, const HttpRequest&, const ApiReply&, RestStore&) {
                return restIsVersionOne(value.bytes) ? std::string() : "accepted that If-Match";
            },
            ifMatchForms),
        restHeader(
            u"if_match_revoke"_s, "DELETE", "/v1/tokens/2", {}, true, with("If-Match"),
            [](const RestValue& value, const HttpRequest&, const ApiReply&, RestStore&) {
                // Without a usable If-Match a revoke takes the current version: only an
                // absent (empty) header may do that.
                return restIsVersionOne(value.bytes) || value.bytes.trimmed().isEmpty()
                           ? std::string()
                           : "accepted that If-Match";
            },
            ifMatchForms),
        restHeader(u"idempotency_key"_s, "POST", "/v1/tokens", R"({"label":"idem"})", true,
                   with("Idempotency-Key"),
                   [](const RestValue& value, const HttpRequest&, const ApiReply&, RestStore& store) {
                       const QByteArray& key = value.bytes;
                       const bool visible =
                           key.size() <= 255 &&
                           std::all_of(key.begin(), key.end(), [](char c) { return c > 0x20 && c < 0x7f; });
                       return visible ? restNewestLabelIs(store, u"idem"_s) : "accepted that key";
                   }),
        restHeader(u"content_type"_s, "POST", "/v1/tokens", R"({"label":"typed"})", true,
                   with("Content-Type"),
                   [](const RestValue&, const HttpRequest&, const ApiReply&, RestStore& store) {
                       return restNewestLabelIs(store, u"typed"_s);
                   }),
        restHeader(u"x_forwarded_for"_s, "GET", "/v1/tokens", {}, false, with("X-Forwarded-For"),
                   restReadOnly),
        restHeader(
            u"assorted_headers"_s, "GET", "/v1/tokens", {}, false,
            [](const QByteArray& value) {
                return RestFixture::admin({{"Host", value},
                                           {"Accept", value},
                                           {"User-Agent", value},
                                           {"Origin", value},
                                           {"Cookie", value},
                                           {"Accept-Language", value}});
            },
            restReadOnly),
        restHeader(
            u"header_name"_s, "GET", "/v1/tokens", {}, false,
            [](const QByteArray& value) {
                return RestFixture::admin({{value, "x"}});
            },
            restReadOnly),
        restHeader(u"verify_authorization"_s, "POST", "/v1/verify", {}, false, authorization("Bearer "),
                   restRefusedOnly),
    };
}

INSTANTIATE_TEST_SUITE_P(Headers, RestFixture, ::testing::ValuesIn(restHeaderSlots()),
                         [](const ::testing::TestParamInfo<RestSlot>& info) {
                             return info.param.name.toStdString();
                         });

// ---- query parameters and paths ---------------------------------------------------------------

// Raw query text a client may send instead of a well-encoded value.
QList<RestValue> restRawQueryValues()
{
    return {
        {u"raw_percent"_s, "%"},
        {u"raw_bad_escape"_s, "%zz"},
        {u"raw_encoded_nul"_s, "%00"},
        {u"raw_encoded_ff"_s, "%ff%fe"},
        {u"raw_encoded_surrogate"_s, "%ed%a0%80"},
        {u"raw_ampersand"_s, "a&limit=1"},
        {u"raw_equals"_s, "a=b"},
        {u"raw_plus"_s, "a+b"},
        {u"raw_encoded_plus"_s, "%2B1"},
        {u"raw_hash"_s, "x#frag"},
        {u"raw_space"_s, "a b"},
        {u"raw_non_ascii"_s, "\xc3\xa9"},
        {u"raw_control"_s, "a\x01"},
    };
}

// The decoded value the API saw for `key` (the first, when it came twice).
QString restQueryValue(const HttpRequest& request, const QString& key)
{
    return request.query.queryItemValue(key, QUrl::FullyDecoded);
}

RestSlot restQuery(
    QString name, const QByteArray& path, const QByteArray& key,
    const std::function<std::string(const QString& seen, const HttpRequest&, const ApiReply&)>& accepted)
{
    RestSlot slot;
    slot.name = std::move(name);
    slot.values = restHostile() + restRawQueryValues();
    slot.request = [=](const RestValue& value) {
        const bool raw = value.name.startsWith(u"raw_"_s);
        const char separator = path.contains('?') ? '&' : '?';
        return restRequest(
            "GET", path + separator + key + '=' + (raw ? value.bytes : value.bytes.toPercentEncoding()),
            RestFixture::admin());
    };
    slot.accepted = [key, accepted](const RestValue&, const HttpRequest& request, const ApiReply& reply,
                                    RestStore&) {
        return accepted(restQueryValue(request, QString::fromLatin1(key)), request, reply);
    };
    return slot;
}

auto restOneOf(const QStringList& allowed)
{
    return [allowed](const QString& seen, const HttpRequest&, const ApiReply&) {
        return allowed.contains(seen) ? std::string() : "accepted '" + seen.toStdString() + "'";
    };
}

auto restDigitsIn(qint64 min, qint64 max)
{
    return [min, max](const QString& seen, const HttpRequest&, const ApiReply&) {
        const QByteArray bytes = seen.toUtf8();
        return restPlainDigits(bytes) && bytes.size() < 12 && bytes.toLongLong() >= min &&
                       bytes.toLongLong() <= max
                   ? std::string()
                   : "accepted '" + seen.toStdString() + "' as a number";
    };
}

// The tokens the baseline's filter must list: label or creator holding the text, ASCII case folded.
std::string restFilterResult(const QString& seen, const HttpRequest& request, const ApiReply& reply)
{
    const qsizetype limit =
        request.query.hasQueryItem(u"limit"_s) ? request.query.queryItemValue(u"limit"_s).toInt() : 100;
    const QString filter = seen.trimmed();
    QList<qint64> expected;
    const QList<std::pair<qint64, QString>> baseline{{1, u"ops console"_s}, {kKeptId, u"kept"_s}};
    for (const auto& [id, label] : baseline) {
        const auto holds = [&](const QString& text) {
            return text.toLower().contains(filter.toLower()) && !filter.contains(QChar(0));
        };
        if (filter.isEmpty() || holds(label) || holds(u"alice"_s))
            expected << id;
    }
    QList<qint64> listed;
    for (const auto& token : reply.json().value(u"tokens"_s).toArray())
        listed << token[u"id"_s].toInteger();
    if (listed != expected.mid(0, limit) || reply.json().value(u"total"_s).toInteger() != expected.size())
        return "listed " +
               QJsonDocument(reply.json().value(u"tokens"_s).toArray()).toJson().left(200).toStdString() +
               " for the filter '" + filter.toStdString() + "'";
    return {};
}

QList<RestSlot> restQuerySlots()
{
    const auto never = [](const QString& seen, const HttpRequest&, const ApiReply&) {
        return "accepted '" + seen.toStdString() + "'";
    };
    return {
        restQuery(u"list_filter"_s, "/v1/tokens", "filter", restFilterResult),
        restQuery(u"list_sort"_s, "/v1/tokens", "sort",
                  restOneOf({u"label"_s, u"created"_s, u"last-used"_s, u"role"_s, u"status"_s,
                             u"created-by"_s, u"expires"_s})),
        restQuery(u"list_order"_s, "/v1/tokens", "order", restOneOf({u"asc"_s, u"desc"_s, QString()})),
        restQuery(u"list_limit"_s, "/v1/tokens", "limit", restDigitsIn(0, TokenQuery::kMaxPageSize)),
        restQuery(u"list_offset"_s, "/v1/tokens", "offset", restDigitsIn(0, std::numeric_limits<int>::max())),
        restQuery(u"list_cursor"_s, "/v1/tokens", "cursor", never),
        restQuery(u"list_role"_s, "/v1/tokens", "role", restOneOf({u"developer"_s, u"admin"_s})),
        restQuery(u"list_status"_s, "/v1/tokens", "status",
                  restOneOf({u"active"_s, u"disabled"_s, u"expired"_s})),
        restQuery(u"list_unused_days"_s, "/v1/tokens", "unused_days",
                  restDigitsIn(1, TokenQuery::kMaxFilterDays)),
        restQuery(u"list_expiring_days"_s, "/v1/tokens", "expiring_days",
                  restDigitsIn(1, TokenQuery::kMaxFilterDays)),
        restQuery(u"list_filter_twice"_s, "/v1/tokens?filter=kept&limit=5", "filter",
                  [](const QString&, const HttpRequest&, const ApiReply&) {
                      return std::string("a parameter given twice was accepted");
                  }),
        restQuery(u"audit_token_id"_s, "/v1/audit", "token_id",
                  restDigitsIn(1, std::numeric_limits<qint64>::max())),
        restQuery(u"audit_offset"_s, "/v1/audit", "offset", restDigitsIn(0, std::numeric_limits<int>::max())),
        restQuery(u"audit_limit"_s, "/v1/audit", "limit", restDigitsIn(1, ApiJson::kMaxAuditPage)),
        [] {
            // The parameter's name is the hostile value.
            RestSlot slot;
            slot.name = u"list_parameter_name"_s;
            slot.values = restHostile();
            slot.request = [](const RestValue& value) {
                return restRequest("GET", "/v1/tokens?" + value.bytes.toPercentEncoding() + "=1",
                                   RestFixture::admin());
            };
            slot.accepted = restRefusedOnly;
            return slot;
        }(),
    };
}

// A path with the hostile value as one segment, percent-encoded.
RestSlot restPath(QString name, const QByteArray& method, const QByteArray& before, const QByteArray& after,
                  const QByteArray& body, bool writes,
                  const std::function<bool(const QString& segment)>& mayAccept)
{
    RestSlot slot;
    slot.name = std::move(name);
    slot.values = restHostile();
    slot.writes = writes;
    slot.request = [=](const RestValue& value) {
        return restRequest(method, before + value.bytes.toPercentEncoding() + after,
                           RestFixture::admin({{"If-Match", "\"1\""}}), body);
    };
    slot.accepted = [mayAccept](const RestValue& value, const HttpRequest&, const ApiReply&, RestStore&) {
        return mayAccept(QString::fromUtf8(value.bytes)) ? std::string() : "accepted that path";
    };
    return slot;
}

bool restNamesAToken(const QString& segment)
{
    const QByteArray bytes = segment.toUtf8();
    return restPlainDigits(bytes) && bytes.size() < 12 &&
           (bytes.toLongLong() == 1 || bytes.toLongLong() == kKeptId);
}

// Whole targets a client may send; the ones whose meaning is plain may be answered.
QList<RestValue> restTargets()
{
    return {
        {u"dot_dot"_s, "/v1/tokens/.."},
        {u"dot_dot_to_users"_s, "/v1/tokens/../users"},
        {u"encoded_dot_dot"_s, "/v1/tokens/%2e%2e/users"},
        {u"ok_encoded_slash"_s, "/v1/tokens%2F2"},
        {u"backslash"_s, "/v1/tokens\\2"},
        {u"ok_double_slash"_s, "/v1//tokens"},
        {u"ok_leading_double_slash"_s, "//v1/tokens"},
        {u"ok_trailing_slash"_s, "/v1/tokens/"},
        {u"ok_token_trailing_slash"_s, "/v1/tokens/2/"},
        {u"ok_encoded_digit"_s, "/v1/tokens/%32"},
        {u"ok_absolute_form"_s, "http://attacker.example/v1/tokens"},
        {u"ok_empty_query"_s, "/v1/tokens?"},
        {u"ok_fragment"_s, "/v1/tokens#x"},
        {u"signed_id"_s, "/v1/tokens/+2"},
        {u"spaced_id"_s, "/v1/tokens/%202"},
        {u"id_and_nul"_s, "/v1/tokens/2%00"},
        {u"hex_id"_s, "/v1/tokens/0x2"},
        {u"fraction_id"_s, "/v1/tokens/2.0"},
        {u"negative_id"_s, "/v1/tokens/-2"},
        {u"overflowing_id"_s, "/v1/tokens/9223372036854775808"},
        {u"matrix_parameter"_s, "/v1/tokens;2"},
        {u"upper_case"_s, "/V1/TOKENS"},
        {u"huge_path"_s, "/v1/" + QByteArray(100'000, 'a')},
        {u"ok_huge_segments"_s, "/v1/tokens" + QByteArray(20'000, '/') + "2"},
        {u"asterisk"_s, "*"},
        {u"empty_target"_s, ""},
        {u"ok_no_slash"_s, "v1/tokens"},
        {u"invalid_utf8_encoded"_s, "/v1/%ff%fe"},
        {u"control_encoded"_s, "/v1/%1b%5b31m"},
        {u"bidi_encoded"_s, "/v1/%e2%80%ae"},
    };
}

QList<RestSlot> restPathSlots()
{
    const auto never = [](const QString&) {
        return false;
    };
    RestSlot targets;
    targets.name = u"whole_target"_s;
    targets.values = restTargets();
    targets.request = [](const RestValue& value) {
        return restRequest("GET", value.bytes, RestFixture::admin());
    };
    targets.accepted = [](const RestValue& value, const HttpRequest&, const ApiReply&, RestStore&) {
        return value.name.startsWith(u"ok_"_s) ? std::string() : "answered that target";
    };
    return {
        // "/v1/tokens/" with an empty id is the list, as "/v1/tokens" is.
        restPath(u"get_token_id"_s, "GET", "/v1/tokens/", {}, {}, false,
                 [](const QString& segment) { return segment.isEmpty() || restNamesAToken(segment); }),
        restPath(u"patch_token_id"_s, "PATCH", "/v1/tokens/", {}, R"({"label":"p"})", true, restNamesAToken),
        restPath(u"revoke_token_id"_s, "DELETE", "/v1/tokens/", {}, {}, true, restNamesAToken),
        restPath(u"rotate_token_id"_s, "POST", "/v1/tokens/", "/rotate", {}, true, restNamesAToken),
        restPath(u"remove_user_name"_s, "DELETE", "/v1/users/", {}, {}, true,
                 [](const QString& name) { return name == u"bob"_s; }),
        restPath(u"resource_name"_s, "GET", "/v1/", {}, {}, false, never),
        restPath(u"version_segment"_s, "GET", "/", "/tokens", {}, false, never),
        targets,
    };
}

INSTANTIATE_TEST_SUITE_P(QueryAndPath, RestFixture, ::testing::ValuesIn(restQuerySlots() + restPathSlots()),
                         [](const ::testing::TestParamInfo<RestSlot>& info) {
                             return info.param.name.toStdString();
                         });

} // namespace
} // namespace tokendesk::test
