// SPDX-License-Identifier: GPL-3.0-or-later
// The REST wire format's values on their own, without a server: every value's JSON both ways,
// every refusal of a malformed response (naming the field), errors and HTTP statuses. What a
// client sends (cursors, query strings, request bodies) is in ApiJsonInputTest.cpp.
#include "models/api/ApiJson.h"

#include "tests/support/TestSupport.h"
#include "tests/unit/ApiJsonTestSupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTimeZone>

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;

namespace tokendesk::test {
namespace {

using namespace ApiJson;

Token sampleToken()
{
    Token token;
    token.id = 42;
    token.label = u"billing api"_s;
    token.masked = u"tdk_…abcd"_s;
    token.role = Role::Admin;
    token.status = TokenStatus::Disabled;
    token.createdBy = u"alice"_s;
    token.createdAt = utc(u"2026-12-01T09:30:00.125Z"_s);
    token.expiresAt = utc(u"2027-01-31T00:00:00.000Z"_s);
    token.lastUsedAt = utc(u"2026-12-02T07:00:00.500Z"_s);
    token.version = 7;
    token.description = u"Nightly invoices; owner: billing team"_s;
    token.tags = {u"ci"_s, u"env=prod"_s};
    return token;
}

AuditEntry sampleEntry()
{
    AuditEntry entry;
    entry.sequence = 12;
    entry.at = utc(u"2026-12-02T08:00:00.001Z"_s);
    entry.actor = u"alice (token #3)"_s;
    entry.action = u"token.revoke"_s;
    entry.tokenId = 9;
    entry.label = u"old key"_s;
    entry.masked = u"tdk_…wxyz"_s;
    entry.detail = u"revoked"_s;
    entry.previousHash = QByteArray::fromHex("00ff10");
    entry.hash = QByteArray::fromHex("abcdef0123");
    return entry;
}

Notice sampleNotice()
{
    Notice notice;
    notice.id = 5;
    notice.recipient = u"bob"_s;
    notice.kind = u"token.generate"_s;
    notice.tokenId = 42;
    notice.label = u"billing api"_s;
    notice.masked = u"tdk_…abcd"_s;
    notice.createdBy = u"alice"_s;
    notice.createdAt = utc(u"2026-12-02T08:00:00.000Z"_s);
    notice.delivered = true;
    notice.attempts = 2;
    return notice;
}

// The object with `field` set to `value` (or removed, for an undefined value).
QJsonObject with(QJsonObject object, const QString& field, const QJsonValue& value)
{
    if (value.isUndefined())
        object.remove(field);
    else
        object.insert(field, value);
    return object;
}

// A response reader's refusal: INTERNAL (the server broke the contract), naming the field.
template <typename T> void expectUnexpected(const Result<T>& result, const QString& field)
{
    ASSERT_FALSE(result.ok()) << "accepted a bad '" << qPrintable(field) << "'";
    EXPECT_EQ(result.code(), ErrorCode::Internal);
    EXPECT_TRUE(result.error().message.contains(u"'%1'"_s.arg(field))) << qPrintable(result.error().message);
}

// ---- times -------------------------------------------------------------------------------

TEST(ApiJsonTime, IsWrittenInUtcWithMilliseconds)
{
    const QDateTime paris(QDate(2026, 12, 2), QTime(11, 0, 0, 123), QTimeZone(3600));
    EXPECT_EQ(ApiJson::time(paris), QJsonValue(u"2026-12-02T10:00:00.123Z"_s));
    EXPECT_TRUE(ApiJson::time(QDateTime()).isNull());
}

TEST(ApiJsonTime, ReadsAnyOffsetAndNull)
{
    const QDateTime expected = utc(u"2026-12-02T10:00:00.000Z"_s);
    for (const QString& text : {u"2026-12-02T10:00:00Z"_s, u"2026-12-02T10:00:00.000Z"_s,
                                u"2026-12-02T12:00:00+02:00"_s, u"2026-12-02T04:30:00-05:30"_s}) {
        const auto parsed = parseTime(text);
        ASSERT_TRUE(parsed.has_value()) << qPrintable(text);
        EXPECT_EQ(*parsed, expected) << qPrintable(text);
        EXPECT_EQ(parsed->timeSpec(), Qt::UTC) << qPrintable(text);
    }
    const auto null = parseTime(QJsonValue::Null);
    ASSERT_TRUE(null.has_value());
    EXPECT_FALSE(null->isValid());
}

TEST(ApiJsonTime, RefusesTimesWithoutAZoneAndNonTimes)
{
    const QList<QJsonValue> bad{u"2030-01-01T00:00:00"_s, // would be read in the server's zone
                                u"tomorrow"_s,
                                u""_s,
                                u"2026-13-01T00:00:00Z"_s,
                                u"2026-02-30T00:00:00Z"_s,
                                u"Z"_s,
                                1767225600,
                                true,
                                QJsonArray{},
                                QJsonObject{},
                                QJsonValue::Undefined};
    for (const QJsonValue& value : bad)
        EXPECT_FALSE(parseTime(value).has_value()) << qPrintable(value.toVariant().toString());
}

TEST(ApiJsonTime, RoundTripsThroughTheWire)
{
    const QDateTime at = utc(u"2026-06-30T23:59:59.999Z"_s);
    EXPECT_EQ(parseTime(ApiJson::time(at)), at);
}

// ---- values ------------------------------------------------------------------------------

TEST(ApiJsonValues, TokenHasTheDocumentedShapeAndRoundTrips)
{
    const Token token = sampleToken();
    const QJsonObject json = toJson(token);
    EXPECT_EQ(json, (QJsonObject{{u"id"_s, 42},
                                 {u"label"_s, u"billing api"_s},
                                 {u"masked"_s, u"tdk_…abcd"_s},
                                 {u"role"_s, u"admin"_s},
                                 {u"status"_s, u"disabled"_s},
                                 {u"created_by"_s, u"alice"_s},
                                 {u"created_at"_s, u"2026-12-01T09:30:00.125Z"_s},
                                 {u"expires_at"_s, u"2027-01-31T00:00:00.000Z"_s},
                                 {u"last_used_at"_s, u"2026-12-02T07:00:00.500Z"_s},
                                 {u"version"_s, 7},
                                 {u"description"_s, u"Nightly invoices; owner: billing team"_s},
                                 {u"tags"_s, QJsonArray{u"ci"_s, u"env=prod"_s}}}));
    EXPECT_EQ(expectOk(tokenFromJson(json)), token);

    Token fresh = token;
    fresh.expiresAt = {};
    fresh.lastUsedAt = {};
    const QJsonObject freshJson = toJson(fresh);
    EXPECT_TRUE(freshJson.value(u"expires_at"_s).isNull());
    EXPECT_TRUE(freshJson.value(u"last_used_at"_s).isNull());
    EXPECT_EQ(expectOk(tokenFromJson(freshJson)), fresh);
}

TEST(ApiJsonValues, TokenReaderRefusesEachMissingOrMistypedField)
{
    const QJsonObject good = toJson(sampleToken());
    // Description and tags came later: a server from before them sends neither.
    const QStringList optional{u"description"_s, u"tags"_s};
    for (auto it = good.begin(); it != good.end(); ++it) {
        if (!optional.contains(it.key()))
            expectUnexpected(tokenFromJson(with(good, it.key(), QJsonValue::Undefined)), it.key());
    }
    QJsonObject older = good;
    for (const QString& field : optional)
        older.remove(field);
    const Token fromOlder = expectOk(tokenFromJson(older));
    EXPECT_TRUE(fromOlder.description.isEmpty());
    EXPECT_TRUE(fromOlder.tags.isEmpty());

    const QList<std::pair<QString, QJsonValue>> mistyped{
        {u"id"_s, u"42"_s},
        {u"label"_s, 5},
        {u"label"_s, QJsonValue::Null},
        {u"masked"_s, false},
        {u"role"_s, u"root"_s},
        {u"status"_s, u"gone"_s},
        {u"created_by"_s, QJsonArray{}},
        {u"created_at"_s, QJsonValue::Null}, // every token has a creation time
        {u"created_at"_s, u"yesterday"_s},
        {u"expires_at"_s, u"2027-01-31T00:00:00"_s},
        {u"last_used_at"_s, 0},
        {u"version"_s, u"7"_s},
        {u"description"_s, 5},
        {u"description"_s, QJsonValue::Null},
        {u"tags"_s, u"ci"_s},
        {u"tags"_s, QJsonArray{1}},
        {u"tags"_s, QJsonValue::Null},
    };
    for (const auto& [field, value] : mistyped)
        expectUnexpected(tokenFromJson(with(good, field, value)), field);
}

TEST(ApiJsonValues, ReadersNameTheFirstBadFieldAndIgnoreFieldsFromANewerServer)
{
    QJsonObject twoBad = with(toJson(sampleToken()), u"label"_s, 1);
    twoBad.insert(u"version"_s, u"x"_s);
    expectUnexpected(tokenFromJson(twoBad), u"label"_s);

    const QJsonObject newer = with(toJson(sampleToken()), u"colour"_s, u"red"_s);
    EXPECT_EQ(expectOk(tokenFromJson(newer)), sampleToken());
}

TEST(ApiJsonValues, GeneratedTokenCarriesTheSecretOnce)
{
    const GeneratedToken generated{sampleToken(), Secret("tdk_secretValue42")};
    QJsonParseError parseError;
    const QJsonObject json = QJsonDocument::fromJson(generatedJson(generated), &parseError).object();
    ASSERT_EQ(parseError.error, QJsonParseError::NoError);
    EXPECT_EQ(json.value(u"token"_s), QJsonValue(u"tdk_secretValue42"_s));
    EXPECT_EQ(with(json, u"token"_s, QJsonValue::Undefined), toJson(sampleToken()));

    const GeneratedToken read = expectOk(generatedFromJson(json));
    EXPECT_EQ(read.token, generated.token);
    EXPECT_EQ(read.secret.exposeAsString(), u"tdk_secretValue42"_s);

    expectUnexpected(generatedFromJson(toJson(sampleToken())), u"token"_s);
    expectUnexpected(generatedFromJson(with(json, u"token"_s, 5)), u"token"_s);
    expectUnexpected(generatedFromJson(with(json, u"masked"_s, QJsonValue::Undefined)), u"masked"_s);
}

// The secret is spliced in unescaped, so anything that would need escaping is refused outright
// rather than sent as broken (or injected) JSON.
TEST(ApiJsonValues, OnlyPlainTokenTextIsSplicedIntoJson)
{
    EXPECT_EQ(jsonWithSecret({}, "tdk_A1"), QByteArray(R"({"token":"tdk_A1"})"));
    EXPECT_EQ(jsonWithSecret({{u"id"_s, 7}}, "tdk_A1", "\n"),
              QByteArray("{\"token\":\"tdk_A1\",\"id\":7}\n"));
    for (const char* bad : {"", "tdk\"x", "tdk\\x", "tdk x", "tdk\nx", "tdk-x", "t\xc3\xa9"})
        EXPECT_TRUE(jsonWithSecret({{u"id"_s, 7}}, bad).isEmpty()) << bad;
    EXPECT_TRUE(generatedJson(GeneratedToken{sampleToken(), Secret("tdk_\"}")}).isEmpty());
}

TEST(ApiJsonValues, UserRoundTripsAndRefusesNonBooleans)
{
    const User user{u"carol"_s, true, false, u"carol@example.org"_s};
    const QJsonObject json = toJson(user);
    EXPECT_EQ(json, (QJsonObject{{u"name"_s, u"carol"_s},
                                 {u"admin"_s, true},
                                 {u"api_access"_s, false},
                                 {u"email"_s, u"carol@example.org"_s}}));
    EXPECT_EQ(expectOk(userFromJson(json)), user);
    // A server from before mail addresses sends none: the user has none.
    EXPECT_TRUE(expectOk(userFromJson(with(json, u"email"_s, QJsonValue::Undefined))).email.isEmpty());
    expectUnexpected(userFromJson(with(json, u"email"_s, 7)), u"email"_s);
    expectUnexpected(userFromJson(with(json, u"name"_s, QJsonValue::Undefined)), u"name"_s);
    expectUnexpected(userFromJson(with(json, u"admin"_s, u"yes"_s)), u"admin"_s);
    expectUnexpected(userFromJson(with(json, u"api_access"_s, 1)), u"api_access"_s);
}

TEST(ApiJsonValues, AuditEntryRoundTripsWithHexHashesAndANullTokenId)
{
    const AuditEntry entry = sampleEntry();
    const QJsonObject json = toJson(entry);
    EXPECT_EQ(json.value(u"previous_hash"_s), QJsonValue(u"00ff10"_s));
    EXPECT_EQ(json.value(u"hash"_s), QJsonValue(u"abcdef0123"_s));
    EXPECT_EQ(json.value(u"token_id"_s), QJsonValue(9));
    const AuditEntry read = expectOk(auditEntryFromJson(json));
    EXPECT_EQ(read.sequence, entry.sequence);
    EXPECT_EQ(read.at, entry.at);
    EXPECT_EQ(read.actor, entry.actor);
    EXPECT_EQ(read.action, entry.action);
    EXPECT_EQ(read.tokenId, entry.tokenId);
    EXPECT_EQ(read.label, entry.label);
    EXPECT_EQ(read.masked, entry.masked);
    EXPECT_EQ(read.detail, entry.detail);
    EXPECT_EQ(read.previousHash, entry.previousHash);
    EXPECT_EQ(read.hash, entry.hash);

    AuditEntry storeInit = entry;
    storeInit.tokenId = 0; // not about a token
    const QJsonObject initJson = toJson(storeInit);
    EXPECT_TRUE(initJson.value(u"token_id"_s).isNull());
    EXPECT_EQ(expectOk(auditEntryFromJson(initJson)).tokenId, 0);
    EXPECT_EQ(expectOk(auditEntryFromJson(with(initJson, u"token_id"_s, QJsonValue::Undefined))).tokenId, 0);

    expectUnexpected(auditEntryFromJson(with(json, u"token_id"_s, u"9"_s)), u"token_id"_s);
    expectUnexpected(auditEntryFromJson(with(json, u"at"_s, QJsonValue::Null)), u"at"_s);
    expectUnexpected(auditEntryFromJson(with(json, u"sequence"_s, QJsonValue::Undefined)), u"sequence"_s);
    expectUnexpected(auditEntryFromJson(with(json, u"hash"_s, 12)), u"hash"_s);
    expectUnexpected(auditEntryFromJson(with(json, u"detail"_s, QJsonValue::Null)), u"detail"_s);
}

TEST(ApiJsonValues, NoticeRoundTripsAndRefusesEachMissingField)
{
    const Notice notice = sampleNotice();
    const QJsonObject json = toJson(notice);
    const Notice read = expectOk(noticeFromJson(json));
    EXPECT_EQ(read.id, notice.id);
    EXPECT_EQ(read.recipient, notice.recipient);
    EXPECT_EQ(read.kind, notice.kind);
    EXPECT_EQ(read.tokenId, notice.tokenId);
    EXPECT_EQ(read.label, notice.label);
    EXPECT_EQ(read.masked, notice.masked);
    EXPECT_EQ(read.createdBy, notice.createdBy);
    EXPECT_EQ(read.createdAt, notice.createdAt);
    EXPECT_EQ(read.delivered, notice.delivered);
    EXPECT_EQ(read.attempts, notice.attempts);
    for (auto it = json.begin(); it != json.end(); ++it)
        expectUnexpected(noticeFromJson(with(json, it.key(), QJsonValue::Undefined)), it.key());
    expectUnexpected(noticeFromJson(with(json, u"delivered"_s, u"true"_s)), u"delivered"_s);
}

TEST(ApiJsonValues, SessionRoundTripsAndNamesABadUser)
{
    const SessionInfo session{User{u"alice"_s, true, true}, 3, 10};
    const QJsonObject json = toJson(session);
    EXPECT_EQ(json.value(u"user"_s).toObject(), toJson(session.user));
    const SessionInfo read = expectOk(sessionFromJson(json));
    EXPECT_EQ(read.user, session.user);
    EXPECT_EQ(read.tokensUsed, 3);
    EXPECT_EQ(read.tokenLimit, 10);

    expectUnexpected(sessionFromJson(with(json, u"user"_s, u"alice"_s)), u"user"_s);
    expectUnexpected(sessionFromJson(with(json, u"user"_s, QJsonObject{{u"name"_s, u"alice"_s}})), u"user"_s);
    expectUnexpected(sessionFromJson(with(json, u"tokens_used"_s, QJsonValue::Undefined)), u"tokens_used"_s);
    expectUnexpected(sessionFromJson(with(json, u"token_limit"_s, u"10"_s)), u"token_limit"_s);
}

TEST(ApiJsonValues, ChainReportTellsIntactFromBroken)
{
    const QByteArray headHash = QByteArray(32, '\x5a');
    const ChainReport intact{120, std::nullopt, 120, headHash};
    const QJsonObject intactJson = toJson(intact);
    EXPECT_EQ(intactJson, (QJsonObject{{u"entries_checked"_s, 120},
                                       {u"intact"_s, true},
                                       {u"first_broken_sequence"_s, QJsonValue::Null},
                                       {u"head_sequence"_s, 120},
                                       {u"head_hash"_s, u"5a"_s.repeated(32)}}));
    const ChainReport readIntact = expectOk(chainReportFromJson(intactJson));
    EXPECT_EQ(readIntact.entriesChecked, 120);
    EXPECT_TRUE(readIntact.intact());
    EXPECT_EQ(readIntact.headSequence, 120);
    EXPECT_EQ(readIntact.headHash, headHash);

    const ChainReport broken{120, 17, 0, {}};
    const ChainReport readBroken = expectOk(chainReportFromJson(toJson(broken)));
    EXPECT_EQ(readBroken.firstBrokenSequence, std::optional<qint64>(17));
    EXPECT_EQ(readBroken.headSequence, 0);

    // A server from before the head was exported: no head, not an error.
    QJsonObject older = intactJson;
    older.remove(u"head_sequence"_s);
    older.remove(u"head_hash"_s);
    const ChainReport readOlder = expectOk(chainReportFromJson(older));
    EXPECT_EQ(readOlder.headSequence, 0);
    EXPECT_TRUE(readOlder.headHash.isEmpty());

    expectUnexpected(chainReportFromJson(with(toJson(broken), u"first_broken_sequence"_s, QJsonValue::Null)),
                     u"first_broken_sequence"_s);
    expectUnexpected(chainReportFromJson(with(intactJson, u"intact"_s, u"yes"_s)), u"intact"_s);
    expectUnexpected(chainReportFromJson(with(intactJson, u"entries_checked"_s, QJsonValue::Undefined)),
                     u"entries_checked"_s);
    expectUnexpected(chainReportFromJson(with(intactJson, u"head_hash"_s, 5)), u"head_hash"_s);
}

// ---- errors and statuses -----------------------------------------------------------------

constexpr ErrorCode kAllCodes[] = {
    ErrorCode::InvalidInput,  ErrorCode::NotFound,         ErrorCode::AlreadyExists,
    ErrorCode::Conflict,      ErrorCode::PermissionDenied, ErrorCode::TokenLimitReached,
    ErrorCode::RateLimited,   ErrorCode::ApiKeyInvalid,    ErrorCode::ApiKeyDisabled,
    ErrorCode::ApiKeyExpired, ErrorCode::StoreUnavailable, ErrorCode::StoreTooNew,
    ErrorCode::StoreCorrupt,  ErrorCode::Internal};

TEST(ApiJsonErrors, EveryCodeRoundTripsThroughTheErrorObject)
{
    for (const ErrorCode code : kAllCodes) {
        const Error error{code, u"what happened"_s};
        const QJsonObject json = toJson(error);
        EXPECT_EQ(json, (QJsonObject{{u"error"_s, QJsonObject{{u"code"_s, errorCodeName(code)},
                                                              {u"message"_s, u"what happened"_s}}}}));
        const auto read = errorFromJson(json);
        ASSERT_TRUE(read.has_value()) << qPrintable(errorCodeName(code));
        EXPECT_EQ(read->code, code);
        EXPECT_EQ(read->message, u"what happened"_s);
    }
}

TEST(ApiJsonErrors, ACodeFromANewerServerKeepsItsTextAndNoCodeIsNoError)
{
    const auto newer = errorFromJson(QJsonObject{
        {u"error"_s, QJsonObject{{u"code"_s, u"QUOTA_EXCEEDED"_s}, {u"message"_s, u"slow down"_s}}}});
    ASSERT_TRUE(newer.has_value());
    EXPECT_EQ(newer->code, ErrorCode::Internal);
    EXPECT_EQ(newer->message, u"QUOTA_EXCEEDED: slow down"_s);

    EXPECT_FALSE(errorFromJson(QJsonObject{}).has_value());
    EXPECT_FALSE(errorFromJson(toJson(sampleToken())).has_value());
    EXPECT_FALSE(errorFromJson(QJsonObject{{u"error"_s, u"INVALID_INPUT"_s}}).has_value());
    EXPECT_FALSE(errorFromJson(QJsonObject{{u"error"_s, QJsonObject{{u"code"_s, 400}}}}).has_value());
}

TEST(ApiJsonErrors, EachCodeHasItsHttpStatus)
{
    const QList<std::pair<ErrorCode, int>> expected{
        {ErrorCode::InvalidInput, 400},     {ErrorCode::ApiKeyInvalid, 401},
        {ErrorCode::ApiKeyDisabled, 401},   {ErrorCode::ApiKeyExpired, 401},
        {ErrorCode::PermissionDenied, 403}, {ErrorCode::NotFound, 404},
        {ErrorCode::AlreadyExists, 409},    {ErrorCode::TokenLimitReached, 409},
        {ErrorCode::Conflict, 412},         {ErrorCode::RateLimited, 429},
        {ErrorCode::StoreUnavailable, 503}, {ErrorCode::StoreTooNew, 503},
        {ErrorCode::StoreCorrupt, 503},     {ErrorCode::Internal, 500}};
    ASSERT_EQ(expected.size(), qsizetype(std::size(kAllCodes)));
    for (const auto& [code, status] : expected)
        EXPECT_EQ(httpStatus(code), status) << qPrintable(errorCodeName(code));
}

TEST(ApiJsonErrors, AStatusWithoutAnErrorObjectStandsForItsCode)
{
    const QList<std::pair<int, ErrorCode>> expected{
        {400, ErrorCode::InvalidInput},     {405, ErrorCode::InvalidInput},
        {413, ErrorCode::InvalidInput},     {428, ErrorCode::InvalidInput},
        {401, ErrorCode::ApiKeyInvalid},    {403, ErrorCode::PermissionDenied},
        {404, ErrorCode::NotFound},         {409, ErrorCode::AlreadyExists},
        {412, ErrorCode::Conflict},         {429, ErrorCode::RateLimited},
        {502, ErrorCode::StoreUnavailable}, {503, ErrorCode::StoreUnavailable},
        {504, ErrorCode::StoreUnavailable}, {500, ErrorCode::Internal},
        {418, ErrorCode::Internal},         {302, ErrorCode::Internal}};
    for (const auto& [status, code] : expected)
        EXPECT_EQ(codeForStatus(status), code) << status;
}

} // namespace
} // namespace tokendesk::test
