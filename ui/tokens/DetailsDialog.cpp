// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/tokens/DetailsDialog.h"

#include "ui/tokens/TokenDetailsFields.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace tokendesk::ui {

DetailsDialog::DetailsDialog(const Token& token, QWidget* parent) : QDialog(parent), m_token(token)
{
    setObjectName(QStringLiteral("detailsDialog"));
    setWindowTitle(tr("Edit Description and Tags"));
    setAccessibleName(tr("Edit description and tags"));

    auto* about = new QLabel(tr("Token '%1' (%2)").arg(token.label, token.masked), this);
    about->setObjectName(QStringLiteral("detailsTokenName"));
    about->setTextFormat(Qt::PlainText);
    m_fields = new TokenDetailsFields(this);
    m_fields->setDetails({token.description, token.tags});
    auto* hint = new QLabel(
        tr("Filter by a tag with tag:NAME (any value) or tag:NAME=VALUE in the search field."), this);
    hint->setObjectName(QStringLiteral("tagFilterHint"));
    hint->setWordWrap(true);
    hint->setForegroundRole(QPalette::PlaceholderText);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancelButton"));
    buttons->button(QDialogButtonBox::Cancel)->setAccessibleName(tr("Cancel"));
    QPushButton* save = buttons->addButton(tr("&Save"), QDialogButtonBox::AcceptRole);
    save->setObjectName(QStringLiteral("saveDetailsButton"));
    save->setAccessibleName(tr("Save"));
    save->setDefault(true);

    auto* form = new QFormLayout;
    m_fields->addRowsTo(form);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(about);
    layout->addLayout(form);
    layout->addWidget(hint);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::accepted, this, &DetailsDialog::submit);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    m_fields->descriptionField()->setFocus();
    setMinimumWidth(460);
}

void DetailsDialog::submit()
{
    if (QWidget* wrong = m_fields->check()) {
        wrong->setFocus();
        return;
    }
    m_details = m_fields->details().value();
    accept();
}

} // namespace tokendesk::ui
