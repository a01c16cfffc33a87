// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/tokens/GenerateDialog.h"

#include "models/core/Validation.h"
#include "ui/tokens/ExpiryChooser.h"
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

    m_expiry = new ExpiryChooser(this);

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
    form->addRow(tr("E&xpires:"), m_expiry);
    m_details->addRowsTo(form);
    if (auto* expiryLabel = qobject_cast<QLabel*>(form->labelForField(m_expiry)))
        expiryLabel->setBuddy(m_expiry->list());

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_generalError);
    layout->addStretch();
    layout->addWidget(m_buttons);

    connect(m_label, &QLineEdit::textEdited, this, [this] {
        m_labelTouched = true;
        validateLabel();
    });
    connect(m_admin, &QRadioButton::toggled, this, &GenerateDialog::offerExpiries);
    offerExpiries();
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

void GenerateDialog::setLifetimePolicy(const LifetimePolicy& policy)
{
    m_policy = policy;
    offerExpiries();
}

void GenerateDialog::offerExpiries()
{
    m_expiry->setPolicy(m_policy, m_admin->isChecked() ? Role::Admin : Role::Developer, true);
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
    auto expiry = m_expiry->choice(now);
    if (!expiry.ok())
        return expiry.error();
    spec.expiryFromPolicy = expiry->fromPolicy;
    spec.expiresAt = expiry->expiresAt;
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
        m_expiry->showError(result.error().message);
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
