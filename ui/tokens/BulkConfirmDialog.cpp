// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/tokens/BulkConfirmDialog.h"

#include "models/core/Validation.h"
#include "ui/tokens/ExpiryChooser.h"
#include "ui/widgets/ErrorLabel.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QVBoxLayout>

namespace tokendesk::ui {

namespace {

// The role whose maximum lifetime is shorter: what it allows, every selected token may have.
Role strictestRole(const LifetimePolicy& policy)
{
    const auto& admin = policy.admin.maximum;
    const auto& developer = policy.developer.maximum;
    if (developer && (!admin || *developer < *admin))
        return Role::Developer;
    return Role::Admin;
}

} // namespace

QString BulkConfirmDialog::title(BulkActionKind kind, qsizetype count)
{
    const int n = int(count);
    switch (kind) {
    case BulkActionKind::Disable:
        return tr("Disable %n token(s)", "", n);
    case BulkActionKind::Enable:
        return tr("Enable %n token(s)", "", n);
    case BulkActionKind::Revoke:
        return tr("Revoke %n token(s)", "", n);
    case BulkActionKind::Extend:
        return tr("Change the expiry of %n token(s)", "", n);
    case BulkActionKind::AddTag:
        return tr("Tag %n token(s)", "", n);
    case BulkActionKind::RemoveTag:
        return tr("Remove a tag from %n token(s)", "", n);
    }
    return {};
}

BulkConfirmDialog::BulkConfirmDialog(BulkActionKind kind, qsizetype count, const LifetimePolicy& policy,
                                     QWidget* parent)
    : QDialog(parent), m_count(count)
{
    m_action.kind = kind;
    setObjectName(QStringLiteral("bulkConfirmDialog"));
    setWindowTitle(title(kind, count));
    setAccessibleName(title(kind, count));
    const int n = int(count);

    QString explanation;
    switch (kind) {
    case BulkActionKind::Disable:
        explanation = tr("The %n selected token(s) stop working until they are enabled again. "
                         "Tokens that are disabled already stay as they are.",
                         "", n);
        break;
    case BulkActionKind::Enable:
        explanation = tr("The %n selected token(s) can be used again.", "", n);
        break;
    case BulkActionKind::Revoke:
        explanation = tr("Every integration that uses one of the %n selected token(s) stops working "
                         "immediately. This cannot be undone.",
                         "", n);
        break;
    case BulkActionKind::Extend:
        explanation = tr("The %n selected token(s) get the expiry chosen below. A token whose role "
                         "the lifetime policy does not allow it for is left as it is and listed.",
                         "", n);
        break;
    case BulkActionKind::AddTag:
        explanation = tr("The tag is added to each of the %n selected token(s).", "", n);
        break;
    case BulkActionKind::RemoveTag:
        explanation = tr("The tag is taken off each of the %n selected token(s) that has it.", "", n);
        break;
    }
    auto* text = new QLabel(explanation, this);
    text->setObjectName(QStringLiteral("bulkExplanation"));
    text->setWordWrap(true);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    QPushButton* cancel = buttons->button(QDialogButtonBox::Cancel);
    cancel->setObjectName(QStringLiteral("cancelButton"));
    cancel->setAccessibleName(tr("Cancel"));
    const bool destructive = kind == BulkActionKind::Revoke;
    m_apply = buttons->addButton(title(kind, count), destructive ? QDialogButtonBox::DestructiveRole
                                                                 : QDialogButtonBox::AcceptRole);
    m_apply->setObjectName(QStringLiteral("applyButton"));
    m_apply->setAccessibleName(title(kind, count));
    // A revoke never happens on Enter alone.
    m_apply->setAutoDefault(!destructive);
    (destructive ? cancel : m_apply)->setDefault(true);

    auto* form = new QFormLayout;
    if (kind == BulkActionKind::Extend) {
        m_expiry = new ExpiryChooser(this);
        m_expiry->setPolicy(policy, strictestRole(policy), false);
        form->addRow(tr("&New expiry:"), m_expiry);
        if (auto* label = qobject_cast<QLabel*>(form->labelForField(m_expiry)))
            label->setBuddy(m_expiry->list());
    } else if (kind == BulkActionKind::AddTag || kind == BulkActionKind::RemoveTag) {
        m_tag = new QLineEdit(this);
        m_tag->setObjectName(QStringLiteral("tagField"));
        m_tag->setAccessibleName(tr("Tag"));
        m_tag->setPlaceholderText(tr("ci or env=production"));
        m_tag->setMaxLength(Validation::kMaxTagNameLength + 1 + Validation::kMaxTagValueLength);
        form->addRow(tr("&Tag:"), m_tag);
        m_tagError = new ErrorLabel(m_tag, this);
        form->addRow(QString(), m_tagError);
        connect(m_tag, &QLineEdit::textChanged, this, [this] {
            m_tagError->clearError();
            updateButton();
        });
    } else if (destructive) {
        const QString number = QLocale().toString(n);
        auto* prompt = new QLabel(tr("To confirm, type the number of tokens: %1").arg(number), this);
        prompt->setWordWrap(true);
        m_typedCount = new QLineEdit(this);
        m_typedCount->setObjectName(QStringLiteral("confirmField"));
        m_typedCount->setAccessibleName(tr("Number of tokens to confirm"));
        prompt->setBuddy(m_typedCount);
        form->addRow(prompt);
        form->addRow(m_typedCount);
        connect(m_typedCount, &QLineEdit::textChanged, this, &BulkConfirmDialog::updateButton);
    }

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(text);
    layout->addLayout(form);
    layout->addWidget(buttons);
    connect(m_apply, &QPushButton::clicked, this, &BulkConfirmDialog::submit);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    updateButton();
    setMinimumWidth(440);
}

void BulkConfirmDialog::updateButton()
{
    bool ready = true;
    if (m_typedCount) {
        // The number as the admin would write it: "1000" and the locale's "1,000" both count.
        bool isNumber = false;
        const QString typed = m_typedCount->text().trimmed();
        qlonglong value = QLocale().toLongLong(typed, &isNumber);
        if (!isNumber)
            value = typed.toLongLong(&isNumber);
        ready = isNumber && value == m_count;
    }
    if (m_tag)
        ready = !m_tag->text().trimmed().isEmpty();
    m_apply->setEnabled(ready);
}

void BulkConfirmDialog::submit()
{
    if (m_expiry) {
        const auto chosen = m_expiry->choice(QDateTime::currentDateTimeUtc());
        if (!chosen.ok()) {
            m_expiry->showError(chosen.error().message);
            return;
        }
        m_action.expiresAt = chosen->expiresAt;
    }
    if (m_tag) {
        const Result<QString> tag = Validation::tag(m_tag->text().trimmed());
        if (!tag.ok()) {
            m_tagError->setError(tag.error().message);
            return;
        }
        m_action.tag = tag.value();
    }
    accept();
}

} // namespace tokendesk::ui
