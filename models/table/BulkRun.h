// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/BulkAction.h"
#include "models/core/Result.h"

#include <QObject>

#include <memory>

namespace tokendesk {

class Backend;

// Applies one bulk action to any number of tokens in steps of Backend::bulk (one transaction
// of at most `stepSize` tokens each), without blocking the thread it lives on: the console
// keeps painting and its Cancel button keeps working while a hundred thousand tokens change.
// Cancel stops after the step in flight; what earlier steps did stays done (each has its audit
// entries), and the report says how many were never attempted.
class BulkRun : public QObject
{
    Q_OBJECT

public:
    struct Report
    {
        BulkOutcome outcome;
        qsizetype notAttempted = 0; // after a cancel or a failed step
        bool cancelled = false;
        bool stopped = false; // a step failed: stoppedBy says why
        Error stoppedBy;
    };

    BulkRun(std::shared_ptr<Backend> backend, BulkAction action, QList<BulkItem> items,
            QObject* parent = nullptr, int stepSize = BulkOutcome::kMaxItems);

    qsizetype total() const { return m_items.size(); }
    void start();
    void cancel() { m_cancelled = true; }

Q_SIGNALS:
    void progress(qsizetype done, qsizetype total);
    // Ends every started run, exactly once.
    void finished(const tokendesk::BulkRun::Report& report);

private:
    void sendStep();
    void onStep(const Result<BulkOutcome>& step);
    void finish();

    std::shared_ptr<Backend> m_backend;
    BulkAction m_action;
    QList<BulkItem> m_items;
    int m_stepSize;
    qsizetype m_next = 0; // first item of the step in flight or to send
    qsizetype m_done = 0; // items whose step has answered
    bool m_cancelled = false;
    Report m_report;
};

} // namespace tokendesk
