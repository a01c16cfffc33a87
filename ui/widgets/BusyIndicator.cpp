// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/widgets/BusyIndicator.h"

#include "models/core/RequestTracker.h"

namespace tokendesk::ui {

BusyIndicator::BusyIndicator(QWidget* parent) : QProgressBar(parent)
{
    setObjectName(QStringLiteral("busyIndicator"));
    setAccessibleName(tr("Working"));
    setRange(0, 0);
    setTextVisible(false);
    setMaximumWidth(120);
    setMaximumHeight(12);
    hide();
}

void BusyIndicator::watch(const RequestTracker* tracker)
{
    connect(tracker, &RequestTracker::busyChanged, this,
            [this, tracker](bool busy) { setBusy(tracker, busy); });
    // A tracker that goes away says nothing more: it must not leave the bar running.
    connect(tracker, &QObject::destroyed, this, [this, tracker] { setBusy(tracker, false); });
    setBusy(tracker, tracker->isBusy());
}

void BusyIndicator::setBusy(const QObject* source, bool busy)
{
    if (busy)
        m_busy.insert(source);
    else
        m_busy.remove(source);
    setVisible(isBusy());
}

} // namespace tokendesk::ui
