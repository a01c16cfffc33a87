// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/BulkAction.h"
#include "models/core/LifetimePolicy.h"

#include <QDialog>

class QLineEdit;
class QPushButton;

namespace tokendesk::ui {

class ErrorLabel;
class ExpiryChooser;

// The one confirmation of a change to many tokens: it names how many, asks what the action needs
// (the new expiry, the tag) and, for a revoke, that the admin types the number of tokens, since
// nothing brings them back.
class BulkConfirmDialog : public QDialog
{
    Q_OBJECT

public:
    // `policy` is used by Extend only: the choices it allows for every role.
    BulkConfirmDialog(BulkActionKind kind, qsizetype count, const LifetimePolicy& policy,
                      QWidget* parent = nullptr);

    // What to apply; only meaningful after accept.
    const BulkAction& action() const { return m_action; }

    // "Disable 3 tokens", "Revoke 1 token": the action named with its count.
    static QString title(BulkActionKind kind, qsizetype count);

private:
    void submit();
    void updateButton();

    qsizetype m_count;
    BulkAction m_action;
    ExpiryChooser* m_expiry = nullptr;
    QLineEdit* m_tag = nullptr;
    ErrorLabel* m_tagError = nullptr;
    QLineEdit* m_typedCount = nullptr;
    QPushButton* m_apply;
};

} // namespace tokendesk::ui
