// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/server/IdempotencyCache.h"

#include "models/api/ApiJson.h"
#include "models/core/Secret.h"

#include <QCoreApplication>
#include <QJsonDocument>

namespace tokendesk {

namespace {

void wipe(HttpResponse& response)
{
    secureWipe(response.body); // may hold a secret
}

} // namespace

IdempotencyCache::IdempotencyCache(std::chrono::seconds keep, Clock clock)
    : m_keep(keep), m_clock(clock ? std::move(clock) : [] { return QDateTime::currentDateTimeUtc(); })
{}

IdempotencyCache::~IdempotencyCache()
{
    for (Entry& entry : m_entries)
        wipe(entry.response);
}

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
            HttpResponse replay = found->response;
            replay.headers.emplaceBack("Idempotent-Replayed", "true");
            return replay;
        }
    }
    HttpResponse response = execute();
    if (response.status < 500) {
        QMutexLocker lock(&m_mutex);
        m_entries.insert(slot, Entry{fingerprint, response, m_clock().addSecs(m_keep.count())});
    }
    return response;
}

qsizetype IdempotencyCache::size() const
{
    QMutexLocker lock(&m_mutex);
    return m_entries.size();
}

void IdempotencyCache::evictExpired(const QDateTime& now)
{
    for (auto it = m_entries.begin(); it != m_entries.end();) {
        if (it->expires <= now) {
            wipe(it->response);
            it = m_entries.erase(it);
        } else {
            ++it;
        }
    }
}

} // namespace tokendesk
