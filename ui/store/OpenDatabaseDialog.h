// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

class QLineEdit;

namespace tokendesk::ui {

class ErrorLabel;

// File → Open PostgreSQL Store…: the database's postgresql:// address, checked here (no
// password in it: libpq takes that from ~/.pgpass) before anything connects.
class OpenDatabaseDialog : public QDialog
{
    Q_OBJECT

public:
    explicit OpenDatabaseDialog(QWidget* parent = nullptr);
    // Only meaningful after accept.
    QString url() const { return m_url; }

private:
    void submit();

    QLineEdit* m_field;
    ErrorLabel* m_error;
    QString m_url;
};

} // namespace tokendesk::ui
