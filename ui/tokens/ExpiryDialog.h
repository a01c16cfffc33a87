// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/LifetimePolicy.h"
#include "models/core/Types.h"

#include <QDialog>

namespace tokendesk::ui {

class ExpiryChooser;

// Moves a token's expiry ("Extend"): the choices are those the store's lifetime policy allows for
// the token's role, the current expiry is shown beside them.
class ExpiryDialog : public QDialog
{
    Q_OBJECT

public:
    ExpiryDialog(const Token& token, const LifetimePolicy& policy, QWidget* parent = nullptr);
    const Token& token() const { return m_token; }
    // The new expiry (null: never); only meaningful after accept.
    QDateTime expiresAt() const { return m_expiresAt; }

private:
    void submit();

    Token m_token;
    QDateTime m_expiresAt;
    ExpiryChooser* m_chooser;
};

} // namespace tokendesk::ui
