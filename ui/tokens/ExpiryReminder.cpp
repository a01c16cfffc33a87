// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/tokens/ExpiryReminder.h"

#include "models/core/ExpiryThresholds.h"
#include "models/table/ExpiringSoonCount.h"
#include "models/table/TokenTableModel.h"
#include "ui/tokens/TokenFilterBar.h"
#include "ui/widgets/Banner.h"

#include <algorithm>
#include <limits>

namespace tokendesk::ui {

ExpiryReminder::ExpiryReminder(TokenTableModel* model, TokenFilterBar* filterBar, Banner* banner,
                               QObject* parent)
    : QObject(parent), m_model(model), m_filterBar(filterBar), m_banner(banner),
      m_count(new ExpiringSoonCount(this))
{
    connect(m_count, &ExpiringSoonCount::changed, this, &ExpiryReminder::show);
}

void ExpiryReminder::setBackend(std::shared_ptr<Backend> backend, const QString& store)
{
    m_store = store;
    m_count->setBackend(std::move(backend));
}

void ExpiryReminder::refresh()
{
    m_count->refresh();
}

void ExpiryReminder::show()
{
    const std::optional<int> days = m_count->days();
    const qint64 count = m_count->count();
    m_filterBar->setExpiringSoon(count, days);
    m_model->setExpiryWarningDays(days);
    if (!days || count <= 0 || m_reminded.contains(m_store))
        return;
    if (m_banner->isVisibleTo(m_banner->parentWidget()) && m_banner->kind() == Banner::Kind::Error)
        return;
    m_reminded.insert(m_store);
    const int shown = int(std::min<qint64>(count, std::numeric_limits<int>::max()));
    m_banner->showMessage(
        Banner::Kind::Info,
        tr("%n token(s) expire within %1.", "", shown).arg(ExpiryThresholds::text({*days})));
    const int listDays = *days;
    m_banner->setAction(tr("Show Them"), [this, listDays] { m_filterBar->showExpiringWithin(listDays); });
}

} // namespace tokendesk::ui
