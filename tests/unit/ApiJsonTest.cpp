// SPDX-License-Identifier: GPL-3.0-or-later
// The REST wire format on its own, without a server: every value's JSON both ways, every refusal
// of a malformed response, request body, query string or cursor. Server and client both build on
// these readers, and they read untrusted input, so each refusal is pinned here with the field it
// names.
#include "models/api/ApiJson.h"

#include "models/api/ApiCursor.h"
#include "models/api/ApiQuery.h"
#include "models/api/RequestBody.h"
#include "models/core/Validation.h"
#include "tests/support/TestSupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTimeZone>

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;

namespace tokendesk::test {
namespace {

using namespace ApiJson;

QDateTime utc(const QString& text)
{
    return QDateTime::fromString(text, Qt::ISODateWithMs).toUTC();
}

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

// A refusal of client input: INVALID_INPUT whose message mentions `mentions`.
template <typename T> void expectInvalid(const Result<T>& result, const QString& mentions)
{
    ASSERT_FALSE(result.ok()) << "accepted input that mentions " << qPrintable(mentions);
    EXPECT_EQ(result.code(), ErrorCode::InvalidInput);
    EXPECT_TRUE(result.error().message.contains(mentions)) << qPrintable(result.error().message);
}

QByteArray base64url(const QByteArray& bytes)
{
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QUrlQuery query(const QString& text)
{
    return QUrlQuery(text);
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
                                 {u"version"_s, 7}}));
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
    for (auto it = good.begin(); it != good.end(); ++it)
        expectUnexpected(tokenFromJson(with(good, it.key(), QJsonValue::Undefined)), it.key());

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
    const GeneratedToken generated{sampleToken(), Secret("tdk_secret-value")};
    const QJsonObject json = toJson(generated);
    EXPECT_EQ(json.value(u"token"_s), QJsonValue(u"tdk_secret-value"_s));
    EXPECT_EQ(with(json, u"token"_s, QJsonValue::Undefined), toJson(sampleToken()));

    const GeneratedToken read = expectOk(generatedFromJson(json));
    EXPECT_EQ(read.token, generated.token);
    EXPECT_EQ(read.secret.exposeAsString(), u"tdk_secret-value"_s);

    expectUnexpected(generatedFromJson(toJson(sampleToken())), u"token"_s);
    expectUnexpected(generatedFromJson(with(json, u"token"_s, 5)), u"token"_s);
    expectUnexpected(generatedFromJson(with(json, u"masked"_s, QJsonValue::Undefined)), u"masked"_s);
}

TEST(ApiJsonValues, UserRoundTripsAndRefusesNonBooleans)
{
    const User user{u"carol"_s, true, false};
    const QJsonObject json = toJson(user);
    EXPECT_EQ(json, (QJsonObject{{u"name"_s, u"carol"_s}, {u"admin"_s, true}, {u"api_access"_s, false}}));
    EXPECT_EQ(expectOk(userFromJson(json)), user);
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
    const ChainReport intact{120, std::nullopt};
    const QJsonObject intactJson = toJson(intact);
    EXPECT_EQ(intactJson, (QJsonObject{{u"entries_checked"_s, 120},
                                       {u"intact"_s, true},
                                       {u"first_broken_sequence"_s, QJsonValue::Null}}));
    const ChainReport readIntact = expectOk(chainReportFromJson(intactJson));
    EXPECT_EQ(readIntact.entriesChecked, 120);
    EXPECT_TRUE(readIntact.intact());

    const ChainReport broken{120, 17};
    const ChainReport readBroken = expectOk(chainReportFromJson(toJson(broken)));
    EXPECT_EQ(readBroken.firstBrokenSequence, std::optional<qint64>(17));

    expectUnexpected(chainReportFromJson(with(toJson(broken), u"first_broken_sequence"_s, QJsonValue::Null)),
                     u"first_broken_sequence"_s);
    expectUnexpected(chainReportFromJson(with(intactJson, u"intact"_s, u"yes"_s)), u"intact"_s);
    expectUnexpected(chainReportFromJson(with(intactJson, u"entries_checked"_s, QJsonValue::Undefined)),
                     u"entries_checked"_s);
}

// ---- errors and statuses -----------------------------------------------------------------

constexpr ErrorCode kAllCodes[] = {
    ErrorCode::InvalidInput,     ErrorCode::NotFound,         ErrorCode::AlreadyExists,
    ErrorCode::Conflict,         ErrorCode::PermissionDenied, ErrorCode::TokenLimitReached,
    ErrorCode::ApiKeyInvalid,    ErrorCode::ApiKeyDisabled,   ErrorCode::ApiKeyExpired,
    ErrorCode::StoreUnavailable, ErrorCode::StoreTooNew,      ErrorCode::StoreCorrupt,
    ErrorCode::Internal};

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
        {ErrorCode::Conflict, 412},         {ErrorCode::StoreUnavailable, 503},
        {ErrorCode::StoreTooNew, 503},      {ErrorCode::StoreCorrupt, 503},
        {ErrorCode::Internal, 500}};
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
        {412, ErrorCode::Conflict},         {502, ErrorCode::StoreUnavailable},
        {503, ErrorCode::StoreUnavailable}, {504, ErrorCode::StoreUnavailable},
        {500, ErrorCode::Internal},         {418, ErrorCode::Internal},
        {302, ErrorCode::Internal}};
    for (const auto& [status, code] : expected)
        EXPECT_EQ(codeForStatus(status), code) << status;
}

// ---- cursors -----------------------------------------------------------------------------

TEST(ApiJsonCursor, EveryResumableOrderRoundTrips)
{
    const QList<PageAnchor> anchors{
        {SortKey::Label, u"billing api"_s, 3},
        {SortKey::Created, utc(u"2026-12-01T09:30:00.125Z"_s), 4},
        {SortKey::LastUsed, QDateTime(), 5}, // never used
        {SortKey::LastUsed, utc(u"2026-12-02T07:00:00.500Z"_s), 6},
        {SortKey::Role, u"admin"_s, 7},
        {SortKey::CreatedBy, u"alice"_s, 8},
        {SortKey::Expires, QDateTime(), 9}, // never expires
        {SortKey::Expires, utc(u"2027-01-31T00:00:00.000Z"_s), 10},
    };
    for (const PageAnchor& anchor : anchors) {
        const QByteArray cursor = encodeCursor(anchor);
        static const QRegularExpression urlSafe(u"^[A-Za-z0-9_-]+$"_s);
        EXPECT_TRUE(urlSafe.match(QString::fromLatin1(cursor)).hasMatch()) << cursor.constData();
        const PageAnchor read = expectOk(decodeCursor(cursor));
        EXPECT_EQ(read.sort, anchor.sort) << cursor.constData();
        EXPECT_EQ(read.id, anchor.id) << cursor.constData();
        if (anchor.value.metaType() == QMetaType::fromType<QDateTime>()) {
            EXPECT_EQ(read.value.toDateTime(), anchor.value.toDateTime()) << cursor.constData();
        } else {
            EXPECT_EQ(read.value.toString(), anchor.value.toString()) << cursor.constData();
        }
    }
}

TEST(ApiJsonCursor, TheLongestLabelStillFitsACursor)
{
    // 64 four-byte characters: the most UTF-8 a valid label can hold.
    QString label;
    for (int i = 0; i < Validation::kMaxLabelLength; ++i)
        label += u"\U0001F511"_s;
    const QByteArray cursor = encodeCursor({SortKey::Label, label, 123456789});
    EXPECT_LE(cursor.size(), kMaxCursorBytes);
    EXPECT_EQ(expectOk(decodeCursor(cursor)).value.toString(), label);
}

TEST(ApiJsonCursor, StatusOrderIsNeverResumed)
{
    expectInvalid(decodeCursor(encodeCursor({SortKey::Status, u"active"_s, 3})), u"cursor"_s);
}

TEST(ApiJsonCursor, HugeCursorsAreRefusedWithoutDecoding)
{
    expectInvalid(decodeCursor(QByteArray(1024 * 1024, 'A')), u"cursor"_s);
    // Well-formed but longer than any cursor this server issues.
    const QByteArray padded = base64url(R"({"s":"label","v":")" + QByteArray(2000, 'x') + R"(","i":1})");
    ASSERT_GT(padded.size(), kMaxCursorBytes);
    expectInvalid(decodeCursor(padded), u"cursor"_s);
}

TEST(ApiJsonCursor, MalformedCursorsAreRefused)
{
    const QByteArray good = encodeCursor({SortKey::Label, u"billing api"_s, 3});
    // "???" is "Pz8/" in base64: the standard alphabet's '/' is not base64url.
    const QByteArray standardAlphabet = QByteArray(R"({"s":"label","v":"???","i":1})").toBase64();
    ASSERT_TRUE(standardAlphabet.contains('/'));
    const QList<std::pair<const char*, QByteArray>> bad{
        {"empty", QByteArray()},
        {"not base64", "!!"},
        {"standard base64 alphabet", standardAlphabet},
        {"spaces", "eyJz IjoibGFiZWwifQ"},
        {"truncated", good.left(good.size() - 6)},
        {"garbage inside", base64url("\x01\x02\xff{{{")},
        {"not json", base64url("label:billing")},
        {"an array", base64url("[\"label\",\"x\",1]")},
        {"no id", base64url(R"({"s":"label","v":"x"})")},
        {"no value", base64url(R"({"s":"label","i":1})")},
        {"no sort", base64url(R"({"v":"x","i":1})")},
        {"unknown sort", base64url(R"({"s":"colour","v":"x","i":1})")},
        {"text id", base64url(R"({"s":"label","v":"x","i":"1"})")},
        {"number for a label", base64url(R"({"s":"label","v":5,"i":1})")},
        {"null for a label", base64url(R"({"s":"label","v":null,"i":1})")},
        {"text for a time", base64url(R"({"s":"created","v":"yesterday","i":1})")},
    };
    for (const auto& [what, cursor] : bad) {
        SCOPED_TRACE(what);
        const auto decoded = decodeCursor(cursor);
        expectInvalid(decoded, u"cursor"_s);
        if (!decoded.ok()) {
            EXPECT_TRUE(decoded.error().message.contains(u"not a cursor this server issued"_s));
        }
    }
}

// ---- query strings -----------------------------------------------------------------------

TEST(ApiJsonQuery, AnEmptyQueryStringIsTheDefaultListing)
{
    const TokenQuery read = expectOk(tokenQueryFromUrl(QUrlQuery()));
    const TokenQuery defaults;
    EXPECT_EQ(read.filter, defaults.filter);
    EXPECT_FALSE(read.role || read.status || read.unusedForDays || read.expiresWithinDays || read.after);
    EXPECT_EQ(read.sort, SortKey::Created);
    EXPECT_FALSE(read.descending);
    EXPECT_EQ(read.offset, 0);
    EXPECT_EQ(read.limit, 100);
}

TEST(ApiJsonQuery, TokenQueryRoundTripsThroughAnEncodedUrl)
{
    TokenQuery sent;
    sent.filter = u"a&b=c%2B d+ü#"_s;
    sent.role = Role::Admin;
    sent.status = TokenStatus::Expired;
    sent.unusedForDays = 30;
    sent.expiresWithinDays = 7;
    sent.sort = SortKey::Label;
    sent.descending = true;
    sent.limit = 25;
    sent.after = PageAnchor{SortKey::Label, u"m"_s, 11};

    // As the client sends it and the server reads it: through a fully encoded URL.
    QUrl url(u"http://127.0.0.1/v1/tokens"_s);
    url.setQuery(toUrlQuery(sent));
    const QUrl received(url.toString(QUrl::FullyEncoded));
    const TokenQuery read = expectOk(tokenQueryFromUrl(QUrlQuery(received)));
    EXPECT_EQ(read.filter, sent.filter);
    EXPECT_EQ(read.role, sent.role);
    EXPECT_EQ(read.status, sent.status);
    EXPECT_EQ(read.unusedForDays, sent.unusedForDays);
    EXPECT_EQ(read.expiresWithinDays, sent.expiresWithinDays);
    EXPECT_EQ(read.sort, sent.sort);
    EXPECT_EQ(read.descending, sent.descending);
    EXPECT_EQ(read.limit, sent.limit);
    ASSERT_TRUE(read.after.has_value());
    EXPECT_EQ(read.after->value.toString(), u"m"_s);
    EXPECT_EQ(read.after->id, 11);

    TokenQuery byOffset;
    byOffset.offset = 200;
    const TokenQuery readOffset = expectOk(tokenQueryFromUrl(toUrlQuery(byOffset)));
    EXPECT_EQ(readOffset.offset, 200);
    EXPECT_FALSE(readOffset.after.has_value());
}

TEST(ApiJsonQuery, ACursorFromAnotherSortOrderIsRefused)
{
    const QString labelCursor = QString::fromLatin1(encodeCursor({SortKey::Label, u"m"_s, 11}));
    expectInvalid(tokenQueryFromUrl(query(u"cursor="_s + labelCursor)), u"another sort order"_s);
    expectInvalid(tokenQueryFromUrl(query(u"sort=created&cursor="_s + labelCursor)), u"another sort order"_s);
    EXPECT_TRUE(tokenQueryFromUrl(query(u"sort=label&cursor="_s + labelCursor)).ok());

    const QString createdCursor =
        QString::fromLatin1(encodeCursor({SortKey::Created, utc(u"2026-12-01T00:00:00Z"_s), 2}));
    EXPECT_TRUE(tokenQueryFromUrl(query(u"cursor="_s + createdCursor)).ok())
        << "created is the default order";
    expectInvalid(tokenQueryFromUrl(query(u"sort=label&cursor="_s + createdCursor)), u"another sort order"_s);
    expectInvalid(tokenQueryFromUrl(query(u"sort=label&cursor=%21%21"_s)), u"cursor"_s);
}

TEST(ApiJsonQuery, EachBadTokenParameterIsNamed)
{
    const QList<std::pair<QString, QString>> bad{
        {u"colour=red"_s, u"colour"_s},
        {u"role=root"_s, u"role"_s},
        {u"status=gone"_s, u"status"_s},
        {u"sort=colour"_s, u"sort"_s},
        {u"sort=status&order=up"_s, u"order"_s},
        {u"limit=abc"_s, u"limit"_s},
        {u"limit=-1"_s, u"limit"_s},
        {u"limit=10001"_s, u"limit"_s},
        {u"limit=2.5"_s, u"limit"_s},
        {u"offset=-1"_s, u"offset"_s},
        {u"offset=99999999999"_s, u"offset"_s},
        {u"unused_days=0"_s, u"unused_days"_s},
        {u"unused_days=36501"_s, u"unused_days"_s},
        {u"expiring_days=soon"_s, u"expiring_days"_s},
        {u"cursor=AAAA"_s, u"cursor"_s},
    };
    for (const auto& [text, parameter] : bad) {
        SCOPED_TRACE(qPrintable(text));
        expectInvalid(tokenQueryFromUrl(query(text)), u"'%1'"_s.arg(parameter));
    }
}

TEST(ApiJsonQuery, TokenParameterBoundsAreInclusive)
{
    EXPECT_EQ(expectOk(tokenQueryFromUrl(query(u"limit=0"_s))).limit, 0);
    EXPECT_EQ(expectOk(tokenQueryFromUrl(query(u"limit=10000"_s))).limit, kMaxPageSize);
    EXPECT_EQ(expectOk(tokenQueryFromUrl(query(u"unused_days=1"_s))).unusedForDays, 1);
    EXPECT_EQ(expectOk(tokenQueryFromUrl(query(u"expiring_days=36500"_s))).expiresWithinDays, 36500);
    EXPECT_TRUE(expectOk(tokenQueryFromUrl(query(u"order=desc"_s))).descending);
    EXPECT_EQ(expectOk(tokenQueryFromUrl(query(u"sort=last-used"_s))).sort, SortKey::LastUsed);
}

TEST(ApiJsonQuery, AuditQueryDefaultsAndRefusals)
{
    const AuditQuery defaults = expectOk(auditQueryFromUrl(QUrlQuery()));
    EXPECT_EQ(defaults.offset, 0);
    EXPECT_EQ(defaults.limit, 1000);
    EXPECT_FALSE(defaults.tokenId.has_value());

    const AuditQuery read = expectOk(auditQueryFromUrl(query(u"token_id=5&offset=10&limit=5000"_s)));
    EXPECT_EQ(read.tokenId, std::optional<TokenId>(5));
    EXPECT_EQ(read.offset, 10);
    EXPECT_EQ(read.limit, kMaxAuditPage);

    const QList<std::pair<QString, QString>> bad{
        {u"token_id=x"_s, u"token_id"_s}, {u"token_id=0"_s, u"token_id"_s}, {u"token_id=-3"_s, u"token_id"_s},
        {u"limit=0"_s, u"limit"_s},       {u"limit=5001"_s, u"limit"_s},    {u"offset=-1"_s, u"offset"_s},
        {u"sort=label"_s, u"sort"_s},
    };
    for (const auto& [text, parameter] : bad) {
        SCOPED_TRACE(qPrintable(text));
        expectInvalid(auditQueryFromUrl(query(text)), u"'%1'"_s.arg(parameter));
    }
}

// ---- request bodies ----------------------------------------------------------------------

const QSet<QString> kTokenFields{u"label"_s, u"role"_s, u"expires_at"_s};

TEST(ApiJsonRequestBody, RefusesWhatIsNotAnObjectOfKnownFields)
{
    expectInvalid(RequestBody::parse("{not json", kTokenFields), u"JSON"_s);
    expectInvalid(RequestBody::parse("{\"label\":", kTokenFields), u"offset"_s);
    expectInvalid(RequestBody::parse("[1,2]", kTokenFields), u"object"_s);
    expectInvalid(RequestBody::parse("\"label\"", kTokenFields), u"JSON"_s);
    expectInvalid(RequestBody::parse(R"({"label":"x","colour":"red"})", kTokenFields), u"'colour'"_s);
    expectInvalid(RequestBody::parse(QByteArray(), kTokenFields), u"JSON"_s);
    expectInvalid(RequestBody::parse(QByteArray(kMaxBodyBytes + 1, ' '), kTokenFields, true), u"64 KiB"_s);
}

TEST(ApiJsonRequestBody, AnEmptyBodyIsAnObjectOnlyWhereEveryFieldIsOptional)
{
    const RequestBody empty = expectOk(RequestBody::parse(" \r\n", {u"grace_seconds"_s}, true));
    EXPECT_FALSE(empty.has(u"grace_seconds"_s));
    EXPECT_FALSE(RequestBody::parse(" \r\n", {u"grace_seconds"_s}).ok());
}

TEST(ApiJsonRequestBody, TheSizeLimitIsInclusive)
{
    const QByteArray prefix = R"({"label":")";
    const QByteArray suffix = R"("})";
    const QByteArray exact = prefix + QByteArray(kMaxBodyBytes - prefix.size() - suffix.size(), 'a') + suffix;
    ASSERT_EQ(exact.size(), kMaxBodyBytes);
    EXPECT_TRUE(RequestBody::parse(exact, kTokenFields).ok());
}

TEST(ApiJsonRequestBody, FieldsMustHaveTheirType)
{
    const RequestBody body = expectOk(RequestBody::parse(
        R"({"s":"text","b":true,"n":12,"f":2.5,"big":1e300,"neg":-4,"t":"2030-01-01T00:00:00Z","null":null,
            "local":"2030-01-01T00:00:00"})",
        {u"s"_s, u"b"_s, u"n"_s, u"f"_s, u"big"_s, u"neg"_s, u"t"_s, u"null"_s, u"local"_s}));
    EXPECT_TRUE(body.has(u"null"_s));
    EXPECT_FALSE(body.has(u"absent"_s));

    EXPECT_EQ(expectOk(body.string(u"s"_s)), u"text"_s);
    for (const QString& field : {u"b"_s, u"n"_s, u"null"_s, u"absent"_s})
        expectInvalid(body.string(field), u"Field '%1' must be a string"_s.arg(field));

    EXPECT_TRUE(expectOk(body.boolean(u"b"_s)));
    for (const QString& field : {u"s"_s, u"n"_s, u"null"_s, u"absent"_s})
        expectInvalid(body.boolean(field), u"Field '%1' must be true or false"_s.arg(field));

    EXPECT_EQ(expectOk(body.integer(u"n"_s, 0, 100)), 12);
    EXPECT_EQ(expectOk(body.integer(u"n"_s, 12, 12)), 12) << "bounds are inclusive";
    EXPECT_EQ(expectOk(body.integer(u"neg"_s, -10, 0)), -4);
    for (const QString& field : {u"f"_s, u"big"_s, u"neg"_s, u"s"_s, u"b"_s, u"null"_s, u"absent"_s})
        expectInvalid(body.integer(field, 0, 100),
                      u"Field '%1' must be a whole number from 0 to 100"_s.arg(field));
    expectInvalid(body.integer(u"n"_s, 13, 100), u"from 13 to 100"_s);
    expectInvalid(body.integer(u"n"_s, 0, 11), u"from 0 to 11"_s);

    EXPECT_EQ(expectOk(body.timeOrNull(u"t"_s)), utc(u"2030-01-01T00:00:00Z"_s));
    EXPECT_FALSE(expectOk(body.timeOrNull(u"null"_s)).isValid());
    for (const QString& field : {u"local"_s, u"s"_s, u"n"_s, u"absent"_s})
        expectInvalid(body.timeOrNull(field), u"Field '%1' must be an RFC 3339 time"_s.arg(field));
}

} // namespace
} // namespace tokendesk::test
