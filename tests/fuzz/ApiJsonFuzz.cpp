// SPDX-License-Identifier: GPL-3.0-or-later
// The wire format's readers on untrusted input: every request body the API accepts (with the
// endpoint's own field set and readers), the paging cursor, the listing query strings and the
// client's readers of response bodies. The first byte picks the reader, the rest is its input.
// Each reader must answer with a value or an INVALID_INPUT, and what it accepts must survive a
// round trip through the matching writer.
#include "models/api/ApiCursor.h"
#include "models/api/ApiJson.h"
#include "models/api/ApiQuery.h"
#include "models/api/RequestBody.h"
#include "tests/fuzz/FuzzSupport.h"

#include <QJsonDocument>
#include <QUrlQuery>

using namespace tokendesk;

namespace {

struct BodyKind
{
    QSet<QString> fields;
    bool emptyIsObject;
};

// The field sets of ApiService's body readers: create, update, rotate, add user, settings.
const QList<BodyKind>& bodyKinds()
{
    static const QList<BodyKind> kinds = {
        {{QStringLiteral("label"), QStringLiteral("role"), QStringLiteral("expires_at")}, false},
        {{QStringLiteral("label"), QStringLiteral("enabled")}, false},
        {{QStringLiteral("grace_seconds")}, true},
        {{QStringLiteral("name"), QStringLiteral("admin"), QStringLiteral("api_access")}, false},
        {{QStringLiteral("token_limit")}, false},
    };
    return kinds;
}

void readBody(const BodyKind& kind, const QByteArray& input)
{
    const auto body = ApiJson::RequestBody::parse(input, kind.fields, kind.emptyIsObject);
    if (!body) {
        fuzz::require(body.code() == ErrorCode::InvalidInput, "a body refused with the wrong code");
        return;
    }
    // Every reader on every field, whatever its type: a wrong type is an error, never a crash.
    for (const QString& field : kind.fields) {
        (void)body->has(field);
        for (const auto code : {body->string(field).code(), body->boolean(field).code(),
                                body->integer(field, 0, ApiJson::kMaxGraceSeconds).code(),
                                body->integer(field, 1, 1000).code(), body->timeOrNull(field).code()})
            fuzz::require(code == ErrorCode::Internal || code == ErrorCode::InvalidInput,
                          "a field refused with the wrong code");
    }
}

void readCursor(const QByteArray& input)
{
    const Result<PageAnchor> anchor = ApiJson::decodeCursor(input);
    if (!anchor) {
        fuzz::require(anchor.code() == ErrorCode::InvalidInput, "a cursor refused with the wrong code");
        return;
    }
    const Result<PageAnchor> again = ApiJson::decodeCursor(ApiJson::encodeCursor(anchor.value()));
    fuzz::require(again.ok(), "a cursor made from an accepted one is refused");
    fuzz::require(again->sort == anchor->sort && again->id == anchor->id && again->value == anchor->value,
                  "a cursor does not survive encode(decode())");
}

void readTokenQuery(const QByteArray& input)
{
    const Result<TokenQuery> query = ApiJson::tokenQueryFromUrl(QUrlQuery(QString::fromUtf8(input)));
    if (!query) {
        fuzz::require(query.code() == ErrorCode::InvalidInput, "a query refused with the wrong code");
        return;
    }
    fuzz::require(ApiJson::tokenQueryFromUrl(ApiJson::toUrlQuery(query.value())).ok(),
                  "the query string written for an accepted query is refused");
}

void readResponses(const QByteArray& input)
{
    const QJsonObject object = QJsonDocument::fromJson(input).object();
    if (const Result<Token> token = ApiJson::tokenFromJson(object))
        fuzz::require(ApiJson::tokenFromJson(ApiJson::toJson(token.value())).ok(),
                      "a token's own JSON is refused");
    (void)ApiJson::generatedFromJson(object);
    if (const Result<User> user = ApiJson::userFromJson(object))
        fuzz::require(ApiJson::userFromJson(ApiJson::toJson(user.value())).ok(),
                      "a user's own JSON is refused");
    (void)ApiJson::auditEntryFromJson(object);
    (void)ApiJson::noticeFromJson(object);
    (void)ApiJson::sessionFromJson(object);
    (void)ApiJson::chainReportFromJson(object);
    (void)ApiJson::errorFromJson(object);
    for (auto it = object.begin(); it != object.end(); ++it)
        (void)ApiJson::parseTime(it.value());
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    fuzz::startQt("tokendesk-fuzz-api-json");
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size == 0)
        return 0;
    const QByteArray input = fuzz::bytes(data + 1, size - 1);
    const int kinds = static_cast<int>(bodyKinds().size());
    const int selector = data[0] % (kinds + 4);
    if (selector < kinds)
        readBody(bodyKinds().at(selector), input);
    else if (selector == kinds)
        readCursor(input);
    else if (selector == kinds + 1)
        readTokenQuery(input);
    else if (selector == kinds + 2)
        (void)ApiJson::auditQueryFromUrl(QUrlQuery(QString::fromUtf8(input)));
    else
        readResponses(input);
    return 0;
}
