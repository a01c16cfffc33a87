// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/bench/ExportFigures.h"

#include "models/table/TokenExportJob.h"
#include "tests/bench/Measure.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTimer>

namespace tokendesk::bench {

namespace {

// Reads every row's listed columns once, without formatting or writing anything; the rows read
// go into `rows`, so a scan that read nothing cannot pass for a fast one.
double rawScanSeconds(const QString& storePath, qint64& rows)
{
    const QString name = QStringLiteral("bench-export-scan");
    double seconds = 0;
    {
        QSqlDatabase raw = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        raw.setDatabaseName(storePath);
        raw.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        raw.open();
        QElapsedTimer timer;
        timer.start();
        QSqlQuery query(raw);
        query.setForwardOnly(true);
        query.exec(
            QStringLiteral("SELECT id, label, last4, role, enabled, created_by, created_at, expires_at, "
                           "last_used_at, version, description FROM tokens ORDER BY created_at, id"));
        rows = 0;
        while (query.next())
            rows += query.value(0).toLongLong() > 0 ? 1 : 0;
        seconds = double(timer.nsecsElapsed()) / 1e9;
    }
    QSqlDatabase::removeDatabase(name);
    return seconds;
}

} // namespace

std::optional<ExportFigures> measureExport(const std::shared_ptr<Backend>& backend, const QString& storePath)
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("inventory.csv"));
    ExportFigures figures;
    const double rssBefore = residentMb();

    TokenExportJob job(backend, TokenQuery{}, ExportFormat::Csv, file);
    QEventLoop loop;
    bool ok = false;
    QObject::connect(&job, &TokenExportJob::finished, &loop, [&](qint64 rows) {
        figures.rows = rows;
        ok = true;
        loop.quit();
    });
    QObject::connect(&job, &TokenExportJob::failed, &loop, [&] { loop.quit(); });
    StallMeter stalls;
    QElapsedTimer timer;
    timer.start();
    stalls.start();
    job.start();
    loop.exec();
    stalls.stop();
    figures.longestStallMs = stalls.longestStallMs();
    figures.seconds = double(timer.nsecsElapsed()) / 1e9;
    if (!ok)
        return std::nullopt;
    figures.rssDeltaMb = residentMb() - rssBefore;
    figures.megabytes = double(QFileInfo(file).size()) / (1024.0 * 1024.0);
    figures.rawScanSeconds = rawScanSeconds(storePath, figures.rawScanRows);
    return figures;
}

} // namespace tokendesk::bench
