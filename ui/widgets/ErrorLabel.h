// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLabel>

namespace tokendesk::ui {

// An inline error shown under the field it concerns. Hidden while empty; sets the field's
// accessible description so a screen reader reads the error with the field.
class ErrorLabel : public QLabel
{
    Q_OBJECT

public:
    ErrorLabel(QWidget* buddy, QWidget* parent = nullptr);

    void setError(const QString& message);
    void clearError() { setError({}); }
    bool hasError() const { return !text().isEmpty(); }

private:
    void makeRoom();

    QWidget* m_buddyField;
};

} // namespace tokendesk::ui
