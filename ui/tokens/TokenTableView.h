// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/Types.h"
#include "models/table/TokenSelection.h"

#include <QTableView>

#include <optional>

namespace tokendesk {
class TokenTableModel;
}

namespace tokendesk::ui {

class TokenItemDelegate;

// The token table: backend-sorted headers, a column chooser in the header's context menu, and
// one signal for "show this row's actions" whether it came from the mouse (right click, the
// "⋯" button) or the keyboard (Menu key, Shift+F10). Rows are selected as in a file manager
// (Shift and Ctrl with clicks and arrows, Ctrl+A for every row the filter matches); the selection
// stays a handful of row spans however many rows it covers.
class TokenTableView : public QTableView
{
    Q_OBJECT

public:
    explicit TokenTableView(QWidget* parent = nullptr);

    void setTokenModel(TokenTableModel* model);
    // The token the single-token actions act on: the current row, while it is the only one selected.
    std::optional<Token> currentToken() const;
    // Every selected row, as spans of the model's current query.
    TokenSelection selection() const;
    qsizetype selectedCount() const;

Q_SIGNALS:
    void rowMenuRequested(const QModelIndex& index, const QPoint& globalPos);
    void currentTokenChanged();

protected:
    void contextMenuEvent(QContextMenuEvent* event) override;

private:
    void showColumnChooser(const QPoint& pos);
    void openMenuForCurrent();
    // A click or the menu key on a row outside the selection selects that row alone; on a row
    // inside it, the selection stays, so its menu acts on every selected row.
    void makeCurrentKeepingSelection(const QModelIndex& index);

    TokenTableModel* m_model = nullptr;
    TokenItemDelegate* m_delegate;
};

} // namespace tokendesk::ui
