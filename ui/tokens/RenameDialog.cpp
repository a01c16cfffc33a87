// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/tokens/RenameDialog.h"

#include "models/core/Validation.h"
#include "ui/widgets/ErrorLabel.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace tokendesk::ui {

RenameDialog::RenameDialog(const Token& token, QWidget* parent) : QDialog(parent), m_token(token)
{
    setObjectName(QStringLiteral("renameDialog"));
    setWindowTitle(tr("Rename Token"));
    setAccessibleName(tr("Rename token"));

    m_field = new QLineEdit(token.label, this);
    m_field->setObjectName(QStringLiteral("renameField"));
    m_field->setAccessibleName(tr("New label"));
    m_field->selectAll();
    m_error = new ErrorLabel(m_field, this);
    m_error->setObjectName(QStringLiteral("renameError"));

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancelButton"));
    buttons->button(QDialogButtonBox::Cancel)->setAccessibleName(tr("Cancel"));
    QPushButton* rename = buttons->addButton(tr("&Rename"), QDialogButtonBox::AcceptRole);
    rename->setObjectName(QStringLiteral("renameButton"));
    rename->setAccessibleName(tr("Rename"));
    rename->setDefault(true);

    auto* form = new QFormLayout;
    form->addRow(tr("&Label:"), m_field);
    form->addRow(QString(), m_error);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);

    connect(m_field, &QLineEdit::textEdited, this, [this](const QString& text) {
        auto label = Validation::label(text);
        m_error->setError(label.ok() ? QString() : label.error().message);
    });
    connect(buttons, &QDialogButtonBox::accepted, this, &RenameDialog::submit);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    setMinimumWidth(360);
}

void RenameDialog::submit()
{
    auto label = Validation::label(m_field->text());
    if (!label.ok()) {
        m_error->setError(label.error().message);
        m_field->setFocus();
        return;
    }
    m_label = label.value();
    accept();
}

} // namespace tokendesk::ui
