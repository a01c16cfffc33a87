// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/store/OpenDatabaseDialog.h"

#include "models/backend/sql/StoreLocation.h"
#include "ui/widgets/ErrorLabel.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace tokendesk::ui {

OpenDatabaseDialog::OpenDatabaseDialog(QWidget* parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("openDatabaseDialog"));
    setWindowTitle(tr("Open PostgreSQL Store"));
    setAccessibleName(tr("Open a store kept in PostgreSQL"));

    auto* intro = new QLabel(tr("A store shared by several admins and servers. The password is taken from "
                                "your ~/.pgpass file (or PGPASSFILE), never typed here."),
                             this);
    intro->setWordWrap(true);
    m_field = new QLineEdit(this);
    m_field->setObjectName(QStringLiteral("databaseUrlField"));
    m_field->setAccessibleName(tr("Database address"));
    m_field->setPlaceholderText(QStringLiteral("postgresql://alice@db.example.org:5432/tokens"));
    m_error = new ErrorLabel(m_field, this);
    m_error->setObjectName(QStringLiteral("databaseUrlError"));

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancelButton"));
    buttons->button(QDialogButtonBox::Cancel)->setAccessibleName(tr("Cancel"));
    QPushButton* open = buttons->addButton(tr("&Open"), QDialogButtonBox::AcceptRole);
    open->setObjectName(QStringLiteral("openButton"));
    open->setAccessibleName(tr("Open"));
    open->setDefault(true);

    auto* form = new QFormLayout;
    form->addRow(tr("&Database:"), m_field);
    form->addRow(QString(), m_error);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(buttons);

    connect(m_field, &QLineEdit::textEdited, m_error, &ErrorLabel::clearError);
    connect(buttons, &QDialogButtonBox::accepted, this, &OpenDatabaseDialog::submit);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    setMinimumWidth(460);
}

void OpenDatabaseDialog::submit()
{
    const QString text = m_field->text().trimmed();
    if (!StoreLocation::looksLikeUrl(text)) {
        m_error->setError(tr("Enter an address such as postgresql://user@host:5432/database."));
        return;
    }
    auto location = StoreLocation::parse(text);
    if (!location.ok()) {
        m_error->setError(location.error().message);
        return;
    }
    m_url = text;
    accept();
}

} // namespace tokendesk::ui
