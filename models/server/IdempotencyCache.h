// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/api/HttpExchange.h"
#include "models/core/Secret.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QMutex>

#include <chrono>
#include <deque>
#include <functional>

namespace tokendesk {

// Remembers the response to each request that carried an Idempotency-Key, so a client that
// retries after a lost response gets the same token back instead of a second one.
//
// Keys are scoped to the credential that sent them and kept for `keep` (10 minutes); at most
// `capacity` entries are kept, the oldest going first, so a flood of keys cannot grow memory
// without bound. The cached response of a create holds the new secret: it is kept in a Secret,
// which wipes it when the entry goes (expired, pushed out or swept). Requests with a key run one
// at a time (they are creates, which the store's single writer serialises anyway), which makes
// "first request wins, retries replay it" hold even when a retry races the original.
class IdempotencyCache
{
public:
    using Clock = std::function<QDateTime()>;
    static constexpr qsizetype kDefaultCapacity = 10'000;
    explicit IdempotencyCache(std::chrono::seconds keep = std::chrono::minutes(10), Clock clock = {},
                              qsizetype capacity = kDefaultCapacity);
    ~IdempotencyCache();

    // Runs `execute` unless the key was seen: then replays its response. The same key with a
    // different request (`fingerprint`) is refused with 400 INVALID_INPUT. Only successful and
    // client-error responses are remembered; a 5xx may be retried for real.
    HttpResponse run(const QByteArray& scope, const QByteArray& key, const QByteArray& fingerprint,
                     const std::function<HttpResponse()>& execute);
    // Drops (and wipes) every expired entry; the server calls it from a timer, so a response
    // does not outlive its 10 minutes just because no keyed request came after it.
    void sweep();

    qsizetype size() const;

private:
    struct Entry
    {
        QByteArray fingerprint;
        int status = 0;
        HttpHeaders headers;
        Secret body; // may hold a new token's secret
        QDateTime expires;
    };
    void evictExpired(const QDateTime& now);

    std::chrono::seconds m_keep;
    Clock m_clock;
    qsizetype m_capacity;
    QMutex m_runMutex; // one keyed request at a time
    mutable QMutex m_mutex;
    QHash<QByteArray, Entry> m_entries;
    // Slots in the order they were stored: with one lifetime for all, also the order they expire.
    std::deque<QByteArray> m_order;
};

} // namespace tokendesk
