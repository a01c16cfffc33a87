// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/table/ExpiringSoonCount.h"

#include <algorithm>

namespace tokendesk {

ExpiringSoonCount::ExpiringSoonCount(QObject* parent) : QObject(parent), m_requests(new RequestTracker(this))
{}

void ExpiringSoonCount::setBackend(std::shared_ptr<Backend> backend)
{
    m_backend = std::move(backend);
    m_requests->reset();
    setAnswer(std::nullopt, 0);
}

void ExpiringSoonCount::refresh()
{
    if (!m_backend)
        return;
    // The thresholds first (an admin may have changed them), then the count for the longest.
    const std::shared_ptr<Backend> backend = m_backend;
    whenCurrent(backend->expiryWarningDays(), this, m_requests->startLatest(),
                [this, backend](Result<QList<int>> thresholds) {
                    if (!thresholds.ok() || thresholds.value().isEmpty())
                        return setAnswer(std::nullopt, 0);
                    const int days =
                        *std::max_element(thresholds.value().cbegin(), thresholds.value().cend());
                    TokenQuery query;
                    query.expiresWithinDays = days;
                    whenCurrent(backend->count(query), this, m_requests->startLatest(),
                                [this, days](Result<qint64> counted) {
                                    // A count the store could not give is no warning; the table
                                    // reports the store's failures itself.
                                    setAnswer(days, counted.ok() ? counted.value() : 0);
                                });
                });
}

void ExpiringSoonCount::setAnswer(std::optional<int> days, qint64 count)
{
    m_days = days;
    m_count = days ? count : 0;
    Q_EMIT changed();
}

} // namespace tokendesk
