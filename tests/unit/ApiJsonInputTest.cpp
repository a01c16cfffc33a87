// SPDX-License-Identifier: GPL-3.0-or-later
// What a client sends the REST API, read as the untrusted input it is: paging cursors (round
// trip, other sort orders, huge and malformed ones), the listing endpoints' query strings and the
// strict request-body reader. Every refusal is an INVALID_INPUT that names what is wrong.
#include "models/api/ApiCursor.h"
#include "models/api/ApiQuery.h"
#include "models/api/RequestBody.h"
#include "models/core/Validation.h"
#include "tests/support/TestSupport.h"
#include "tests/unit/ApiJsonTestSupport.h"

#include <QRegularExpression>
#include <QUrl>

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;

namespace tokendesk::test {
namespace {

using namespace ApiJson;

QByteArray base64url(const QByteArray& bytes)
{
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QUrlQuery query(const QString& text)
{
    return QUrlQuery(text);
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
    expectInvalid(decodeCursor(QByteArray(qsizetype(1024) * 1024, 'A')), u"cursor"_s);
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
