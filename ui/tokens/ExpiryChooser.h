// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/LifetimePolicy.h"
#include "models/core/Result.h"

#include <QDateTime>
#include <QWidget>

class QComboBox;
class QDateEdit;
class QLabel;

namespace tokendesk::ui {

class ErrorLabel;

// Where a token's expiry is chosen (the generate and the change-expiry dialogs): a list of
// lifetimes — only those the store's lifetime policy allows for the role — or a date, with a line
// that says what the policy allows and why a choice is missing.
class ExpiryChooser : public QWidget
{
    Q_OBJECT

public:
    explicit ExpiryChooser(QWidget* parent = nullptr);

    // `offerStoreDefault`: the first choice leaves the expiry to the store ("Store default (in 90
    // days)"), which the backend then applies; otherwise the role's default lifetime is preselected.
    void setPolicy(const LifetimePolicy& policy, Role role, bool offerStoreDefault);

    struct Choice
    {
        bool fromPolicy = false; // the store's default: expiresAt is not used
        QDateTime expiresAt;     // null: never
    };
    // The chosen expiry, or the problem with a chosen date (also shown inline).
    Result<Choice> choice(const QDateTime& now) const;
    void showError(const QString& message);
    QComboBox* list() const { return m_list; } // a form label's buddy

private:
    void updateDate();

    QComboBox* m_list;
    QDateEdit* m_date;
    QLabel* m_policyHint;
    ErrorLabel* m_error;
    std::optional<QDateTime> m_latest; // the policy's maximum, from when the choices were made
};

} // namespace tokendesk::ui
