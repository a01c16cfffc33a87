// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/tokens/GenerateDialog.h"

#include "models/core/Validation.h"
#include "ui/tokens/TokenDetailsFields.h"
#include "ui/widgets/ErrorLabel.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

namespace tokendesk::ui {

namespace {

enum ExpiryChoice
{
    Never,
    Days7,
    Days30,
    Days90,
    Custom
};

QLabel* hintLabel(const QString& text, QWidget* parent)
{
    auto* label = new QLabel(text, parent);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    label->setForegroundRole(QPalette::PlaceholderText);
    label->setIndent(24);
    return label;
}

} // namespace

GenerateDialog::GenerateDialog(QWidget* parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("generateDialog"));
    setWindowTitle(tr("Generate Token"));
    setAccessibleName(tr("Generate token"));

    m_label = new QLineEdit(this);
    m_label->setObjectName(QStringLiteral("labelField"));
    m_label->setAccessibleName(tr("Label"));
    m_label->setPlaceholderText(tr("e.g. ci-deploy"));
    m_label->setMaxLength(Validation::kMaxLabelLength * 2); // room to show "too long" instead of cutting
    m_labelError = new ErrorLabel(m_label, this);
    m_labelError->setObjectName(QStringLiteral("labelError"));

    m_developer = new QRadioButton(tr("&Developer"), this);
    m_developer->setObjectName(QStringLiteral("roleDeveloper"));
    m_developer->setAccessibleName(tr("Developer role"));
    m_developer->setChecked(true);
    m_admin = new QRadioButton(tr("&Admin"), this);
    m_admin->setObjectName(QStringLiteral("roleAdmin"));
    m_admin->setAccessibleName(tr("Admin role"));
    auto* roles = new QButtonGroup(this);
    roles->addButton(m_developer);
    roles->addButton(m_admin);

    m_expiry = new QComboBox(this);
    m_expiry->setObjectName(QStringLiteral("expiryCombo"));
    m_expiry->setAccessibleName(tr("Expiry"));
    m_expiry->addItem(tr("Never"), Never);
    m_expiry->addItem(tr("In 7 days"), Days7);
    m_expiry->addItem(tr("In 30 days"), Days30);
    m_expiry->addItem(tr("In 90 days"), Days90);
    m_expiry->addItem(tr("On a date…"), Custom);
    m_customDate = new QDateEdit(QDate::currentDate().addDays(30), this);
    m_customDate->setObjectName(QStringLiteral("expiryDate"));
    m_customDate->setAccessibleName(tr("Expiry date"));
    m_customDate->setCalendarPopup(true);
    m_customDate->setMinimumDate(QDate::currentDate().addDays(1));
    m_customDate->setMaximumDate(QDate::currentDate().addYears(10).addDays(-1));
    m_customDate->setEnabled(false);
    m_expiryError = new ErrorLabel(m_customDate, this);
    m_expiryError->setObjectName(QStringLiteral("expiryError"));

    auto* expiryRow = new QHBoxLayout;
    expiryRow->addWidget(m_expiry);
    expiryRow->addWidget(m_customDate, 1);

    m_details = new TokenDetailsFields(this);

    m_generalError = new ErrorLabel(this, this);
    m_generalError->setObjectName(QStringLiteral("generateError"));

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_generate = m_buttons->addButton(tr("&Generate"), QDialogButtonBox::AcceptRole);
    m_generate->setObjectName(QStringLiteral("generateButton"));
    m_generate->setAccessibleName(tr("Generate"));
    m_generate->setDefault(true);
    m_buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancelButton"));
    m_buttons->button(QDialogButtonBox::Cancel)->setAccessibleName(tr("Cancel"));

    auto* form = new QFormLayout;
    form->addRow(tr("&Label:"), m_label);
    form->addRow(QString(), m_labelError);
    auto* roleBox = new QVBoxLayout;
    roleBox->addWidget(m_developer);
    roleBox->addWidget(
        hintLabel(tr("Can call the organisation's APIs; cannot manage tokens or users."), this));
    roleBox->addWidget(m_admin);
    roleBox->addWidget(hintLabel(tr("Full control, including other tokens and users."), this));
    auto* leastPrivilege =
        new QLabel(tr("Pick the least privilege the integration needs. A leaked Developer token can do "
                      "far less harm."),
                   this);
    leastPrivilege->setObjectName(QStringLiteral("leastPrivilegeHint"));
    leastPrivilege->setWordWrap(true);
    roleBox->addWidget(leastPrivilege);
    form->addRow(tr("Role:"), roleBox);
    form->addRow(tr("E&xpires:"), expiryRow);
    form->addRow(QString(), m_expiryError);
    m_details->addRowsTo(form);
    if (auto* expiryLabel = qobject_cast<QLabel*>(form->labelForField(expiryRow)))
        expiryLabel->setBuddy(m_expiry);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_generalError);
    layout->addStretch();
    layout->addWidget(m_buttons);

    connect(m_label, &QLineEdit::textEdited, this, [this] {
        m_labelTouched = true;
        validateLabel();
    });
    connect(m_expiry, &QComboBox::currentIndexChanged, this, &GenerateDialog::updateExpiry);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &GenerateDialog::submit);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    setMinimumWidth(460);
}

void GenerateDialog::validateLabel()
{
    if (!m_labelTouched)
        return;
    auto label = Validation::label(m_label->text());
    m_labelError->setError(label.ok() ? QString() : label.error().message);
}

void GenerateDialog::updateExpiry()
{
    m_customDate->setEnabled(m_expiry->currentData().toInt() == Custom);
    m_expiryError->clearError();
}

Result<TokenSpec> GenerateDialog::spec(const QDateTime& now) const
{
    TokenSpec spec;
    auto label = Validation::label(m_label->text());
    if (!label.ok())
        return label.error();
    spec.label = label.value();
    spec.role = m_admin->isChecked() ? Role::Admin : Role::Developer;
    auto details = m_details->details();
    if (!details.ok())
        return details.error();
    spec.description = details->description;
    spec.tags = details->tags;
    switch (m_expiry->currentData().toInt()) {
    case Days7:
        spec.expiresAt = now.addDays(7);
        break;
    case Days30:
        spec.expiresAt = now.addDays(30);
        break;
    case Days90:
        spec.expiresAt = now.addDays(90);
        break;
    case Custom: {
        // The token works through the whole chosen day, in the admin's own time zone.
        const QDateTime endOfDay(m_customDate->date(), QTime(23, 59, 59));
        auto expiry = Validation::expiry(endOfDay.toUTC(), now);
        if (!expiry.ok())
            return expiry.error();
        spec.expiresAt = expiry.value();
        break;
    }
    default:
        break;
    }
    return spec;
}

void GenerateDialog::submit()
{
    m_labelTouched = true;
    m_generalError->clearError();
    auto label = Validation::label(m_label->text());
    m_labelError->setError(label.ok() ? QString() : label.error().message);
    if (!label.ok()) {
        m_label->setFocus();
        return;
    }
    if (QWidget* wrong = m_details->check()) {
        wrong->setFocus();
        return;
    }
    auto result = spec(QDateTime::currentDateTimeUtc());
    if (!result.ok()) {
        m_expiryError->setError(result.error().message);
        m_customDate->setFocus();
        return;
    }
    Q_EMIT generateRequested(result.value());
}

void GenerateDialog::setBusy(bool busy)
{
    m_generate->setEnabled(!busy);
    m_label->setReadOnly(busy);
    m_details->setReadOnly(busy);
    setCursor(busy ? Qt::BusyCursor : Qt::ArrowCursor);
}

void GenerateDialog::showError(const QString& message)
{
    m_generalError->setError(message);
}

} // namespace tokendesk::ui
