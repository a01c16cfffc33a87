// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/backend/Backend.h"
#include "models/table/BulkRun.h"
#include "models/table/TokenSelection.h"

#include <QObject>
#include <QPointer>

#include <memory>

class QWidget;

namespace tokendesk {
class RequestTracker;
class TokenTableModel;
} // namespace tokendesk

namespace tokendesk::ui {

class Banner;

// A change to every selected token, from the table's selection to the summary: the selection is
// resolved to tokens (SelectionResolver), one confirmation names their number (BulkConfirmDialog),
// a progress dialog with Cancel follows the steps (BulkRun) while the console keeps painting,
// and what did not change is listed with the reason. Dialogs are window-modal and opened with
// open(); every answer comes back through a continuation guarded by this object.
class BulkOperations : public QObject
{
    Q_OBJECT

public:
    BulkOperations(TokenTableModel* model, Banner* banner, QWidget* dialogParent);

    void setBackend(std::shared_ptr<Backend> backend);
    void start(BulkActionKind kind, const TokenSelection& selection);
    bool isBusy() const { return m_busy; }
    // The reads before the confirmation (the selection's tokens, the lifetime policy).
    RequestTracker* requests() const { return m_requests; }

    // The summary of a finished run: "3 tokens disabled.", then what stayed and why.
    static QString summary(BulkActionKind kind, const BulkRun::Report& report);
    static QString failureLine(const BulkFailure& failure);

Q_SIGNALS:
    // Tokens changed (or may have): the table and the session's counts are read again.
    void tokensChanged();
    void failed(const tokendesk::Error& error);

private:
    void confirm(BulkActionKind kind, const QList<BulkItem>& items, const LifetimePolicy& policy);
    void run(const BulkAction& action, QList<BulkItem> items);
    void report(const BulkAction& action, const BulkRun::Report& report);
    void showError(const Error& error);
    void finishWithoutRun();
    bool stillCurrent(const std::shared_ptr<Backend>& backend) const { return backend == m_backend; }

    TokenTableModel* m_model;
    Banner* m_banner;
    QPointer<QWidget> m_dialogParent;
    std::shared_ptr<Backend> m_backend;
    RequestTracker* m_requests;
    bool m_busy = false;
};

} // namespace tokendesk::ui
