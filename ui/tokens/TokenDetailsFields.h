// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/Result.h"
#include "models/core/Types.h"

#include <QObject>

class QFormLayout;
class QLineEdit;
class QWidget;

namespace tokendesk::ui {

class ErrorLabel;

// The description and tags fields that the generate dialog and the edit dialog share: two line
// edits with their inline errors, checked as the admin types by the same rules the backend uses.
// Tags are typed separated by commas or spaces ("ci, env=prod"), which no tag contains.
class TokenDetailsFields : public QObject
{
    Q_OBJECT

public:
    explicit TokenDetailsFields(QWidget* parent);

    // Adds "Description:" and "Tags:" rows (each with its error row) to `form`.
    void addRowsTo(QFormLayout* form);
    void setDetails(const TokenDetails& details);
    // The validated, normalised details, or the first problem (also shown inline).
    Result<TokenDetails> details() const;
    // Shows the problems of what is typed now; returns the field to focus, or null when valid.
    QWidget* check();
    void setReadOnly(bool readOnly);

    QLineEdit* descriptionField() const { return m_description; }
    QLineEdit* tagsField() const { return m_tags; }

    static QStringList splitTags(const QString& text);

private:
    QLineEdit* m_description;
    ErrorLabel* m_descriptionError;
    QLineEdit* m_tags;
    ErrorLabel* m_tagsError;
};

} // namespace tokendesk::ui
