// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/Types.h"

#include <QDialog>
#include <QStringList>

class QCheckBox;
class QLineEdit;
class QPushButton;

namespace tokendesk::ui {

class ErrorLabel;

// Asks for a new user's name and privileges. The name is checked as it is typed (same rules as
// the store, plus the names already known), and Add stays disabled until it is acceptable.
class AddUserDialog : public QDialog
{
    Q_OBJECT

public:
    explicit AddUserDialog(QStringList existingNames, QWidget* parent = nullptr);

    // The validated user; only meaningful after accept.
    User user() const;

private:
    void validate();

    QStringList m_existing;
    QLineEdit* m_name;
    ErrorLabel* m_error;
    QLineEdit* m_email;
    ErrorLabel* m_emailError;
    QCheckBox* m_admin;
    QCheckBox* m_apiAccess;
    QPushButton* m_add;
};

} // namespace tokendesk::ui
