// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/users/AddUserDialog.h"

#include "models/core/Validation.h"
#include "ui/widgets/ErrorLabel.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include <utility>

namespace tokendesk::ui {

AddUserDialog::AddUserDialog(QStringList existingNames, QWidget* parent)
    : QDialog(parent), m_existing(std::move(existingNames))
{
    setObjectName(QStringLiteral("addUserDialog"));
    setWindowTitle(tr("Add User"));
    setAccessibleName(tr("Add user"));

    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("userNameField"));
    m_name->setAccessibleName(tr("User name"));
    m_name->setPlaceholderText(tr("e.g. bob or bob@example.org"));
    m_name->setMaxLength(Validation::kMaxUserNameLength * 2); // room for surrogate pairs
    m_error = new ErrorLabel(m_name, this);
    m_error->setObjectName(QStringLiteral("userNameError"));

    m_email = new QLineEdit(this);
    m_email->setObjectName(QStringLiteral("emailField"));
    m_email->setAccessibleName(tr("Mail address"));
    m_email->setPlaceholderText(tr("optional: where their notices are mailed"));
    m_email->setMaxLength(254);
    m_emailError = new ErrorLabel(m_email, this);
    m_emailError->setObjectName(QStringLiteral("emailError"));

    m_admin = new QCheckBox(tr("A&dmin"), this);
    m_admin->setObjectName(QStringLiteral("adminCheck"));
    m_admin->setAccessibleName(tr("Admin"));
    m_admin->setToolTip(tr("Can add and remove users and sees every notice"));
    m_apiAccess = new QCheckBox(tr("API &access"), this);
    m_apiAccess->setObjectName(QStringLiteral("apiAccessCheck"));
    m_apiAccess->setAccessibleName(tr("API access"));
    m_apiAccess->setToolTip(tr("Together with Admin, can generate and manage tokens"));

    auto* hint = new QLabel(tr("Give the least privilege that is enough: an admin with API access can "
                               "generate, rotate and revoke every token of the organisation."),
                            this);
    hint->setObjectName(QStringLiteral("privilegeHint"));
    hint->setWordWrap(true);
    hint->setTextFormat(Qt::PlainText);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    QPushButton* cancel = buttons->button(QDialogButtonBox::Cancel);
    cancel->setObjectName(QStringLiteral("cancelButton"));
    cancel->setAccessibleName(tr("Cancel"));
    m_add = buttons->addButton(tr("&Add"), QDialogButtonBox::AcceptRole);
    m_add->setObjectName(QStringLiteral("addButton"));
    m_add->setAccessibleName(tr("Add user"));
    m_add->setDefault(true);
    m_add->setEnabled(false);

    auto* form = new QFormLayout;
    form->addRow(tr("&Name:"), m_name);
    form->addRow(QString(), m_error);
    form->addRow(tr("&Mail:"), m_email);
    form->addRow(QString(), m_emailError);
    form->addRow(tr("Privileges:"), m_admin);
    form->addRow(QString(), m_apiAccess);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(hint);
    layout->addWidget(buttons);

    setTabOrder(m_name, m_email);
    setTabOrder(m_email, m_admin);
    setTabOrder(m_admin, m_apiAccess);
    setTabOrder(m_apiAccess, m_add);
    setTabOrder(m_add, cancel);

    connect(m_name, &QLineEdit::textChanged, this, &AddUserDialog::validate);
    connect(m_email, &QLineEdit::textChanged, this, &AddUserDialog::validate);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        if (m_add->isEnabled())
            accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    setMinimumWidth(480);
}

void AddUserDialog::validate()
{
    const Result<QString> email = Validation::mailAddress(m_email->text());
    m_emailError->setError(email.ok() ? QString() : email.error().message);
    // An empty name is where every form starts; say nothing until the user has typed.
    if (m_name->text().isEmpty()) {
        m_error->clearError();
        m_add->setEnabled(false);
    } else {
        auto name = Validation::userName(m_name->text());
        QString message = name.ok() ? QString() : name.error().message;
        if (name.ok() && m_existing.contains(name.value()))
            message = tr("There is already a user '%1'.").arg(name.value());
        m_error->setError(message);
        m_add->setEnabled(message.isEmpty() && email.ok());
    }
    // A wrapped error needs more height than the window's minimum size accounts for.
    if (layout()->hasHeightForWidth()) {
        const int needed = layout()->totalHeightForWidth(width());
        if (needed > height())
            resize(width(), needed);
    }
}

User AddUserDialog::user() const
{
    auto name = Validation::userName(m_name->text());
    const Result<QString> email = Validation::mailAddress(m_email->text());
    return User{name.ok() ? name.value() : QString(), m_admin->isChecked(), m_apiAccess->isChecked(),
                email.ok() ? email.value() : QString()};
}

} // namespace tokendesk::ui
