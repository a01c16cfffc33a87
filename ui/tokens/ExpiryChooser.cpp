// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/tokens/ExpiryChooser.h"

#include "models/core/Validation.h"
#include "ui/widgets/ErrorLabel.h"

#include <QComboBox>
#include <QDateEdit>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace tokendesk::ui {

namespace {

// A choice's item data: a number of days, or one of these.
constexpr int kStoreDefault = -1;
constexpr int kNever = -2;
constexpr int kOnADate = -3;

constexpr int kOfferedDays[] = {7, 30, 90, 365};

QString inDays(int days)
{
    return days == 1 ? ExpiryChooser::tr("In 1 day") : ExpiryChooser::tr("In %1 days").arg(days);
}

} // namespace

ExpiryChooser::ExpiryChooser(QWidget* parent) : QWidget(parent)
{
    m_list = new QComboBox(this);
    m_list->setObjectName(QStringLiteral("expiryCombo"));
    m_list->setAccessibleName(tr("Expiry"));
    m_date = new QDateEdit(this);
    m_date->setObjectName(QStringLiteral("expiryDate"));
    m_date->setAccessibleName(tr("Expiry date"));
    m_date->setCalendarPopup(true);
    m_policyHint = new QLabel(this);
    m_policyHint->setObjectName(QStringLiteral("expiryPolicyHint"));
    m_policyHint->setWordWrap(true);
    m_policyHint->setTextFormat(Qt::PlainText);
    m_policyHint->setForegroundRole(QPalette::PlaceholderText);
    m_error = new ErrorLabel(m_date, this);
    m_error->setObjectName(QStringLiteral("expiryError"));

    auto* row = new QHBoxLayout;
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(m_list);
    row->addWidget(m_date, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(row);
    layout->addWidget(m_policyHint);
    layout->addWidget(m_error);
    setFocusProxy(m_list);

    connect(m_list, &QComboBox::currentIndexChanged, this, &ExpiryChooser::updateDate);
    setPolicy(LifetimePolicy::unrestricted(), Role::Developer, false);
}

void ExpiryChooser::setPolicy(const LifetimePolicy& policy, Role role, bool offerStoreDefault)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const RoleLifetime& lifetime = policy.forRole(role);
    m_latest = policy.latestExpiry(role, now);
    const qint64 maxDays = lifetime.maximum ? lifetime.maximum->count() / 86400 : -1;
    // The default in whole days, or 0 when it is none or no whole number of days. (A plain
    // number: GCC 12 at -O2 takes an optional read after this ternary for maybe uninitialised.)
    const int defaultDays = lifetime.defaultLifetime && lifetime.defaultLifetime->count() % 86400 == 0
                                ? int(lifetime.defaultLifetime->count() / 86400)
                                : 0;

    const QSignalBlocker blocker(m_list);
    m_list->clear();
    if (offerStoreDefault) {
        m_list->addItem(tr("Store default (%1)")
                            .arg(lifetime.defaultLifetime
                                     ? tr("in %1").arg(LifetimeText::duration(lifetime.defaultLifetime))
                                     : tr("never expires")),
                        kStoreDefault);
    }
    if (lifetime.allowsNever())
        m_list->addItem(tr("Never"), kNever);
    for (const int days : kOfferedDays) {
        if (maxDays < 0 || days <= maxDays)
            m_list->addItem(inDays(days), days);
    }
    if (maxDays > 0 &&
        std::find(std::begin(kOfferedDays), std::end(kOfferedDays), maxDays) == std::end(kOfferedDays))
        m_list->addItem(tr("In %1 days (the longest allowed)").arg(maxDays), int(maxDays));
    if (defaultDays > 0 && m_list->findData(defaultDays) < 0)
        m_list->addItem(inDays(defaultDays), defaultDays);
    m_list->addItem(tr("On a date…"), kOnADate);

    int preselected = 0;
    if (!offerStoreDefault) {
        const int wanted = defaultDays > 0 ? defaultDays : (lifetime.allowsNever() ? kNever : 30);
        preselected = std::max(0, m_list->findData(wanted));
    }
    m_list->setCurrentIndex(preselected);

    const QDate today = QDate::currentDate();
    m_date->setMinimumDate(today.addDays(1));
    m_date->setMaximumDate(m_latest ? m_latest->toLocalTime().date() : today.addYears(10).addDays(-1));
    m_date->setDate(std::min(today.addDays(30), m_date->maximumDate()));

    // Why "Never" or a longer choice is missing: the store's policy, named.
    m_policyHint->setText(lifetime.maximum ? tr("The store's policy lets %1 tokens live at most %2.")
                                                 .arg(role == Role::Admin ? tr("admin") : tr("developer"),
                                                      LifetimeText::duration(lifetime.maximum))
                                           : QString());
    m_policyHint->setVisible(lifetime.maximum.has_value());
    updateDate();
}

void ExpiryChooser::updateDate()
{
    m_date->setEnabled(m_list->currentData().toInt() == kOnADate);
    m_error->clearError();
}

Result<ExpiryChooser::Choice> ExpiryChooser::choice(const QDateTime& now) const
{
    const int chosen = m_list->currentData().toInt();
    switch (chosen) {
    case kStoreDefault:
        return Choice{true, {}};
    case kNever:
        return Choice{false, {}};
    case kOnADate: {
        // The token works through the whole chosen day, in the admin's own time zone — but on the
        // last day the policy allows, only up to the moment it allows.
        QDateTime endOfDay = QDateTime(m_date->date(), QTime(23, 59, 59)).toUTC();
        if (m_latest && endOfDay > *m_latest)
            endOfDay = *m_latest;
        auto expiry = Validation::expiry(endOfDay, now);
        if (!expiry.ok())
            return expiry.error();
        return Choice{false, expiry.value()};
    }
    default:
        return Choice{false, now.addDays(chosen)};
    }
}

void ExpiryChooser::showError(const QString& message)
{
    m_error->setError(message);
    m_date->setFocus();
}

} // namespace tokendesk::ui
