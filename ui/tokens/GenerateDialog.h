// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/Result.h"
#include "models/core/Types.h"

#include <QDialog>

class QButtonGroup;
class QComboBox;
class QDateEdit;
class QDialogButtonBox;
class QLineEdit;
class QPushButton;
class QRadioButton;

namespace tokendesk::ui {

class ErrorLabel;
class TokenDetailsFields;

// Asks for what a new token needs: a label, a role (least privilege preselected) and an
// optional expiry. It does not talk to the backend: it emits generateRequested and the caller
// reports back with setBusy / showError, so a failure keeps what the user typed.
class GenerateDialog : public QDialog
{
    Q_OBJECT

public:
    explicit GenerateDialog(QWidget* parent = nullptr);

    // The validated spec, or the first problem (also shown inline).
    Result<TokenSpec> spec(const QDateTime& now) const;
    void setBusy(bool busy);
    void showError(const QString& message);

Q_SIGNALS:
    void generateRequested(const tokendesk::TokenSpec& spec);

private:
    void validateLabel();
    void updateExpiry();
    void submit();

    QLineEdit* m_label;
    ErrorLabel* m_labelError;
    QRadioButton* m_developer;
    QRadioButton* m_admin;
    QComboBox* m_expiry;
    QDateEdit* m_customDate;
    ErrorLabel* m_expiryError;
    TokenDetailsFields* m_details;
    ErrorLabel* m_generalError;
    QDialogButtonBox* m_buttons;
    QPushButton* m_generate;
    bool m_labelTouched = false;
};

} // namespace tokendesk::ui
