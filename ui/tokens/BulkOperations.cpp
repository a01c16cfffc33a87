// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/tokens/BulkOperations.h"

#include "models/core/Continuation.h"
#include "models/core/RequestTracker.h"
#include "models/table/SelectionResolver.h"
#include "models/table/TokenTableModel.h"
#include "ui/tokens/BulkConfirmDialog.h"
#include "ui/widgets/Banner.h"

#include <QLocale>
#include <QMessageBox>
#include <QProgressDialog>
#include <QStringList>

namespace tokendesk::ui {

namespace {

// Shown in the summary itself; the rest are behind "Show Details…".
constexpr int kFailuresInSummary = 5;

QString doneText(BulkActionKind kind, int count)
{
    switch (kind) {
    case BulkActionKind::Disable:
        return BulkOperations::tr("%n token(s) disabled.", "", count);
    case BulkActionKind::Enable:
        return BulkOperations::tr("%n token(s) enabled.", "", count);
    case BulkActionKind::Revoke:
        return BulkOperations::tr("%n token(s) revoked.", "", count);
    case BulkActionKind::Extend:
        return BulkOperations::tr("%n token(s) given the new expiry.", "", count);
    case BulkActionKind::AddTag:
        return BulkOperations::tr("%n token(s) tagged.", "", count);
    case BulkActionKind::RemoveTag:
        return BulkOperations::tr("Tag removed from %n token(s).", "", count);
    }
    return {};
}

QString alreadyText(int count)
{
    return BulkOperations::tr("%n token(s) were already as asked.", "", count);
}

QString progressText(BulkActionKind kind, qsizetype total)
{
    return BulkConfirmDialog::title(kind, total) + QStringLiteral("…");
}

} // namespace

BulkOperations::BulkOperations(TokenTableModel* model, Banner* banner, QWidget* dialogParent)
    : QObject(dialogParent), m_model(model), m_banner(banner), m_dialogParent(dialogParent),
      m_requests(new RequestTracker(this))
{}

void BulkOperations::setBackend(std::shared_ptr<Backend> backend)
{
    m_backend = std::move(backend);
    m_requests->reset();
}

void BulkOperations::showError(const Error& error)
{
    Q_EMIT failed(error);
    m_banner->showMessage(Banner::Kind::Error, error.message);
}

void BulkOperations::finishWithoutRun()
{
    m_busy = false;
}

void BulkOperations::start(BulkActionKind kind, const TokenSelection& selection)
{
    if (!m_backend || m_busy || selection.isEmpty())
        return;
    m_busy = true;
    auto backend = m_backend;
    auto* resolver = new SelectionResolver(backend, selection, *m_model, this);
    auto ticket = std::make_shared<RequestTracker::Ticket>(m_requests->start());
    connect(resolver, &SelectionResolver::resolved, this,
            [this, resolver, backend, kind, ticket](const Result<QList<BulkItem>>& items) {
                resolver->deleteLater();
                if (!stillCurrent(backend))
                    return finishWithoutRun();
                if (!items.ok()) {
                    finishWithoutRun();
                    return showError(items.error());
                }
                if (items->isEmpty()) {
                    finishWithoutRun();
                    m_banner->showMessage(Banner::Kind::Info,
                                          tr("The selected tokens no longer exist; reloaded."));
                    m_model->reload();
                    return;
                }
                if (kind != BulkActionKind::Extend)
                    return confirm(kind, items.value(), LifetimePolicy::unrestricted());
                // Extend offers what the store's lifetime policy allows.
                whenDone(backend->lifetimePolicy(), this, m_requests->start(),
                         [this, backend, kind, list = items.value()](const Result<LifetimePolicy>& policy) {
                             if (!stillCurrent(backend))
                                 return finishWithoutRun();
                             if (!policy.ok()) {
                                 finishWithoutRun();
                                 return showError(policy.error());
                             }
                             confirm(kind, list, policy.value());
                         });
            });
    resolver->start();
}

void BulkOperations::confirm(BulkActionKind kind, const QList<BulkItem>& items, const LifetimePolicy& policy)
{
    auto* dialog = new BulkConfirmDialog(kind, items.size(), policy, m_dialogParent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowModality(Qt::WindowModal);
    connect(dialog, &QDialog::accepted, this, [this, dialog, items] { run(dialog->action(), items); });
    connect(dialog, &QDialog::rejected, this, &BulkOperations::finishWithoutRun);
    dialog->open();
}

void BulkOperations::run(const BulkAction& action, QList<BulkItem> items)
{
    const qsizetype total = items.size();
    auto* bulk = new BulkRun(m_backend, action, std::move(items), this);
    auto* progress =
        new QProgressDialog(progressText(action.kind, total), tr("Cancel"), 0, int(total), m_dialogParent);
    progress->setObjectName(QStringLiteral("bulkProgress"));
    progress->setAccessibleName(progressText(action.kind, total));
    progress->setWindowTitle(BulkConfirmDialog::title(action.kind, total));
    progress->setWindowModality(Qt::WindowModal);
    progress->setAutoClose(false);
    progress->setAutoReset(false);
    // A few tokens change before a dialog would be worth showing; a hundred thousand take seconds.
    progress->setMinimumDuration(400);
    progress->setValue(0);
    connect(progress, &QProgressDialog::canceled, bulk, [bulk, progress] {
        progress->setLabelText(tr("Cancelling after the step in progress…"));
        bulk->cancel();
    });
    connect(bulk, &BulkRun::progress, progress,
            [progress, kind = action.kind](qsizetype done, qsizetype all) {
                progress->setValue(int(done));
                progress->setLabelText(
                    tr("%1 of %2 done…").arg(QLocale().toString(done), QLocale().toString(all)) +
                    QLatin1Char('\n') + progressText(kind, all));
            });
    connect(bulk, &BulkRun::finished, this, [this, bulk, progress, action](const BulkRun::Report& result) {
        bulk->deleteLater();
        progress->deleteLater();
        m_busy = false;
        report(action, result);
    });
    bulk->start();
}

QString BulkOperations::failureLine(const BulkFailure& failure)
{
    const QString who = failure.label.isEmpty() ? tr("Token #%1").arg(failure.id) : failure.label;
    return tr("%1: %2").arg(who, failure.error.message);
}

QString BulkOperations::summary(BulkActionKind kind, const BulkRun::Report& report)
{
    const BulkOutcome& outcome = report.outcome;
    QStringList lines{doneText(kind, outcome.changed)};
    if (outcome.unchanged > 0)
        lines << alreadyText(outcome.unchanged);
    if (!outcome.failures.isEmpty())
        lines << tr("%n token(s) could not be changed:", "", int(outcome.failures.size()));
    for (qsizetype i = 0; i < std::min<qsizetype>(outcome.failures.size(), kFailuresInSummary); ++i)
        lines << QStringLiteral("  • ") + failureLine(outcome.failures.at(i));
    if (outcome.failures.size() > kFailuresInSummary)
        lines << tr("  … and %n more failure(s) (Show Details).", "",
                    int(outcome.failures.size() - kFailuresInSummary));
    if (report.cancelled)
        lines << tr("Cancelled: %n token(s) were not attempted.", "", int(report.notAttempted));
    else if (report.stopped)
        lines << tr("Stopped: %1 %n token(s) were not attempted.", "", int(report.notAttempted))
                     .arg(report.stoppedBy.message);
    return lines.join(QLatin1Char('\n'));
}

void BulkOperations::report(const BulkAction& action, const BulkRun::Report& result)
{
    m_model->reload();
    Q_EMIT tokensChanged();
    if (result.stopped)
        Q_EMIT failed(result.stoppedBy);
    const bool clean = result.outcome.failures.isEmpty() && !result.cancelled && !result.stopped;
    if (clean) {
        QString text = doneText(action.kind, result.outcome.changed);
        if (result.outcome.unchanged > 0)
            text += QLatin1Char(' ') + alreadyText(result.outcome.unchanged);
        m_banner->showMessage(Banner::Kind::Success, text);
        return;
    }
    m_banner->showMessage(result.stopped ? Banner::Kind::Error : Banner::Kind::Info,
                          doneText(action.kind, result.outcome.changed));
    const qsizetype asked = result.outcome.processed() + result.notAttempted;
    auto* box = new QMessageBox(QMessageBox::Warning, BulkConfirmDialog::title(action.kind, asked),
                                summary(action.kind, result), QMessageBox::Ok, m_dialogParent);
    box->setObjectName(QStringLiteral("bulkSummary"));
    box->setAccessibleName(tr("Result of the change"));
    box->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    if (!result.outcome.failures.isEmpty()) {
        QStringList all;
        for (const BulkFailure& failure : result.outcome.failures)
            all << failureLine(failure);
        box->setDetailedText(all.join(QLatin1Char('\n')));
    }
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setWindowModality(Qt::WindowModal);
    box->open();
}

} // namespace tokendesk::ui
