// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QProgressBar>
#include <QSet>

namespace tokendesk {
class RequestTracker;
}

namespace tokendesk::ui {

// A small indeterminate bar, visible while any of its sources reports work in progress.
class BusyIndicator : public QProgressBar
{
    Q_OBJECT

public:
    explicit BusyIndicator(QWidget* parent = nullptr);
    // Shows the bar while `tracker` has requests in flight, from now until the tracker is gone.
    void watch(const RequestTracker* tracker);
    // For a source without a tracker, which says itself when it starts and stops working.
    void setBusy(const QObject* source, bool busy);
    bool isBusy() const { return !m_busy.isEmpty(); }

private:
    QSet<const QObject*> m_busy;
};

} // namespace tokendesk::ui
