// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/widgets/BusyIndicator.h"

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

void BusyIndicator::setBusy(const QObject* source, bool busy)
{
    if (busy)
        m_busy.insert(source);
    else
        m_busy.remove(source);
    setVisible(isBusy());
}

} // namespace tokendesk::ui
