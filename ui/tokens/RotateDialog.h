// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/Types.h"

#include <QDialog>

#include <chrono>

class QComboBox;
class QLabel;

namespace tokendesk::ui {

// Confirms "Revoke & regenerate": a new secret replaces the old one, which stops working now
// or after a chosen grace period (time to update the integrations that use it).
class RotateDialog : public QDialog
{
    Q_OBJECT

public:
    RotateDialog(const Token& token, QWidget* parent = nullptr);
    const Token& token() const { return m_token; }
    std::chrono::seconds grace() const;

private:
    void updateExplanation();

    Token m_token;
    QComboBox* m_grace;
    QLabel* m_consequence;
};

} // namespace tokendesk::ui
