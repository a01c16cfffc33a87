// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/Types.h"

#include <QDialog>

class QLineEdit;
class QPushButton;

namespace tokendesk::ui {

class ErrorLabel;

class RenameDialog : public QDialog
{
    Q_OBJECT

public:
    RenameDialog(const Token& token, QWidget* parent = nullptr);
    const Token& token() const { return m_token; }
    // The validated new label; only meaningful after accept.
    QString label() const { return m_label; }

private:
    void submit();

    Token m_token;
    QString m_label;
    QLineEdit* m_field;
    ErrorLabel* m_error;
};

} // namespace tokendesk::ui
