// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/table/TokenSelection.h"

#include <algorithm>

namespace tokendesk {

TokenSelection::TokenSelection(TokenQuery query, int rowCount, QList<RowSpan> spans)
    : m_query(std::move(query)), m_rowCount(std::max(rowCount, 0))
{
    std::sort(spans.begin(), spans.end(),
              [](const RowSpan& a, const RowSpan& b) { return a.first < b.first; });
    for (RowSpan span : spans) {
        span.first = std::max(span.first, 0);
        span.last = std::min(span.last, m_rowCount - 1);
        if (span.size() <= 0)
            continue;
        if (!m_spans.isEmpty() && span.first <= m_spans.last().last + 1)
            m_spans.last().last = std::max(m_spans.last().last, span.last);
        else
            m_spans.append(span);
    }
    for (const RowSpan& span : std::as_const(m_spans))
        m_count += span.size();
}

QList<RowSpan> TokenSelection::gaps() const
{
    QList<RowSpan> gaps;
    int next = 0;
    for (const RowSpan& span : m_spans) {
        if (span.first > next)
            gaps.append({next, span.first - 1});
        next = span.last + 1;
    }
    if (next < m_rowCount)
        gaps.append({next, m_rowCount - 1});
    return gaps;
}

} // namespace tokendesk
