// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/BulkAction.h"
#include "models/core/Result.h"
#include "models/table/TokenSelection.h"

#include <QObject>
#include <QSet>

#include <memory>

namespace tokendesk {

class Backend;
class TokenTableModel;

// Turns a TokenSelection into the tokens it means, asking the backend only for what the table
// does not hold and never blocking the thread it lives on:
//  - a row whose page the table holds gives its id and the version the admin saw, so a token
//    changed since is refused with CONFLICT instead of being changed blind;
//  - "every row, save a few" becomes the query's ids as they are now (Backend::matchingIds) minus
//    the rows left out: a query plus exceptions, so a million selected rows are never read one by one;
//  - any other row is read in the table's order, TokenQuery::kMaxPageSize rows a request.
class SelectionResolver : public QObject
{
    Q_OBJECT

public:
    // Rows left out of a whole-query selection are kept as exceptions up to this many (each one
    // a row the table holds, as a row deselected by a click is); beyond, the rows are read.
    static constexpr int kMaxExceptions = 1000;

    // Reads what it needs from `model` now: the model may reload while the backend answers.
    SelectionResolver(std::shared_ptr<Backend> backend, const TokenSelection& selection,
                      const TokenTableModel& model, QObject* parent = nullptr);

    // True when the selection is resolved as the query minus exceptions.
    bool isWholeQuery() const { return m_wholeQuery; }
    void start();

Q_SIGNALS:
    // Each token once, in the table's order where the rows were known; emitted exactly once.
    void resolved(const tokendesk::Result<QList<tokendesk::BulkItem>>& items);

private:
    bool takeExceptions(const TokenSelection& selection, const TokenTableModel& model);
    void takeRows(const TokenSelection& selection, const TokenTableModel& model);
    void fetchNextSpan();
    void finish();
    void add(const BulkItem& item);

    std::shared_ptr<Backend> m_backend;
    TokenQuery m_query;
    bool m_wholeQuery = false;
    QSet<TokenId> m_excluded; // whole-query mode
    QList<RowSpan> m_missing; // rows to read, each at most kMaxPageSize long
    QList<BulkItem> m_items;
    QSet<TokenId> m_seen;
};

} // namespace tokendesk
