// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/api/ApiJson.h"
#include "models/backend/sql/SqlBackend.h"
#include "models/server/ApiService.h"

#include <QFuture>
#include <QJsonArray>

// What ApiService's handler files share (ApiService.cpp: tokens and verify; ApiServicePeople.cpp:
// users, notices and settings). Not for use outside the server's API.
namespace tokendesk {

struct ApiService::Caller
{
    std::shared_ptr<SqlBackend> backend; // acts as the principal's user
    Principal principal;
};

namespace ApiServiceCalls {

// A handler runs on a server worker thread and may block on its backend call.
template <typename T> Result<T> await(QFuture<Result<T>> future)
{
    future.waitForFinished();
    return future.result();
}

// One page of a token query and the count of all it matches, as both the listing and the export
// answer them.
struct CountedPage
{
    QList<Token> tokens;
    qint64 total = 0;
};
inline Result<CountedPage> countedPage(Backend& backend, const TokenQuery& query)
{
    auto total = await(backend.count(query));
    if (!total.ok())
        return total.error();
    CountedPage counted{{}, total.value()};
    if (query.limit > 0) {
        auto page = await(backend.list(query));
        if (!page.ok())
            return page.error();
        counted.tokens = page.value();
    }
    return counted;
}

inline QJsonArray toArray(const auto& items)
{
    QJsonArray array;
    for (const auto& item : items)
        array.append(ApiJson::toJson(item));
    return array;
}

} // namespace ApiServiceCalls
} // namespace tokendesk
