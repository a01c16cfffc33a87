// SPDX-License-Identifier: GPL-3.0-or-later
// ApiService's inventory readers beyond the listing: GET /v1/tokens/export and /v1/tokens/inactive.
#include "models/api/ApiCursor.h"
#include "models/api/ApiQuery.h"
#include "models/api/TokenExport.h"
#include "models/server/ApiReplies.h"
#include "models/server/ApiService.h"
#include "models/server/ApiServiceCalls.h"

#include <QBuffer>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace tokendesk {

using namespace ApiReplies;
using ApiServiceCalls::await;
using ApiServiceCalls::toArray;

namespace {

// Where the next page of this export starts: the same parameters, with the cursor (or, for an
// order that cannot be resumed from a row, the offset) moved past `page`.
QByteArray nextPageLink(const HttpRequest& request, const TokenQuery& query, const QList<Token>& page)
{
    QUrlQuery next = request.query;
    next.removeAllQueryItems(u"cursor"_s);
    next.removeAllQueryItems(u"offset"_s);
    const TokenQuery following = query.nextPage(page);
    if (following.after)
        next.addQueryItem(u"cursor"_s, QString::fromLatin1(ApiJson::encodeCursor(*following.after)));
    else
        next.addQueryItem(u"offset"_s, QString::number(following.offset));
    QUrl url;
    url.setPath(request.path);
    url.setQuery(next);
    return '<' + url.toEncoded() + ">; rel=\"next\"";
}

} // namespace

// One page of the inventory in CSV or JSON, at most 10,000 rows (the list endpoint's bound, which
// keeps the server's memory per request flat however large the store). A script follows the
// Link header's rel="next" until there is none; only the first page of a CSV export (no cursor or
// offset) carries the header row, so the pages concatenate into one file.
HttpResponse ApiService::exportTokens(const Caller& caller, const HttpRequest& request)
{
    QUrlQuery listing = request.query;
    const QString formatName =
        listing.hasQueryItem(u"format"_s) ? listing.queryItemValue(u"format"_s) : u"csv"_s;
    listing.removeAllQueryItems(u"format"_s);
    const std::optional<ExportFormat> format = exportFormatFromName(formatName);
    if (!format)
        return failure(Error{ErrorCode::InvalidInput, tr("Query parameter 'format' must be csv or json.")});
    if (!listing.hasQueryItem(u"limit"_s))
        listing.addQueryItem(u"limit"_s, QString::number(ApiJson::kMaxPageSize));
    auto query = ApiJson::tokenQueryFromUrl(listing);
    if (!query.ok())
        return failure(query.error());
    auto counted = ApiServiceCalls::countedPage(*caller.backend, query.value());
    if (!counted.ok())
        return failure(counted.error());
    const QList<Token>& tokens = counted->tokens;

    QByteArray body;
    QBuffer buffer(&body);
    buffer.open(QIODevice::WriteOnly);
    TokenExportWriter writer(*format, buffer);
    const bool firstPage = !query->after && query->offset == 0;
    if (firstPage || *format == ExportFormat::Json)
        writer.begin();
    writer.write(tokens);
    writer.finish();

    HttpHeaders headers{{"Content-Type", exportMimeType(*format)},
                        {"Content-Disposition",
                         "attachment; filename=\"tokens." + exportFormatName(*format).toLatin1() + '"'},
                        {"X-Total-Count", QByteArray::number(counted->total)},
                        {"Cache-Control", "no-store"}};
    if (!tokens.isEmpty() && tokens.size() == query->limit)
        headers.append({"Link", nextPageLink(request, query.value(), tokens)});
    return {200, headers, body};
}

// Revoked and rotated-out tokens, newest first; paged by offset (the list only grows at its
// head, so a walk may see an entry twice, never miss one that existed when it began).
HttpResponse ApiService::inactiveTokens(const Caller& caller, const HttpRequest& request)
{
    auto query = ApiJson::inactiveQueryFromUrl(request.query);
    if (!query.ok())
        return failure(query.error());
    auto ended = await(caller.backend->inactive(query.value()));
    if (!ended.ok())
        return failure(ended.error());
    return json(200, {{u"tokens"_s, toArray(ended.value())}});
}

} // namespace tokendesk
