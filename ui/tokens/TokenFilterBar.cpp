// SPDX-License-Identifier: GPL-3.0-or-later
#include "TokenFilterBar.h"

#include "table/TokenTableModel.h"

#include <QAction>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QStyle>
#include <QTimer>

namespace tokendesk::ui {

TokenFilterBar::TokenFilterBar(TokenTableModel* model, QWidget* parent) : QWidget(parent), m_model(model)
{
    setObjectName(QStringLiteral("filterBar"));

    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("searchField"));
    m_search->setAccessibleName(tr("Search tokens"));
    m_search->setPlaceholderText(tr("Search by label or creator…"));
    m_search->setClearButtonEnabled(true);
    m_search->addAction(style()->standardIcon(QStyle::SP_FileDialogContentsView), QLineEdit::LeadingPosition);

    m_role = new QComboBox(this);
    m_role->setObjectName(QStringLiteral("roleFilter"));
    m_role->setAccessibleName(tr("Filter by role"));
    m_role->addItem(tr("All roles"), -1);
    m_role->addItem(TokenTableModel::roleText(Role::Developer), int(Role::Developer));
    m_role->addItem(TokenTableModel::roleText(Role::Admin), int(Role::Admin));

    m_status = new QComboBox(this);
    m_status->setObjectName(QStringLiteral("statusFilter"));
    m_status->setAccessibleName(tr("Filter by status"));
    m_status->addItem(tr("Any status"), -1);
    for (TokenStatus status : {TokenStatus::Active, TokenStatus::Disabled, TokenStatus::Expired})
        m_status->addItem(TokenTableModel::statusText(status), int(status));

    m_debounce = new QTimer(this);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(kDebounceMs);

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_search, 1);
    layout->addWidget(m_role);
    layout->addWidget(m_status);

    connect(m_search, &QLineEdit::textChanged, m_debounce, qOverload<>(&QTimer::start));
    connect(m_debounce, &QTimer::timeout, this, &TokenFilterBar::applyText);
    connect(m_role, &QComboBox::currentIndexChanged, this, &TokenFilterBar::applyCombos);
    connect(m_status, &QComboBox::currentIndexChanged, this, &TokenFilterBar::applyCombos);
}

void TokenFilterBar::applyText()
{
    m_model->setFilterText(m_search->text().trimmed());
}

void TokenFilterBar::applyCombos()
{
    const int role = m_role->currentData().toInt();
    const int status = m_status->currentData().toInt();
    m_model->setRoleFilter(role < 0 ? std::nullopt : std::optional<Role>(Role(role)));
    m_model->setStatusFilter(status < 0 ? std::nullopt : std::optional<TokenStatus>(TokenStatus(status)));
}

void TokenFilterBar::clear()
{
    m_search->clear();
    m_role->setCurrentIndex(0);
    m_status->setCurrentIndex(0);
    m_debounce->stop();
    applyText();
}

} // namespace tokendesk::ui
