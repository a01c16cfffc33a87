// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/Types.h"

#include <QTableView>

#include <optional>

namespace tokendesk {
class TokenTableModel;
}

namespace tokendesk::ui {

class TokenItemDelegate;

// The token table: backend-sorted headers, a column chooser in the header's context menu, and
// one signal for "show this row's actions" whether it came from the mouse (right click, the
// "⋯" button) or the keyboard (Menu key, Shift+F10).
class TokenTableView : public QTableView
{
    Q_OBJECT

public:
    explicit TokenTableView(QWidget* parent = nullptr);

    void setTokenModel(TokenTableModel* model);
    std::optional<Token> currentToken() const;

Q_SIGNALS:
    void rowMenuRequested(const QModelIndex& index, const QPoint& globalPos);
    void currentTokenChanged();

protected:
    void contextMenuEvent(QContextMenuEvent* event) override;

private:
    void showColumnChooser(const QPoint& pos);
    void openMenuForCurrent();

    TokenTableModel* m_model = nullptr;
    TokenItemDelegate* m_delegate;
};

} // namespace tokendesk::ui
