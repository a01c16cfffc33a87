// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/LifetimePolicy.h"
#include "models/core/Result.h"
#include "models/core/Types.h"

#include <QDialog>

class QButtonGroup;
class QDialogButtonBox;
class QLineEdit;
class QPushButton;
class QRadioButton;

namespace tokendesk::ui {

class ErrorLabel;
class ExpiryChooser;
class TokenDetailsFields;

// Asks for what a new token needs: a label, a role (least privilege preselected) and an
// expiry among those the store's lifetime policy allows for that role. It does not talk to the backend: it
// emits generateRequested and the caller reports back with setBusy / showError, so a failure keeps what the
// user typed.
class GenerateDialog : public QDialog
{
    Q_OBJECT

public:
    explicit GenerateDialog(QWidget* parent = nullptr);

    // Until called, every expiry is offered (a store without a policy).
    void setLifetimePolicy(const LifetimePolicy& policy);

    // The validated spec, or the first problem (also shown inline).
    Result<TokenSpec> spec(const QDateTime& now) const;
    void setBusy(bool busy);
    void showError(const QString& message);

Q_SIGNALS:
    void generateRequested(const tokendesk::TokenSpec& spec);

private:
    void validateLabel();
    void offerExpiries();
    void submit();

    QLineEdit* m_label;
    ErrorLabel* m_labelError;
    QRadioButton* m_developer;
    QRadioButton* m_admin;
    ExpiryChooser* m_expiry;
    LifetimePolicy m_policy = LifetimePolicy::unrestricted();
    TokenDetailsFields* m_details;
    ErrorLabel* m_generalError;
    QDialogButtonBox* m_buttons;
    QPushButton* m_generate;
    bool m_labelTouched = false;
};

} // namespace tokendesk::ui
