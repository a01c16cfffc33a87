// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/api/ApiQuery.h"

#include "models/api/ApiCursor.h"
#include "models/core/Formatting.h"

#include <QCoreApplication>
#include <QSet>

#include <limits>

using namespace Qt::StringLiterals;

namespace tokendesk::ApiJson {

namespace {

Error invalid(const QString& message)
{
    return makeError(ErrorCode::InvalidInput, message);
}

// Query parameters are held to the same rule as body fields: one the endpoint does not know is an
// error, not silently ignored.
// A parameter given twice is one too: a proxy that reads the last and the server that reads the
// first would see different requests.
Result<Unit> onlyKnownParameters(const QUrlQuery& url, const QSet<QString>& known)
{
    QSet<QString> seen;
    for (const auto& item : url.queryItems()) {
        if (!known.contains(item.first))
            return invalid(QCoreApplication::translate("ApiJson", "Unknown query parameter '%1'.")
                               .arg(Formatting::quotedInput(item.first)));
        if (seen.contains(item.first))
            return invalid(
                QCoreApplication::translate("ApiJson", "Query parameter '%1' is given more than once.")
                    .arg(item.first));
        seen.insert(item.first);
    }
    return Unit{};
}

Result<int> boundedInt(const QUrlQuery& url, const QString& key, int min, int max, int fallback)
{
    if (!url.hasQueryItem(key))
        return fallback;
    const std::optional<qint64> value = plainNumber(url.queryItemValue(key));
    if (!value || *value < min || *value > max)
        return invalid(QCoreApplication::translate(
                           "ApiJson", "Query parameter '%1' must be a whole number from %2 to %3.")
                           .arg(key)
                           .arg(min)
                           .arg(max));
    return int(*value);
}

} // namespace

std::optional<qint64> plainNumber(QStringView text)
{
    if (text.isEmpty() || text.size() > 18)
        return std::nullopt;
    qint64 value = 0;
    for (const QChar c : text) {
        if (c < u'0' || c > u'9')
            return std::nullopt;
        value = value * 10 + (c.unicode() - u'0');
    }
    return value;
}

QUrlQuery toUrlQuery(const TokenQuery& query)
{
    QUrlQuery url;
    if (!query.filter.isEmpty())
        url.addQueryItem(u"filter"_s, QString::fromLatin1(QUrl::toPercentEncoding(query.filter)));
    if (query.role)
        url.addQueryItem(u"role"_s, roleName(*query.role));
    if (query.status)
        url.addQueryItem(u"status"_s, statusName(*query.status));
    if (query.unusedForDays)
        url.addQueryItem(u"unused_days"_s, QString::number(*query.unusedForDays));
    if (query.expiresWithinDays)
        url.addQueryItem(u"expiring_days"_s, QString::number(*query.expiresWithinDays));
    if (query.breaksPolicy)
        url.addQueryItem(u"breaks_policy"_s, u"true"_s);
    url.addQueryItem(u"sort"_s, sortKeyName(query.sort));
    url.addQueryItem(u"order"_s, query.descending ? u"desc"_s : u"asc"_s);
    url.addQueryItem(u"limit"_s, QString::number(query.limit));
    if (query.after)
        url.addQueryItem(u"cursor"_s, QString::fromLatin1(encodeCursor(*query.after)));
    else if (query.offset > 0)
        url.addQueryItem(u"offset"_s, QString::number(query.offset));
    return url;
}

Result<TokenQuery> tokenQueryFromUrl(const QUrlQuery& url)
{
    static const QSet<QString> known{u"filter"_s,      u"role"_s,          u"status"_s,       u"sort"_s,
                                     u"order"_s,       u"limit"_s,         u"offset"_s,       u"cursor"_s,
                                     u"unused_days"_s, u"expiring_days"_s, u"breaks_policy"_s};
    if (auto checked = onlyKnownParameters(url, known); !checked.ok())
        return checked.error();
    TokenQuery query;
    query.filter = url.queryItemValue(u"filter"_s, QUrl::FullyDecoded);
    if (url.hasQueryItem(u"role"_s)) {
        query.role = roleFromName(url.queryItemValue(u"role"_s));
        if (!query.role)
            return invalid(
                QCoreApplication::translate("ApiJson", "Query parameter 'role' must be developer or admin."));
    }
    if (url.hasQueryItem(u"status"_s)) {
        query.status = statusFromName(url.queryItemValue(u"status"_s));
        if (!query.status)
            return invalid(QCoreApplication::translate(
                "ApiJson", "Query parameter 'status' must be active, disabled or expired."));
    }
    if (url.hasQueryItem(u"breaks_policy"_s)) {
        const QString breaks = url.queryItemValue(u"breaks_policy"_s);
        if (breaks != u"true"_s && breaks != u"false"_s)
            return invalid(QCoreApplication::translate(
                "ApiJson", "Query parameter 'breaks_policy' must be true or false."));
        query.breaksPolicy = breaks == u"true"_s;
    }
    if (url.hasQueryItem(u"sort"_s)) {
        const auto sort = sortKeyFromName(url.queryItemValue(u"sort"_s));
        if (!sort)
            return invalid(QCoreApplication::translate(
                "ApiJson", "Query parameter 'sort' must be one of label, created, last-used, role, status, "
                           "created-by, expires."));
        query.sort = *sort;
    }
    const QString order = url.queryItemValue(u"order"_s);
    if (!order.isEmpty() && order != u"asc"_s && order != u"desc"_s)
        return invalid(
            QCoreApplication::translate("ApiJson", "Query parameter 'order' must be asc or desc."));
    query.descending = order == u"desc"_s;
    auto limit = boundedInt(url, u"limit"_s, 0, kMaxPageSize, 100);
    auto offset = boundedInt(url, u"offset"_s, 0, std::numeric_limits<int>::max(), 0);
    auto unused = boundedInt(url, u"unused_days"_s, 1, TokenQuery::kMaxFilterDays, 0);
    auto expiring = boundedInt(url, u"expiring_days"_s, 1, TokenQuery::kMaxFilterDays, 0);
    for (const auto* checked : {&limit, &offset, &unused, &expiring}) {
        if (!checked->ok())
            return checked->error();
    }
    query.limit = limit.value();
    query.offset = offset.value();
    if (unused.value() > 0)
        query.unusedForDays = unused.value();
    if (expiring.value() > 0)
        query.expiresWithinDays = expiring.value();
    if (url.hasQueryItem(u"cursor"_s)) {
        auto anchor = decodeCursor(url.queryItemValue(u"cursor"_s).toLatin1());
        if (!anchor.ok())
            return anchor.error();
        if (anchor->sort != query.sort)
            return invalid(QCoreApplication::translate(
                "ApiJson", "Query parameter 'cursor' belongs to another sort order."));
        query.after = anchor.value();
    }
    return query;
}

namespace {

// offset (from 0) and limit (1 to maxLimit): the paging of the offset-paged listings.
struct OffsetPage
{
    int offset = 0;
    int limit = 0;
};
Result<OffsetPage> offsetPage(const QUrlQuery& url, int maxLimit, int defaultLimit)
{
    auto offset = boundedInt(url, u"offset"_s, 0, std::numeric_limits<int>::max(), 0);
    if (!offset.ok())
        return offset.error();
    auto limit = boundedInt(url, u"limit"_s, 1, maxLimit, defaultLimit);
    if (!limit.ok())
        return limit.error();
    return OffsetPage{offset.value(), limit.value()};
}

} // namespace

QUrlQuery toUrlQuery(const InactiveQuery& query)
{
    QUrlQuery url;
    if (!query.filter.isEmpty())
        url.addQueryItem(u"filter"_s, QString::fromLatin1(QUrl::toPercentEncoding(query.filter)));
    url.addQueryItem(u"offset"_s, QString::number(query.offset));
    url.addQueryItem(u"limit"_s, QString::number(query.limit));
    return url;
}

Result<InactiveQuery> inactiveQueryFromUrl(const QUrlQuery& url)
{
    static const QSet<QString> known{u"filter"_s, u"offset"_s, u"limit"_s};
    if (auto checked = onlyKnownParameters(url, known); !checked.ok())
        return checked.error();
    InactiveQuery query;
    query.filter = url.queryItemValue(u"filter"_s, QUrl::FullyDecoded);
    auto page = offsetPage(url, InactiveQuery::kMaxPageSize, 100);
    if (!page.ok())
        return page.error();
    query.offset = page->offset;
    query.limit = page->limit;
    return query;
}

Result<AuditQuery> auditQueryFromUrl(const QUrlQuery& url)
{
    static const QSet<QString> known{u"token_id"_s, u"offset"_s, u"limit"_s};
    if (auto checked = onlyKnownParameters(url, known); !checked.ok())
        return checked.error();
    AuditQuery query;
    auto page = offsetPage(url, kMaxAuditPage, 1000);
    if (!page.ok())
        return page.error();
    query.offset = page->offset;
    query.limit = page->limit;
    if (url.hasQueryItem(u"token_id"_s)) {
        const std::optional<qint64> id = plainNumber(url.queryItemValue(u"token_id"_s));
        if (!id || *id < 1)
            return invalid(
                QCoreApplication::translate("ApiJson", "Query parameter 'token_id' must be a token id."));
        query.tokenId = *id;
    }
    return query;
}

} // namespace tokendesk::ApiJson
