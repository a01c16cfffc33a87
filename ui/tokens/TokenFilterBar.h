// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QComboBox;
class QLineEdit;
class QTimer;

namespace tokendesk {
class TokenTableModel;
}

namespace tokendesk::ui {

// Search as you type (debounced, so a fast typist causes one backend query, not ten) plus role
// and status filters. All filtering happens in the backend through the model's query.
class TokenFilterBar : public QWidget
{
    Q_OBJECT

public:
    static constexpr int kDebounceMs = 250;

    explicit TokenFilterBar(TokenTableModel* model, QWidget* parent = nullptr);
    QLineEdit* searchField() const { return m_search; }
    void clear();

private:
    void applyText();
    void applyCombos();

    TokenTableModel* m_model;
    QLineEdit* m_search;
    QComboBox* m_role;
    QComboBox* m_status;
    QTimer* m_debounce;
};

} // namespace tokendesk::ui
