// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/backend/Backend.h"
#include "models/core/RequestTracker.h"

#include <QObject>

#include <memory>
#include <optional>

namespace tokendesk {

// How many tokens, not yet expired, expire within the store's first expiry warning (its longest threshold,
// 30 days unless an admin set others): what the console's badge on the expiry filter and its
// once-a-session banner say, and which rows the table marks. Asked again on every refresh(), so
// a token generated, extended or revoked moves the count; an answer for a store that was closed
// meanwhile is dropped.
class ExpiringSoonCount : public QObject
{
    Q_OBJECT

public:
    explicit ExpiringSoonCount(QObject* parent = nullptr);

    // Forgets the last count (changed() with none). Asks nothing yet: the caller refreshes once the
    // store's session is known, so the count never queues ahead of the table's first page.
    void setBackend(std::shared_ptr<Backend> backend);
    void refresh();

    // The first threshold in days; nullopt until the store answered, or when it warns of nothing.
    std::optional<int> days() const { return m_days; }
    // Tokens not yet expired that expire within days(); 0 while days() is nullopt.
    qint64 count() const { return m_count; }

Q_SIGNALS:
    // A new answer (or none, after setBackend).
    void changed();

private:
    void setAnswer(std::optional<int> days, qint64 count);

    std::shared_ptr<Backend> m_backend;
    RequestTracker* m_requests;
    std::optional<int> m_days;
    qint64 m_count = 0;
};

} // namespace tokendesk
