// SPDX-License-Identifier: GPL-3.0-or-later
// A table selection as the selection model keeps it (ranges in click order, overlapping, some
// past the last row after the table shrank) is the same set of rows, counted once.
#include "models/table/TokenSelection.h"

#include <gtest/gtest.h>

namespace tokendesk::test {

TEST(TokenSelectionTest, RangesInAnyOrderMergeIntoSortedSpansCountedOnce)
{
    const TokenSelection selection(TokenQuery{}, 100, {{40, 49}, {0, 4}, {45, 60}, {5, 5}, {80, 80}});
    EXPECT_EQ(selection.spans(), (QList<RowSpan>{{0, 5}, {40, 60}, {80, 80}}));
    EXPECT_EQ(selection.count(), 6 + 21 + 1);
    EXPECT_EQ(selection.gaps(), (QList<RowSpan>{{6, 39}, {61, 79}, {81, 99}}));
    EXPECT_FALSE(selection.isEveryRow());
}

TEST(TokenSelectionTest, RowsPastTheEndOrReversedAreDropped)
{
    const TokenSelection selection(TokenQuery{}, 10, {{8, 20}, {30, 40}, {5, 3}, {-4, 0}});
    EXPECT_EQ(selection.spans(), (QList<RowSpan>{{0, 0}, {8, 9}}));
    EXPECT_EQ(selection.count(), 3);
}

TEST(TokenSelectionTest, EveryRowIsOneSpanWithNoGaps)
{
    TokenQuery query;
    query.filter = QStringLiteral("tag:ci");
    const TokenSelection all(query, 1000000, {{0, 999999}});
    EXPECT_TRUE(all.isEveryRow());
    EXPECT_EQ(all.count(), 1000000);
    EXPECT_TRUE(all.gaps().isEmpty());
    EXPECT_EQ(all.query().filter, QStringLiteral("tag:ci"));

    const TokenSelection none(query, 0, {{0, 5}});
    EXPECT_TRUE(none.isEmpty());
    EXPECT_FALSE(none.isEveryRow());
}

} // namespace tokendesk::test
