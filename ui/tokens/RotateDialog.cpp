// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/tokens/RotateDialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace tokendesk::ui {

RotateDialog::RotateDialog(const Token& token, QWidget* parent) : QDialog(parent), m_token(token)
{
    setObjectName(QStringLiteral("rotateDialog"));
    setWindowTitle(tr("Revoke & Regenerate"));
    setAccessibleName(tr("Revoke and regenerate"));

    auto* explanation = new QLabel(tr("Token '%1' (%2) gets a new secret with the same label and role. "
                                      "The new secret is shown once.")
                                       .arg(token.label, token.masked),
                                   this);
    explanation->setTextFormat(Qt::PlainText);
    explanation->setWordWrap(true);

    m_grace = new QComboBox(this);
    m_grace->setObjectName(QStringLiteral("graceCombo"));
    m_grace->setAccessibleName(tr("Old secret stops working"));
    m_grace->addItem(tr("Immediately"), 0);
    m_grace->addItem(tr("After 1 hour"), 3600);
    m_grace->addItem(tr("After 24 hours"), 24 * 3600);
    m_grace->addItem(tr("After 7 days"), 7 * 24 * 3600);

    m_consequence = new QLabel(this);
    m_consequence->setObjectName(QStringLiteral("rotateConsequence"));
    m_consequence->setWordWrap(true);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    QPushButton* cancel = buttons->button(QDialogButtonBox::Cancel);
    cancel->setObjectName(QStringLiteral("cancelButton"));
    cancel->setAccessibleName(tr("Cancel"));
    QPushButton* rotate = buttons->addButton(tr("Revoke && &Regenerate"), QDialogButtonBox::AcceptRole);
    rotate->setObjectName(QStringLiteral("rotateButton"));
    rotate->setAccessibleName(tr("Revoke and regenerate"));
    rotate->setAutoDefault(false);
    cancel->setDefault(true);

    auto* form = new QFormLayout;
    form->addRow(tr("Old secret &stops working:"), m_grace);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(explanation);
    layout->addLayout(form);
    layout->addWidget(m_consequence);
    layout->addWidget(buttons);

    connect(m_grace, &QComboBox::currentIndexChanged, this, &RotateDialog::updateExplanation);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    updateExplanation();
    setMinimumWidth(420);
}

std::chrono::seconds RotateDialog::grace() const
{
    return std::chrono::seconds(m_grace->currentData().toInt());
}

void RotateDialog::updateExplanation()
{
    m_consequence->setText(grace().count() == 0
                               ? tr("The old secret stops working as soon as you confirm; integrations "
                                    "that use it fail until they get the new one.")
                               : tr("The old secret keeps working until the grace period ends, then stops "
                                    "for good. Update the integrations that use it before then."));
}

} // namespace tokendesk::ui
