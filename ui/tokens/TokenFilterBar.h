// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

#include <optional>

class QComboBox;
class QLineEdit;
class QTimer;
class QToolButton;

namespace tokendesk {
class TokenTableModel;
}

namespace tokendesk::ui {

// Search as you type (debounced, so a fast typist causes one backend query, not ten; a paste or a
// clear applies at once) plus role, status, usage and expiry filters. All filtering happens in
// the backend through the model's query. Beside the expiry filter, a badge says how many tokens
// expire within the store's first expiry warning; clicking it lists them.
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
    // The badge: hidden for no tokens or no warning.
    void setExpiringSoon(qint64 count, std::optional<int> days);
    // Sets the expiry filter to "Expires within `days` days" (adding that choice if it is new).
    void showExpiringWithin(int days);

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
    QToolButton* m_expiringBadge;
    std::optional<int> m_expiringDays;
    QTimer* m_debounce;
    qsizetype m_lastTextLength = 0;
};

} // namespace tokendesk::ui
