// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace tokendesk::bench {

struct PaintFigures
{
    double firstPaintMs = 0;
    double rssDeltaMb = 0;
    double sortLastUsedMs = 0;
    double sortLabelMs = 0;
    double filterMs = 0;
    double jumpEndMs = 0;
    double selectAllMs = 0; // Ctrl+A on every row, to the painted selection
};

// An empty QTableView in a window, shown until painted: the floor for any table.
double emptyPaintMs(int runs);

// TokenDesk's main window with no store open, shown until painted: its menus, tool bar, filter
// bar and panels alone (printed beside first_paint_ms to show what the store adds).
double windowChromeMs(int runs);

// TokenDesk's main window on the empty store at `path`, shown until its first answer is painted:
// first_paint_ms is judged against this (the same window, the same store code, no rows).
double emptyStoreFirstPaintMs(const QString& path, int runs);

// TokenDesk's main window on the store at `path`, as an admin uses it: open, click headers,
// type a search, jump to the end, select every row.
PaintFigures measureConsole(const QString& path, const QString& substring, int runs);

// The textbook Qt approach over the same file: QSqlTableModel (every row fetched) behind a
// QSortFilterProxyModel in a QTableView.
PaintFigures measureNaivePeer(const QString& path, const QString& substring, int runs);

} // namespace tokendesk::bench
