// SPDX-License-Identifier: GPL-3.0-or-later
// The inventory export, on every backend: every row the query matches (across many pages, in the
// query's order), nothing it does not, never a secret, and a file that appears whole or not at all.
#include "models/table/TokenExportJob.h"
#include "tests/contract/BackendContract.h"
#include "tests/support/TestSupport.h"

#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace tokendesk::test {

namespace {

struct ExportOutcome
{
    enum class End
    {
        None,
        Finished,
        Failed,
        Cancelled
    };
    End end = End::None;
    qint64 rows = -1;
    Error error;
    int progressSignals = 0;
};

// Runs the job's event-driven pages to their end (at most 60 s).
ExportOutcome runExport(TokenExportJob& job, bool cancelAtFirstProgress = false)
{
    ExportOutcome outcome;
    QEventLoop loop;
    QObject::connect(&job, &TokenExportJob::progress, &loop, [&](qint64 written, qint64) {
        ++outcome.progressSignals;
        if (cancelAtFirstProgress && written > 0)
            job.cancel();
    });
    QObject::connect(&job, &TokenExportJob::finished, &loop, [&](qint64 rows) {
        outcome = {ExportOutcome::End::Finished, rows, {}, outcome.progressSignals};
        loop.quit();
    });
    QObject::connect(&job, &TokenExportJob::failed, &loop, [&](const Error& error) {
        outcome = {ExportOutcome::End::Failed, -1, error, outcome.progressSignals};
        loop.quit();
    });
    QObject::connect(&job, &TokenExportJob::cancelled, &loop, [&] {
        outcome.end = ExportOutcome::End::Cancelled;
        loop.quit();
    });
    QTimer::singleShot(60000, &loop, &QEventLoop::quit);
    job.start();
    if (outcome.end == ExportOutcome::End::None)
        loop.exec();
    return outcome;
}

QByteArray exportedBytes(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// Eight tokens of alice's, three of them tagged ci; pages of three or two make an export span
// several pages and its last one short.
QList<GeneratedToken> makeEight(Backend& backend)
{
    awaitOk(backend.setTokenLimit(20));
    QList<GeneratedToken> made;
    for (int i = 0; i < 8; ++i) {
        TokenSpec spec;
        spec.label = u"svc-%1"_s.arg(i);
        spec.description = i == 5 ? u"=cmd|' /C calc'!A0, \"quoted\""_s : u"service %1"_s.arg(i);
        if (i % 3 == 0)
            spec.tags = {u"ci"_s};
        made << awaitOk(backend.generate(spec));
    }
    return made;
}

} // namespace

TEST_P(BackendContractTest, ExportJsonHoldsEveryMatchingRowInTheQuerysOrderAndNoSecret)
{
    QTemporaryDir dir;
    const QList<GeneratedToken> made = makeEight(alice());
    TokenQuery query;
    query.sort = SortKey::Label;
    query.descending = true;
    TokenExportJob job(as(u"alice"_s), query, ExportFormat::Json, dir.filePath(u"all.json"_s), nullptr, 3);
    const ExportOutcome outcome = runExport(job);
    ASSERT_EQ(outcome.end, ExportOutcome::End::Finished) << outcome.error.toString().toStdString();
    EXPECT_EQ(outcome.rows, 8);
    EXPECT_GE(outcome.progressSignals, 4) << "the count, then one per page";

    const QByteArray bytes = exportedBytes(dir.filePath(u"all.json"_s));
    QJsonParseError parseError;
    const QJsonArray rows = QJsonDocument::fromJson(bytes, &parseError).array();
    ASSERT_EQ(parseError.error, QJsonParseError::NoError) << parseError.errorString().toStdString();
    ASSERT_EQ(rows.size(), 8);
    for (int i = 0; i < 8; ++i)
        EXPECT_EQ(rows[i].toObject()[u"label"_s].toString(), u"svc-%1"_s.arg(7 - i));
    EXPECT_EQ(rows[2].toObject()[u"description"_s].toString(), made[5].token.description);
    for (const GeneratedToken& token : made)
        EXPECT_FALSE(bytes.contains(token.secret.view().toByteArray())) << "a secret reached the export";
    EXPECT_FALSE(rows[0].toObject().contains(u"hash"_s));
    EXPECT_EQ(QFile(dir.filePath(u"all.json"_s)).permissions() & (QFile::ReadGroup | QFile::ReadOther), 0)
        << "an inventory is readable by its owner only";
}

TEST_P(BackendContractTest, ExportCsvFollowsTheFilterAndDefusesFormulas)
{
    QTemporaryDir dir;
    makeEight(alice());
    TokenQuery query;
    query.filter = u"tag:ci"_s;
    query.sort = SortKey::Label;
    TokenExportJob job(as(u"alice"_s), query, ExportFormat::Csv, dir.filePath(u"ci.csv"_s), nullptr, 2);
    const ExportOutcome outcome = runExport(job);
    ASSERT_EQ(outcome.end, ExportOutcome::End::Finished) << outcome.error.toString().toStdString();
    EXPECT_EQ(outcome.rows, 3);
    const QList<QByteArray> lines = exportedBytes(dir.filePath(u"ci.csv"_s)).split('\n');
    ASSERT_EQ(lines.size(), 5) << "header, three rows, and the empty rest after the last CRLF";
    EXPECT_TRUE(lines[0].startsWith("id,label,masked,role,status,created_by"));
    EXPECT_TRUE(lines[1].contains(",svc-0,")) << lines[1].constData();
    EXPECT_TRUE(lines[2].contains(",svc-3,"));
    EXPECT_TRUE(lines[3].contains(",svc-6,"));
    EXPECT_TRUE(lines[1].endsWith(",ci\r"));

    TokenQuery all;
    all.filter = u"quoted"_s;
    TokenExportJob formula(as(u"alice"_s), all, ExportFormat::Csv, dir.filePath(u"formula.csv"_s));
    ASSERT_EQ(runExport(formula).end, ExportOutcome::End::Finished);
    const QByteArray csv = exportedBytes(dir.filePath(u"formula.csv"_s));
    EXPECT_TRUE(csv.contains(",\"'=cmd|' /C calc'!A0, \"\"quoted\"\"\",")) << csv.constData();
}

TEST_P(BackendContractTest, ExportACancelledExportLeavesTheOldFileAsItWas)
{
    QTemporaryDir dir;
    makeEight(alice());
    const QString target = dir.filePath(u"keep.csv"_s);
    {
        QFile old(target);
        ASSERT_TRUE(old.open(QIODevice::WriteOnly));
        old.write("the previous export\n");
    }
    TokenExportJob job(as(u"alice"_s), {}, ExportFormat::Csv, target, nullptr, 2);
    const ExportOutcome outcome = runExport(job, /*cancelAtFirstProgress=*/true);
    EXPECT_EQ(outcome.end, ExportOutcome::End::Cancelled);
    EXPECT_EQ(exportedBytes(target), "the previous export\n");
    EXPECT_EQ(QDir(dir.path()).entryList(QDir::Files), QStringList{u"keep.csv"_s}) << "no temporary left";
}

TEST_P(BackendContractTest, ExportAnUnwritablePlaceFailsWithAClearError)
{
    QTemporaryDir dir;
    makeEight(alice());
    TokenExportJob job(as(u"alice"_s), {}, ExportFormat::Csv, dir.filePath(u"no/such/dir/x.csv"_s));
    const ExportOutcome outcome = runExport(job);
    ASSERT_EQ(outcome.end, ExportOutcome::End::Failed);
    EXPECT_TRUE(outcome.error.message.contains(u"x.csv"_s)) << outcome.error.message.toStdString();
}

TEST_P(BackendContractTest, ExportAnEmptyMatchIsAValidEmptyDocument)
{
    QTemporaryDir dir;
    makeEight(alice());
    TokenQuery none;
    none.filter = u"no-such-token"_s;
    TokenExportJob json(as(u"alice"_s), none, ExportFormat::Json, dir.filePath(u"e.json"_s));
    ASSERT_EQ(runExport(json).end, ExportOutcome::End::Finished);
    QJsonParseError parseError;
    EXPECT_TRUE(
        QJsonDocument::fromJson(exportedBytes(dir.filePath(u"e.json"_s)), &parseError).array().isEmpty());
    EXPECT_EQ(parseError.error, QJsonParseError::NoError);
}

} // namespace tokendesk::test
