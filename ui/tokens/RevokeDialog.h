// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/Types.h"

#include <QDialog>

class QLineEdit;
class QPushButton;

namespace tokendesk::ui {

// Confirms a permanent revoke. The "Revoke token" button stays disabled until the token's label
// is typed exactly, and Cancel is the default, so neither Enter nor habit can revoke by accident.
class RevokeDialog : public QDialog
{
    Q_OBJECT

public:
    RevokeDialog(const Token& token, QWidget* parent = nullptr);
    const Token& token() const { return m_token; }

private:
    Token m_token;
    QLineEdit* m_confirm;
    QPushButton* m_revoke;
};

} // namespace tokendesk::ui
