// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/tokens/TokenDetailsFields.h"

#include "models/core/Validation.h"
#include "ui/widgets/ErrorLabel.h"

#include <QFormLayout>
#include <QLineEdit>
#include <QRegularExpression>

namespace tokendesk::ui {

TokenDetailsFields::TokenDetailsFields(QWidget* parent) : QObject(parent)
{
    m_description = new QLineEdit(parent);
    m_description->setObjectName(QStringLiteral("descriptionField"));
    m_description->setAccessibleName(tr("Description"));
    m_description->setPlaceholderText(tr("Optional: what uses it, who to ask"));
    // Room to show "too long" instead of cutting the text off silently.
    m_description->setMaxLength(Validation::kMaxDescriptionLength * 2);
    m_descriptionError = new ErrorLabel(m_description, parent);
    m_descriptionError->setObjectName(QStringLiteral("descriptionError"));

    m_tags = new QLineEdit(parent);
    m_tags->setObjectName(QStringLiteral("tagsField"));
    m_tags->setAccessibleName(tr("Tags"));
    m_tags->setPlaceholderText(tr("Optional, e.g. ci, env=prod"));
    m_tagsError = new ErrorLabel(m_tags, parent);
    m_tagsError->setObjectName(QStringLiteral("tagsError"));

    connect(m_description, &QLineEdit::textEdited, this, [this](const QString& text) {
        auto description = Validation::description(text);
        m_descriptionError->setError(description.ok() ? QString() : description.error().message);
    });
    connect(m_tags, &QLineEdit::textEdited, this, [this](const QString& text) {
        auto tags = Validation::tags(splitTags(text));
        m_tagsError->setError(tags.ok() ? QString() : tags.error().message);
    });
}

void TokenDetailsFields::addRowsTo(QFormLayout* form)
{
    form->addRow(tr("&Description:"), m_description);
    form->addRow(QString(), m_descriptionError);
    form->addRow(tr("&Tags:"), m_tags);
    form->addRow(QString(), m_tagsError);
}

void TokenDetailsFields::setDetails(const TokenDetails& details)
{
    m_description->setText(details.description);
    m_tags->setText(details.tags.join(QStringLiteral(", ")));
}

QStringList TokenDetailsFields::splitTags(const QString& text)
{
    static const QRegularExpression separators(QStringLiteral("[,\\s]+"));
    return text.split(separators, Qt::SkipEmptyParts);
}

Result<TokenDetails> TokenDetailsFields::details() const
{
    auto description = Validation::description(m_description->text());
    if (!description.ok())
        return description.error();
    auto tags = Validation::tags(splitTags(m_tags->text()));
    if (!tags.ok())
        return tags.error();
    return TokenDetails{description.value(), tags.value()};
}

QWidget* TokenDetailsFields::check()
{
    auto description = Validation::description(m_description->text());
    m_descriptionError->setError(description.ok() ? QString() : description.error().message);
    auto tags = Validation::tags(splitTags(m_tags->text()));
    m_tagsError->setError(tags.ok() ? QString() : tags.error().message);
    if (!description.ok())
        return m_description;
    if (!tags.ok())
        return m_tags;
    return nullptr;
}

void TokenDetailsFields::setReadOnly(bool readOnly)
{
    m_description->setReadOnly(readOnly);
    m_tags->setReadOnly(readOnly);
}

} // namespace tokendesk::ui
