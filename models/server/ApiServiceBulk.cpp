// SPDX-License-Identifier: GPL-3.0-or-later
// ApiService's calls on many tokens: GET /v1/tokens/ids and POST /v1/tokens/batch.
#include "models/api/ApiQuery.h"
#include "models/api/BulkJson.h"
#include "models/server/ApiReplies.h"
#include "models/server/ApiService.h"
#include "models/server/ApiServiceCalls.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace tokendesk {

using namespace ApiReplies;
using ApiServiceCalls::await;

namespace {

// Most tokens a batch chosen by filters may change in one request: a million-token store's
// worst case, so a script can do what the console does, while a request stays bounded.
constexpr qint64 kMaxBatchTokens = 1'000'000;

// The ids of every token the URL's list filters match, ascending.
Result<QList<TokenId>> idsMatching(Backend& backend, const HttpRequest& request)
{
    auto query = ApiJson::tokenQueryFromUrl(request.query);
    if (!query.ok())
        return query.error();
    return await(backend.matchingIds(query.value()));
}

} // namespace

// The ids of every token the list filters match, ascending: what a client resolves a selection
// "all N matching" to before it changes them in steps of POST /v1/tokens/batch.
HttpResponse ApiService::tokenIds(const Caller& caller, const HttpRequest& request)
{
    auto ids = idsMatching(*caller.backend, request);
    if (!ids.ok())
        return failure(ids.error());
    QJsonArray array;
    for (const TokenId id : ids.value())
        array.append(id);
    return json(200, {{u"ids"_s, array}, {u"total"_s, qint64(ids->size())}});
}

// One action on the tokens named in "items" (at most 1,000, one transaction), or on every token
// the URL's list filters match, which needs "confirm_count" to equal their number: a script that
// meant 12 tokens never revokes 12,000 because a filter was mistyped. A filtered batch is applied
// in transactions of 1,000; one that fails after some have committed says how far it got.
HttpResponse ApiService::batchTokens(const Caller& caller, const HttpRequest& request)
{
    auto body = ApiJson::RequestBody::parse(
        request.body, {u"action"_s, u"expires_at"_s, u"tag"_s, u"items"_s, u"confirm_count"_s});
    if (!body.ok())
        return failure(body.error());
    auto action = ApiJson::bulkActionFromBody(body.value());
    if (!action.ok())
        return failure(action.error());
    const bool confirmed = body->has(u"confirm_count"_s);
    qint64 confirmCount = 0;
    if (confirmed) {
        auto count = body->integer(u"confirm_count"_s, 0, kMaxBatchTokens);
        if (!count.ok())
            return failure(count.error());
        confirmCount = count.value();
    }
    QList<BulkItem> items;
    if (body->has(u"items"_s)) {
        if (!request.query.isEmpty())
            return failure(
                Error{ErrorCode::InvalidInput,
                      tr("Choose the tokens either by 'items' or by filter parameters, not both.")});
        auto listed = ApiJson::bulkItemsFromJson(body->value(u"items"_s));
        if (!listed.ok())
            return failure(listed.error());
        items = listed.value();
    } else {
        if (!confirmed)
            return failure(Error{ErrorCode::InvalidInput,
                                 tr("A batch chosen by filters needs 'confirm_count', the number of tokens "
                                    "they match.")});
        auto ids = idsMatching(*caller.backend, request);
        if (!ids.ok())
            return failure(ids.error());
        items = BulkItem::anyVersionOf(ids.value());
    }
    if (confirmed && confirmCount != items.size())
        return failure(Error{ErrorCode::Conflict,
                             tr("'confirm_count' is %1, but the batch chooses %2; nothing was changed.")
                                 .arg(confirmCount)
                                 .arg(items.size())});
    BulkOutcome outcome;
    for (qsizetype start = 0; start < items.size(); start += BulkOutcome::kMaxItems) {
        auto step = await(caller.backend->bulk(action.value(), items.mid(start, BulkOutcome::kMaxItems)));
        if (!step.ok()) {
            if (start == 0)
                return failure(step.error());
            return failure(
                Error{step.error().code,
                      tr("Stopped after %1 of %2 tokens (%3 changed; the audit trail lists them): %4")
                          .arg(start)
                          .arg(items.size())
                          .arg(outcome.changed)
                          .arg(step.error().message)});
        }
        outcome.add(step.value());
    }
    QJsonObject answer = ApiJson::toJson(outcome);
    answer.insert(u"matched"_s, qint64(items.size()));
    return json(200, answer);
}

} // namespace tokendesk
