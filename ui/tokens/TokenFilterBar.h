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

// Search as you type (debounced, so a fast typist causes one backend query, not ten; a paste or a
// clear applies at once) plus role, status, usage and expiry filters. All filtering happens in
// the backend through the model's query.
class TokenFilterBar : public QWidget
{
    Q_OBJECT

public:
    static constexpr int kDebounceMs = 250;
    // The expiry filter's item for tokens beyond the lifetime policy (the others are day counts, -1 any).
    static constexpr int kBreaksPolicy = -2;

    explicit TokenFilterBar(TokenTableModel* model, QWidget* parent = nullptr);
    QLineEdit* searchField() const { return m_search; }
    void clear();

private:
    void onTextChanged(const QString& text);
    void applyText();
    void applyCombos();

    TokenTableModel* m_model;
    QLineEdit* m_search;
    QComboBox* m_role;
    QComboBox* m_status;
    QComboBox* m_usage;
    QComboBox* m_expiry;
    QTimer* m_debounce;
    qsizetype m_lastTextLength = 0;
};

} // namespace tokendesk::ui
