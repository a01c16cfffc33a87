// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/tokens/ExpiryDialog.h"

#include "models/core/Formatting.h"
#include "ui/tokens/ExpiryChooser.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QVBoxLayout>

namespace tokendesk::ui {

ExpiryDialog::ExpiryDialog(const Token& token, const LifetimePolicy& policy, QWidget* parent)
    : QDialog(parent), m_token(token)
{
    setObjectName(QStringLiteral("expiryDialog"));
    setWindowTitle(tr("Change Expiry"));
    setAccessibleName(tr("Change the token's expiry"));

    auto* current = new QLabel(token.expiresAt.isValid()
                                   ? QLocale().toString(token.expiresAt.toLocalTime(), QLocale::ShortFormat)
                                   : tr("Never"),
                               this);
    current->setObjectName(QStringLiteral("currentExpiry"));
    current->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_chooser = new ExpiryChooser(this);
    m_chooser->setPolicy(policy, token.role, false);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancelButton"));
    buttons->button(QDialogButtonBox::Cancel)->setAccessibleName(tr("Cancel"));
    QPushButton* change = buttons->addButton(tr("&Change Expiry"), QDialogButtonBox::AcceptRole);
    change->setObjectName(QStringLiteral("changeExpiryButton"));
    change->setAccessibleName(tr("Change expiry"));
    change->setDefault(true);

    auto* form = new QFormLayout;
    auto* label = new QLabel(Formatting::escapeForDisplay(token.label), this);
    label->setTextFormat(Qt::PlainText);
    form->addRow(tr("Token:"), label);
    form->addRow(tr("Expires now:"), current);
    form->addRow(tr("&New expiry:"), m_chooser);
    if (auto* newLabel = qobject_cast<QLabel*>(form->labelForField(m_chooser)))
        newLabel->setBuddy(m_chooser->list());
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::accepted, this, &ExpiryDialog::submit);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    setMinimumWidth(420);
}

void ExpiryDialog::submit()
{
    auto chosen = m_chooser->choice(QDateTime::currentDateTimeUtc());
    if (!chosen.ok()) {
        m_chooser->showError(chosen.error().message);
        return;
    }
    m_expiresAt = chosen->expiresAt;
    accept();
}

} // namespace tokendesk::ui
