// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

#include <memory>

class QLabel;
class QLineEdit;
class QTableView;

namespace tokendesk {
class Backend;
class EndedTokenListModel;
} // namespace tokendesk

namespace tokendesk::ui {

// View → Inactive Tokens…: the revoked and rotated-out tokens of the store, newest first, with
// who ended each one, when and why. Read-only: an ended token cannot come back, and its secret
// is gone from the store.
class InactiveTokensDialog : public QDialog
{
    Q_OBJECT

public:
    InactiveTokensDialog(std::shared_ptr<Backend> backend, QWidget* parent = nullptr);

    EndedTokenListModel* model() const { return m_model; }

private:
    void updateSummary();

    EndedTokenListModel* m_model;
    QLineEdit* m_search;
    QTableView* m_table;
    QLabel* m_summary;
};

} // namespace tokendesk::ui
