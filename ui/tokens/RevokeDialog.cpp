// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/tokens/RevokeDialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace tokendesk::ui {

RevokeDialog::RevokeDialog(const Token& token, QWidget* parent) : QDialog(parent), m_token(token)
{
    setObjectName(QStringLiteral("revokeDialog"));
    setWindowTitle(tr("Revoke Token"));
    setAccessibleName(tr("Revoke token"));

    auto* explanation = new QLabel(tr("Revoke token '%1' (%2)? Every integration that uses it stops working "
                                      "immediately. This cannot be undone.")
                                       .arg(token.label, token.masked),
                                   this);
    explanation->setObjectName(QStringLiteral("revokeExplanation"));
    explanation->setTextFormat(Qt::PlainText);
    explanation->setWordWrap(true);

    auto* prompt = new QLabel(tr("To confirm, type the token's label: %1").arg(token.label), this);
    prompt->setTextFormat(Qt::PlainText);
    prompt->setWordWrap(true);
    m_confirm = new QLineEdit(this);
    m_confirm->setObjectName(QStringLiteral("confirmField"));
    m_confirm->setAccessibleName(tr("Token label to confirm"));
    prompt->setBuddy(m_confirm);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    QPushButton* cancel = buttons->button(QDialogButtonBox::Cancel);
    cancel->setObjectName(QStringLiteral("cancelButton"));
    cancel->setAccessibleName(tr("Cancel"));
    m_revoke = buttons->addButton(tr("&Revoke token"), QDialogButtonBox::DestructiveRole);
    m_revoke->setObjectName(QStringLiteral("revokeButton"));
    m_revoke->setAccessibleName(tr("Revoke token"));
    m_revoke->setEnabled(false);
    m_revoke->setAutoDefault(false);
    cancel->setDefault(true);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(explanation);
    layout->addWidget(prompt);
    layout->addWidget(m_confirm);
    layout->addWidget(buttons);

    connect(m_confirm, &QLineEdit::textChanged, this,
            [this](const QString& text) { m_revoke->setEnabled(text == m_token.label); });
    connect(m_revoke, &QPushButton::clicked, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    setMinimumWidth(420);
}

} // namespace tokendesk::ui
