// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/backend/Backend.h"

#include <QWidget>

#include <memory>
#include <optional>

class QLabel;
class QTableWidget;

namespace tokendesk {
class RequestTracker;
}

namespace tokendesk::ui {

// Every field of the selected token and its history from the audit log.
class TokenDetailsPanel : public QWidget
{
    Q_OBJECT

public:
    explicit TokenDetailsPanel(QWidget* parent = nullptr);

    void setBackend(std::shared_ptr<Backend> backend);
    // Shows the token (or the "nothing selected" text) and loads its history when it changed.
    void showToken(const std::optional<Token>& token);
    // Several rows are selected: the panel says how many instead of showing one token.
    void showSelectedCount(qsizetype count);
    bool isBusy() const;
    // The history being loaded: only that of the token shown counts.
    RequestTracker* requests() const { return m_historyRequests; }
    QSize sizeHint() const override;

    static QString describeAction(const QString& action);

private:
    QLabel* addField(const QString& objectName);
    void loadHistory();
    void addHistoryRow(const QString& when, const QString& who, const QString& what);

    std::shared_ptr<Backend> m_backend;
    std::optional<Token> m_token;
    RequestTracker* m_historyRequests;
    QLabel* m_placeholder;
    QWidget* m_fields;
    QLabel* m_label;
    QLabel* m_masked;
    QLabel* m_role;
    QLabel* m_status;
    QLabel* m_createdBy;
    QLabel* m_createdAt;
    QLabel* m_expiresAt;
    QLabel* m_lastUsed;
    QLabel* m_id;
    QLabel* m_description;
    QLabel* m_tags;
    QTableWidget* m_history;
};

} // namespace tokendesk::ui
