// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/Secret.h"

#include <QDialog>
#include <QUrl>

class QCheckBox;
class QLineEdit;

namespace tokendesk::ui {

class ErrorLabel;

// File → Connect to Server…: the server's address and an Admin token. Both are validated here
// (an address the console can use, a token in TokenDesk's format) so a typo is caught before any
// network traffic; whether the token is accepted is the server's answer.
class ConnectDialog : public QDialog
{
    Q_OBJECT

public:
    explicit ConnectDialog(QWidget* parent = nullptr);

    void setServer(const QUrl& server);
    // Only meaningful after accept.
    QUrl server() const { return m_server; }
    const Secret& token() const { return m_token; }
    bool rememberToken() const;

private:
    void submit();

    QLineEdit* m_address;
    QLineEdit* m_tokenField;
    QCheckBox* m_remember;
    ErrorLabel* m_addressError;
    ErrorLabel* m_tokenError;
    QUrl m_server;
    Secret m_token;
};

} // namespace tokendesk::ui
