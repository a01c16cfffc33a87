// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/Types.h"

#include <QList>

namespace tokendesk {

// A run of consecutive rows of the token table, both ends included.
struct RowSpan
{
    int first = 0;
    int last = -1;

    int size() const { return last - first + 1; }
    bool operator==(const RowSpan&) const = default;
};

// What the admin selected in the token table, at any size: a million rows chosen with Ctrl+A are
// one span, never a million ids. It names rows of one query (the filter and sort the table showed)
// and becomes the tokens to change only when an action runs (SelectionResolver).
class TokenSelection
{
public:
    TokenSelection() = default;
    // `spans` as QItemSelectionModel keeps them: any order, overlapping, partly outside the rows.
    TokenSelection(TokenQuery query, int rowCount, QList<RowSpan> spans);

    const TokenQuery& query() const { return m_query; }
    int rowCount() const { return m_rowCount; }
    // Sorted, merged, within 0..rowCount-1.
    const QList<RowSpan>& spans() const { return m_spans; }
    // The rows not selected, sorted: "all N matching" minus these is the selection.
    QList<RowSpan> gaps() const;
    qsizetype count() const { return m_count; }
    bool isEmpty() const { return m_count == 0; }
    bool isEveryRow() const { return m_rowCount > 0 && m_count == m_rowCount; }

private:
    TokenQuery m_query;
    int m_rowCount = 0;
    QList<RowSpan> m_spans;
    qsizetype m_count = 0;
};

} // namespace tokendesk
