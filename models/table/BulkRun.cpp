// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/table/BulkRun.h"

#include "models/backend/Backend.h"
#include "models/core/Continuation.h"

#include <algorithm>

namespace tokendesk {

BulkRun::BulkRun(std::shared_ptr<Backend> backend, BulkAction action, QList<BulkItem> items, QObject* parent,
                 int stepSize)
    : QObject(parent), m_backend(std::move(backend)), m_action(std::move(action)), m_items(std::move(items)),
      m_stepSize(std::clamp(stepSize, 1, BulkOutcome::kMaxItems))
{}

void BulkRun::start()
{
    sendStep();
}

void BulkRun::sendStep()
{
    if (m_cancelled || m_next >= m_items.size()) {
        m_report.cancelled = m_cancelled && m_next < m_items.size();
        finish();
        return;
    }
    const QList<BulkItem> step = m_items.mid(m_next, m_stepSize);
    m_next += step.size();
    whenDone(m_backend->bulk(m_action, step), this,
             [this](const Result<BulkOutcome>& outcome) { onStep(outcome); });
}

void BulkRun::onStep(const Result<BulkOutcome>& step)
{
    if (!step.ok()) {
        // The step rolled back whole: its items count as not attempted, like those after it.
        m_report.stopped = true;
        m_report.stoppedBy = step.error();
        finish();
        return;
    }
    m_report.outcome.add(step.value());
    m_done = m_next;
    Q_EMIT progress(m_done, m_items.size());
    sendStep();
}

void BulkRun::finish()
{
    m_report.notAttempted = m_items.size() - m_done;
    Q_EMIT finished(m_report);
}

} // namespace tokendesk
