// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/tokens/EmptyStatePanel.h"

#include "ui/widgets/Icons.h"

#include <QAction>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace tokendesk::ui {

EmptyStatePanel::EmptyStatePanel(QAction* generate, QWidget* parent) : QWidget(parent), m_generate(generate)
{
    setObjectName(QStringLiteral("emptyState"));

    auto* icon = new QLabel(this);
    icon->setPixmap(Icons::appIcon().pixmap(64, 64));
    icon->setAlignment(Qt::AlignCenter);

    auto* heading = new QLabel(tr("No tokens yet"), this);
    heading->setObjectName(QStringLiteral("emptyStateHeading"));
    QFont font = heading->font();
    font.setPointSizeF(font.pointSizeF() * 1.4);
    font.setBold(true);
    heading->setFont(font);
    heading->setAlignment(Qt::AlignCenter);

    auto* text = new QLabel(tr("An API token lets a script, a CI job or another service call your "
                               "organisation's APIs. Each token has a role that limits what it may do, and "
                               "you can disable, rotate or revoke it at any time. The token itself is shown "
                               "only once, when you generate it."),
                            this);
    text->setObjectName(QStringLiteral("emptyStateText"));
    text->setWordWrap(true);
    text->setAlignment(Qt::AlignCenter);
    text->setMaximumWidth(520);

    m_button = new QPushButton(generate->icon(), tr("Generate Your First Token…"), this);
    m_button->setObjectName(QStringLiteral("emptyStateGenerate"));
    m_button->setAccessibleName(tr("Generate your first token"));

    auto* layout = new QVBoxLayout(this);
    layout->addStretch(2);
    layout->addWidget(icon);
    layout->addWidget(heading);
    // Centred through stretches, not an alignment flag, so the wrapped text gets its full height.
    auto* textRow = new QHBoxLayout;
    textRow->addStretch();
    textRow->addWidget(text, 1);
    textRow->addStretch();
    layout->addLayout(textRow);
    layout->addSpacing(12);
    layout->addWidget(m_button, 0, Qt::AlignHCenter);
    layout->addStretch(3);

    connect(m_button, &QPushButton::clicked, generate, &QAction::trigger);
    connect(generate, &QAction::changed, this, &EmptyStatePanel::follow);
    follow();
}

// The button mirrors the action, including the tooltip that says why it is unavailable.
void EmptyStatePanel::follow()
{
    m_button->setEnabled(m_generate->isEnabled());
    m_button->setToolTip(m_generate->toolTip());
}

} // namespace tokendesk::ui
