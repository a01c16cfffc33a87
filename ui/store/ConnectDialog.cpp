// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/store/ConnectDialog.h"

#include "models/core/TokenFormat.h"
#include "models/remote/RemoteBackend.h"
#include "ui/store/ServerCredentials.h"
#include "ui/widgets/ErrorLabel.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace tokendesk::ui {

ConnectDialog::ConnectDialog(QWidget* parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("connectDialog"));
    setWindowTitle(tr("Connect to Server"));
    setAccessibleName(tr("Connect to a TokenDesk server"));

    auto* intro = new QLabel(tr("Manage the tokens of a TokenDesk server. The console acts as the user who "
                                "created the Admin token you enter here."),
                             this);
    intro->setWordWrap(true);

    m_address = new QLineEdit(this);
    m_address->setObjectName(QStringLiteral("serverAddressField"));
    m_address->setAccessibleName(tr("Server address"));
    m_address->setPlaceholderText(tr("https://tokens.example.com:8443"));
    m_addressError = new ErrorLabel(m_address, this);
    m_addressError->setObjectName(QStringLiteral("serverAddressError"));

    m_tokenField = new QLineEdit(this);
    m_tokenField->setObjectName(QStringLiteral("adminTokenField"));
    m_tokenField->setAccessibleName(tr("Admin token"));
    m_tokenField->setEchoMode(QLineEdit::Password);
    m_tokenField->setPlaceholderText(QStringLiteral("tdk_…"));
    m_tokenError = new ErrorLabel(m_tokenField, this);
    m_tokenError->setObjectName(QStringLiteral("adminTokenError"));

    m_remember = new QCheckBox(tr("Re&member the token in the system keychain"), this);
    m_remember->setObjectName(QStringLiteral("rememberTokenCheck"));
    m_remember->setAccessibleName(tr("Remember the token in the system keychain"));
    m_remember->setChecked(!ServerCredentials::keychainDisabled());

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancelButton"));
    buttons->button(QDialogButtonBox::Cancel)->setAccessibleName(tr("Cancel"));
    QPushButton* connectButton = buttons->addButton(tr("&Connect"), QDialogButtonBox::AcceptRole);
    connectButton->setObjectName(QStringLiteral("connectButton"));
    connectButton->setAccessibleName(tr("Connect"));
    connectButton->setDefault(true);

    auto* form = new QFormLayout;
    form->addRow(tr("&Server:"), m_address);
    form->addRow(QString(), m_addressError);
    form->addRow(tr("Admin &token:"), m_tokenField);
    form->addRow(QString(), m_tokenError);
    form->addRow(QString(), m_remember);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(buttons);

    connect(m_address, &QLineEdit::textEdited, m_addressError, &ErrorLabel::clearError);
    connect(m_tokenField, &QLineEdit::textEdited, m_tokenError, &ErrorLabel::clearError);
    connect(buttons, &QDialogButtonBox::accepted, this, &ConnectDialog::submit);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    setMinimumWidth(440);
}

void ConnectDialog::setServer(const QUrl& server)
{
    m_address->setText(server.toString());
    m_tokenField->setFocus();
}

bool ConnectDialog::rememberToken() const
{
    return m_remember->isChecked();
}

void ConnectDialog::submit()
{
    auto server = RemoteBackend::parseServerUrl(m_address->text());
    QString typed = m_tokenField->text().trimmed();
    Secret token = Secret::fromString(typed);
    secureWipe(typed);
    auto format = TokenFormat::parse(token.view());
    m_addressError->setError(server.ok() ? QString() : server.error().message);
    m_tokenError->setError(format.ok() ? QString()
                                       : tr("This is not a TokenDesk token (they start with tdk_ and hold 40 "
                                            "characters): %1")
                                             .arg(format.error().message));
    if (!server.ok()) {
        m_address->setFocus();
        return;
    }
    if (!format.ok()) {
        m_tokenField->setFocus();
        return;
    }
    m_server = server.value();
    m_token = std::move(token);
    m_tokenField->clear(); // the plaintext leaves the widget as soon as it is read
    accept();
}

} // namespace tokendesk::ui
