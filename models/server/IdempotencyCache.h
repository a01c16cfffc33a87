// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/api/HttpExchange.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QMutex>

#include <chrono>
#include <functional>
#include <optional>

namespace tokendesk {

// Remembers the response to each request that carried an Idempotency-Key, so a client that
// retries after a lost response gets the same token back instead of a second one.
//
// Keys are scoped to the credential that sent them and kept for a bounded time; the cached
// response of a create holds the new secret, so it is wiped when it expires. Requests with a key
// run one at a time (they are creates, which the store's single writer serialises anyway), which
// makes "first request wins, retries replay it" hold even when a retry races the original.
class IdempotencyCache
{
public:
    using Clock = std::function<QDateTime()>;
    explicit IdempotencyCache(std::chrono::seconds keep = std::chrono::hours(1), Clock clock = {});
    ~IdempotencyCache();

    // Runs `execute` unless the key was seen: then replays its response. The same key with a
    // different request (`fingerprint`) is refused with 400 INVALID_INPUT. Only successful and
    // client-error responses are remembered; a 5xx may be retried for real.
    HttpResponse run(const QByteArray& scope, const QByteArray& key, const QByteArray& fingerprint,
                     const std::function<HttpResponse()>& execute);

    qsizetype size() const;

private:
    struct Entry
    {
        QByteArray fingerprint;
        HttpResponse response;
        QDateTime expires;
    };
    void evictExpired(const QDateTime& now);

    std::chrono::seconds m_keep;
    Clock m_clock;
    QMutex m_runMutex; // one keyed request at a time
    mutable QMutex m_mutex;
    QHash<QByteArray, Entry> m_entries;
};

} // namespace tokendesk
