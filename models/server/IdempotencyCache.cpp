// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/server/IdempotencyCache.h"

#include "models/api/ApiJson.h"

#include <QCoreApplication>
#include <QJsonDocument>

namespace tokendesk {

IdempotencyCache::IdempotencyCache(std::chrono::seconds keep, Clock clock, qsizetype capacity)
    : m_keep(keep), m_clock(clock ? std::move(clock) : [] { return QDateTime::currentDateTimeUtc(); }),
      m_capacity(std::max<qsizetype>(1, capacity))
{}

IdempotencyCache::~IdempotencyCache() = default; // every Entry's Secret wipes its body

HttpResponse IdempotencyCache::run(const QByteArray& scope, const QByteArray& key,
                                   const QByteArray& fingerprint,
                                   const std::function<HttpResponse()>& execute)
{
    const QByteArray slot = scope + '\n' + key;
    QMutexLocker running(&m_runMutex);
    {
        QMutexLocker lock(&m_mutex);
        evictExpired(m_clock());
        if (auto found = m_entries.constFind(slot); found != m_entries.cend()) {
            if (found->fingerprint != fingerprint) {
                const Error error{
                    ErrorCode::InvalidInput,
                    QCoreApplication::translate("IdempotencyCache",
                                                "Idempotency-Key '%1' was used for a different request.")
                        .arg(QString::fromLatin1(key))};
                return {400, {}, QJsonDocument(ApiJson::toJson(error)).toJson(QJsonDocument::Compact)};
            }
            HttpResponse replay{found->status, found->headers, found->body.view().toByteArray()};
            replay.headers.emplaceBack("Idempotent-Replayed", "true");
            return replay;
        }
    }
    HttpResponse response = execute();
    if (response.status < 500) {
        QMutexLocker lock(&m_mutex);
        while (qsizetype(m_order.size()) >= m_capacity) {
            m_entries.remove(m_order.front()); // the oldest goes first; its Secret wipes itself
            m_order.pop_front();
        }
        m_entries.insert(slot, Entry{fingerprint, response.status, response.headers, Secret(response.body),
                                     m_clock().addSecs(m_keep.count())});
        m_order.push_back(slot);
    }
    return response;
}

void IdempotencyCache::sweep()
{
    QMutexLocker lock(&m_mutex);
    evictExpired(m_clock());
}

qsizetype IdempotencyCache::size() const
{
    QMutexLocker lock(&m_mutex);
    return m_entries.size();
}

void IdempotencyCache::evictExpired(const QDateTime& now)
{
    while (!m_order.empty()) {
        const auto found = m_entries.constFind(m_order.front());
        if (found != m_entries.cend() && found->expires > now)
            break;
        if (found != m_entries.cend())
            m_entries.erase(found);
        m_order.pop_front();
    }
}

} // namespace tokendesk
