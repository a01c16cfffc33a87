// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/table/SelectionResolver.h"

#include "models/backend/Backend.h"
#include "models/core/Continuation.h"
#include "models/table/TokenTableModel.h"

#include <QTimer>

namespace tokendesk {

SelectionResolver::SelectionResolver(std::shared_ptr<Backend> backend, const TokenSelection& selection,
                                     const TokenTableModel& model, QObject* parent)
    : QObject(parent), m_backend(std::move(backend)), m_query(selection.query())
{
    m_query.after.reset();
    // Only worth it when the table does not hold every selected row anyway.
    m_wholeQuery = selection.count() > model.cachedRowCount() && takeExceptions(selection, model);
    if (!m_wholeQuery)
        takeRows(selection, model);
}

bool SelectionResolver::takeExceptions(const TokenSelection& selection, const TokenTableModel& model)
{
    const QList<RowSpan> gaps = selection.gaps();
    qsizetype left = 0;
    for (const RowSpan& gap : gaps)
        left += gap.size();
    if (left > kMaxExceptions)
        return false;
    for (const RowSpan& gap : gaps) {
        for (int row = gap.first; row <= gap.last; ++row) {
            const std::optional<Token> token = model.tokenAt(row);
            if (!token) {
                m_excluded.clear();
                return false;
            }
            m_excluded.insert(token->id);
        }
    }
    return true;
}

void SelectionResolver::takeRows(const TokenSelection& selection, const TokenTableModel& model)
{
    for (const RowSpan& span : selection.spans()) {
        for (int row = span.first; row <= span.last; ++row) {
            if (const std::optional<Token> token = model.tokenAt(row)) {
                add({token->id, token->version});
                continue;
            }
            // A row the table does not hold: it joins the read of its neighbours.
            if (!m_missing.isEmpty() && m_missing.last().last == row - 1 &&
                m_missing.last().size() < TokenQuery::kMaxPageSize)
                m_missing.last().last = row;
            else
                m_missing.append({row, row});
        }
    }
}

void SelectionResolver::add(const BulkItem& item)
{
    if (!m_seen.contains(item.id)) {
        m_seen.insert(item.id);
        m_items.append(item);
    }
}

void SelectionResolver::start()
{
    if (!m_wholeQuery) {
        // Queued, so a selection the table held whole answers after start() returns, as one the
        // backend answers does.
        QTimer::singleShot(0, this, &SelectionResolver::fetchNextSpan);
        return;
    }
    whenDone(m_backend->matchingIds(m_query), this, [this](const Result<QList<TokenId>>& ids) {
        if (!ids.ok()) {
            Q_EMIT resolved(ids.error());
            return;
        }
        m_items.reserve(ids->size());
        for (const TokenId id : ids.value()) {
            if (!m_excluded.contains(id))
                m_items.append({id, BulkItem::kAnyVersion});
        }
        finish();
    });
}

void SelectionResolver::fetchNextSpan()
{
    if (m_missing.isEmpty()) {
        finish();
        return;
    }
    const RowSpan span = m_missing.takeFirst();
    TokenQuery page = m_query;
    page.offset = span.first;
    page.limit = span.size();
    whenDone(m_backend->list(page), this, [this](const Result<QList<Token>>& tokens) {
        if (!tokens.ok()) {
            Q_EMIT resolved(tokens.error());
            return;
        }
        for (const Token& token : tokens.value())
            add({token.id, BulkItem::kAnyVersion});
        fetchNextSpan();
    });
}

void SelectionResolver::finish()
{
    Q_EMIT resolved(m_items);
}

} // namespace tokendesk
