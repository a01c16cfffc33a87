// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/bench/BulkFigures.h"

#include "models/backend/sql/SqlBackend.h"
#include "models/core/StorePaths.h"
#include "models/table/BulkRun.h"
#include "tests/bench/Measure.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>

namespace tokendesk::bench {

namespace {

bool copyStore(const QString& from, const QString& to)
{
    const QString name = QStringLiteral("bench-bulk-copy");
    bool copied = false;
    {
        QSqlDatabase raw = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        raw.setDatabaseName(from);
        raw.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        if (raw.open()) {
            QSqlQuery query(raw);
            copied = query.exec(QStringLiteral("VACUUM INTO '%1'").arg(QString(to).replace(u'\'', u"''"_qs)));
            if (!copied)
                QTextStream(stderr) << "cannot copy the store: " << query.lastError().text() << Qt::endl;
        }
    }
    QSqlDatabase::removeDatabase(name);
    return copied;
}

} // namespace

std::optional<BulkFigures> measureBulkRevoke(const QString& storePath, qint64 count)
{
    QTemporaryDir dir;
    const QString copy = dir.filePath(QStringLiteral("bulk.tokendesk"));
    if (!copyStore(storePath, copy))
        return std::nullopt;
    auto opened = SqlBackend::open(copy, StorePaths::osLoginName());
    opened.waitForFinished();
    if (!opened.result().ok())
        return std::nullopt;
    const std::shared_ptr<SqlBackend> backend = opened.result().value();

    BulkFigures figures;
    QElapsedTimer timer;
    timer.start();
    auto ids = backend->matchingIds(TokenQuery{});
    ids.waitForFinished();
    figures.matchingIdsMs = double(timer.nsecsElapsed()) / 1e6;
    if (!ids.result().ok())
        return std::nullopt;
    figures.matchedIds = ids.result().value().size();

    QList<BulkItem> items;
    for (const TokenId id : ids.result().value().mid(0, count))
        items.append({id, BulkItem::kAnyVersion});
    BulkRun run(backend, BulkAction{BulkActionKind::Revoke, {}, {}}, items);
    QEventLoop loop;
    BulkRun::Report report;
    QObject::connect(&run, &BulkRun::finished, &loop, [&](const BulkRun::Report& finished) {
        report = finished;
        loop.quit();
    });
    StallMeter stalls;
    timer.restart();
    stalls.start();
    QTimer::singleShot(0, &run, &BulkRun::start);
    loop.exec();
    stalls.stop();
    figures.longestStallMs = stalls.longestStallMs();
    figures.revokeSeconds = double(timer.nsecsElapsed()) / 1e9;
    figures.revoked = report.outcome.changed;
    if (report.stopped) {
        QTextStream(stderr) << "bulk revoke stopped: " << report.stoppedBy.toString() << Qt::endl;
        return std::nullopt;
    }
    return figures;
}

} // namespace tokendesk::bench
