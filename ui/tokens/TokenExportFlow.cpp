// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/tokens/TokenExportFlow.h"

#include "models/table/TokenExportJob.h"
#include "ui/widgets/Banner.h"

#include <QDir>
#include <QFileDialog>
#include <QProgressDialog>

namespace tokendesk::ui {

TokenExportFlow::TokenExportFlow(Banner* banner, QWidget* window)
    : QObject(window), m_banner(banner), m_window(window)
{}

TokenExportFlow::~TokenExportFlow() = default;

void TokenExportFlow::chooseAndExport(std::shared_ptr<Backend> backend, const TokenQuery& query)
{
    auto* dialog = new QFileDialog(m_window, tr("Export Tokens"), QDir::homePath());
    dialog->setObjectName(QStringLiteral("exportFileDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowModality(Qt::WindowModal);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setFileMode(QFileDialog::AnyFile);
    const QString csvFilter = tr("CSV files (*.csv)");
    const QString jsonFilter = tr("JSON files (*.json)");
    dialog->setNameFilters({csvFilter, jsonFilter});
    dialog->setDefaultSuffix(QStringLiteral("csv"));
    dialog->selectFile(QStringLiteral("tokens.csv"));
    // The suffix follows the chosen type, so the name typed and the format written agree.
    connect(dialog, &QFileDialog::filterSelected, dialog, [dialog, jsonFilter](const QString& filter) {
        dialog->setDefaultSuffix(filter == jsonFilter ? QStringLiteral("json") : QStringLiteral("csv"));
    });
    connect(dialog, &QFileDialog::fileSelected, this,
            [this, backend = std::move(backend), query](const QString& path) {
                const ExportFormat format = path.endsWith(QStringLiteral(".json"), Qt::CaseInsensitive)
                                                ? ExportFormat::Json
                                                : ExportFormat::Csv;
                exportTo(backend, query, path, format);
            });
    dialog->open();
}

void TokenExportFlow::exportTo(std::shared_ptr<Backend> backend, const TokenQuery& query, const QString& path,
                               ExportFormat format)
{
    if (m_job || !backend)
        return;
    m_job = new TokenExportJob(std::move(backend), query, format, path, this);

    m_progress = new QProgressDialog(tr("Exporting tokens…"), tr("Cancel"), 0, 0, m_window);
    m_progress->setObjectName(QStringLiteral("exportProgress"));
    m_progress->setAccessibleName(tr("Export progress"));
    m_progress->setWindowTitle(tr("Export Tokens"));
    m_progress->setWindowModality(Qt::WindowModal);
    m_progress->setAutoClose(false);
    m_progress->setAutoReset(false);
    // A small export finishes before the dialog would be worth showing.
    m_progress->setMinimumDuration(400);
    connect(m_progress, &QProgressDialog::canceled, m_job, &TokenExportJob::cancel);

    connect(m_job, &TokenExportJob::progress, m_progress, [this](qint64 written, qint64 total) {
        if (total <= 0)
            return;
        // QProgressDialog counts in int; a per-mille scale fits any store.
        m_progress->setMaximum(1000);
        m_progress->setValue(int(std::min<qint64>(1000, written * 1000 / total)));
        m_progress->setLabelText(tr("Exported %1 of %n token(s)…", "", int(std::min<qint64>(total, INT_MAX)))
                                     .arg(QLocale().toString(written)));
    });
    connect(m_job, &TokenExportJob::finished, this, [this, path](qint64 rows) {
        m_banner->showMessage(Banner::Kind::Success,
                              tr("Exported %n token(s) to %1.", "", int(std::min<qint64>(rows, INT_MAX)))
                                  .arg(QDir::toNativeSeparators(path)));
        finish();
    });
    connect(m_job, &TokenExportJob::failed, this, [this](const Error& error) {
        m_banner->showMessage(Banner::Kind::Error, tr("The export failed: %1").arg(error.message));
        finish();
    });
    connect(m_job, &TokenExportJob::cancelled, this, [this] {
        m_banner->showMessage(Banner::Kind::Info, tr("Export cancelled; no file was written."));
        finish();
    });
    m_job->start();
}

void TokenExportFlow::finish()
{
    if (m_progress)
        m_progress->deleteLater();
    if (m_job)
        m_job->deleteLater();
    m_job = nullptr;
    Q_EMIT ended();
}

} // namespace tokendesk::ui
