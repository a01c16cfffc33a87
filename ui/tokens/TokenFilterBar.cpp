// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/tokens/TokenFilterBar.h"

#include "models/core/ExpiryThresholds.h"
#include "models/core/Formatting.h"
#include "models/table/TokenTableModel.h"

#include <QAction>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QLocale>
#include <QStyle>
#include <QTimer>
#include <QToolButton>

#include <algorithm>
#include <cstdlib>
#include <limits>

namespace tokendesk::ui {

TokenFilterBar::TokenFilterBar(TokenTableModel* model, QWidget* parent) : QWidget(parent), m_model(model)
{
    setObjectName(QStringLiteral("filterBar"));

    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("searchField"));
    m_search->setAccessibleName(tr("Search tokens"));
    m_search->setPlaceholderText(tr("Search label, creator, description; tag:NAME for a tag…"));
    m_search->setClearButtonEnabled(true);
    m_search->addAction(style()->standardIcon(QStyle::SP_FileDialogContentsView), QLineEdit::LeadingPosition);

    m_role = new QComboBox(this);
    m_role->setObjectName(QStringLiteral("roleFilter"));
    m_role->setAccessibleName(tr("Filter by role"));
    m_role->addItem(tr("All roles"), -1);
    m_role->addItem(Formatting::roleText(Role::Developer), int(Role::Developer));
    m_role->addItem(Formatting::roleText(Role::Admin), int(Role::Admin));

    m_status = new QComboBox(this);
    m_status->setObjectName(QStringLiteral("statusFilter"));
    m_status->setAccessibleName(tr("Filter by status"));
    m_status->addItem(tr("Any status"), -1);
    for (TokenStatus status : {TokenStatus::Active, TokenStatus::Disabled, TokenStatus::Expired})
        m_status->addItem(Formatting::statusText(status), int(status));

    m_usage = new QComboBox(this);
    m_usage->setObjectName(QStringLiteral("usageFilter"));
    m_usage->setAccessibleName(tr("Filter by last use"));
    m_usage->addItem(tr("Any usage"), -1);
    for (int days : {30, 90, 365})
        m_usage->addItem(tr("Not used for %n day(s)", "", days), days);

    m_expiry = new QComboBox(this);
    m_expiry->setObjectName(QStringLiteral("expiryFilter"));
    m_expiry->setAccessibleName(tr("Filter by expiry"));
    m_expiry->addItem(tr("Any expiry"), -1);
    for (int days : {7, 30, 90})
        m_expiry->addItem(tr("Expires within %n day(s)", "", days), days);
    m_expiry->addItem(tr("Beyond the lifetime policy"), kBreaksPolicy);
    m_expiry->setItemData(
        m_expiry->count() - 1,
        tr("Tokens that expire later than the store's lifetime policy now allows, or never: "
           "made before the policy was tightened"),
        Qt::ToolTipRole);

    m_expiringBadge = new QToolButton(this);
    m_expiringBadge->setObjectName(QStringLiteral("expiringBadge"));
    m_expiringBadge->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_expiringBadge->setIcon(style()->standardIcon(QStyle::SP_MessageBoxWarning));
    m_expiringBadge->setAutoRaise(true);
    m_expiringBadge->hide();

    m_debounce = new QTimer(this);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(kDebounceMs);

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_search, 1);
    layout->addWidget(m_role);
    layout->addWidget(m_status);
    layout->addWidget(m_usage);
    layout->addWidget(m_expiry);
    layout->addWidget(m_expiringBadge);

    connect(m_search, &QLineEdit::textChanged, this, &TokenFilterBar::onTextChanged);
    connect(m_debounce, &QTimer::timeout, this, &TokenFilterBar::applyText);
    connect(m_role, &QComboBox::currentIndexChanged, this, &TokenFilterBar::applyCombos);
    connect(m_status, &QComboBox::currentIndexChanged, this, &TokenFilterBar::applyCombos);
    connect(m_usage, &QComboBox::currentIndexChanged, this, &TokenFilterBar::applyCombos);
    connect(m_expiry, &QComboBox::currentIndexChanged, this, &TokenFilterBar::applyCombos);
    connect(m_expiringBadge, &QToolButton::clicked, this, [this] {
        if (m_expiringDays)
            showExpiringWithin(*m_expiringDays);
    });
}

void TokenFilterBar::setExpiringSoon(qint64 count, std::optional<int> days)
{
    m_expiringDays = days;
    m_expiringBadge->setVisible(days && count > 0);
    if (!days || count <= 0)
        return;
    const QString number = QLocale().toString(count);
    m_expiringBadge->setText(tr("%1 expiring").arg(number));
    const QString says = tr("%n token(s) expire within %1. Click to list them.", "",
                            int(std::min<qint64>(count, std::numeric_limits<int>::max())))
                             .arg(ExpiryThresholds::text({*days}));
    m_expiringBadge->setToolTip(says);
    m_expiringBadge->setAccessibleName(tr("Tokens expiring soon: %1").arg(number));
    m_expiringBadge->setAccessibleDescription(says);
}

void TokenFilterBar::showExpiringWithin(int days)
{
    int item = m_expiry->findData(days);
    if (item < 0) {
        // Keep the day counts in order, before "Beyond the lifetime policy".
        item = 1;
        while (item < m_expiry->count() && m_expiry->itemData(item).toInt() > 0 &&
               m_expiry->itemData(item).toInt() < days)
            ++item;
        m_expiry->insertItem(item, tr("Expires within %n day(s)", "", days), days);
    }
    m_expiry->setCurrentIndex(item);
}

void TokenFilterBar::onTextChanged(const QString& text)
{
    // One character more or less is typing: wait for the typist to pause. A paste, a clear or a
    // completion changes more at once and is what the user wants to see now.
    const qsizetype step = std::abs(text.size() - m_lastTextLength);
    m_lastTextLength = text.size();
    if (step > 1 || text.isEmpty()) {
        m_debounce->stop();
        applyText();
    } else {
        m_debounce->start();
    }
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
    const int unused = m_usage->currentData().toInt();
    const int expiring = m_expiry->currentData().toInt();
    m_model->setUnusedForDaysFilter(unused < 0 ? std::nullopt : std::optional<int>(unused));
    m_model->setExpiresWithinDaysFilter(expiring < 0 ? std::nullopt : std::optional<int>(expiring));
    m_model->setBreaksPolicyFilter(expiring == kBreaksPolicy);
}

void TokenFilterBar::clear()
{
    m_search->clear();
    m_role->setCurrentIndex(0);
    m_status->setCurrentIndex(0);
    m_usage->setCurrentIndex(0);
    m_expiry->setCurrentIndex(0);
    m_debounce->stop();
    applyText();
}

} // namespace tokendesk::ui
