// SPDX-License-Identifier: GPL-3.0-or-later
// tokendesk-bench: builds (or reuses) an N-token store and measures TokenDesk on it, side by side
// with the naive Qt peer, in one process and one run, on the offscreen platform.
// Run: build/release/tests/bench/tokendesk-bench [--tokens N] [--store PATH] [--runs R] [--json]
#include "models/backend/sql/SqlBackend.h"
#include "models/core/StorePaths.h"
#include "models/crypto/Crypto.h"
#include "tests/bench/BulkFigures.h"
#include "tests/bench/ConsoleFigures.h"
#include "tests/bench/ExportFigures.h"
#include "tests/bench/Measure.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTextStream>

#include <optional>
#include <vector>

using namespace tokendesk;
using namespace tokendesk::bench;

namespace {

template <typename T> std::optional<T> awaitValue(QFuture<Result<T>> future, const char* what)
{
    future.waitForFinished();
    Result<T> result = future.result();
    if (!result.ok()) {
        QTextStream(stderr) << what << ": " << result.error().toString() << Qt::endl;
        return std::nullopt;
    }
    return std::move(result).value();
}

std::shared_ptr<SqlBackend> openOrSeed(const QString& path, qint64 tokens)
{
    QTextStream err(stderr);
    // The store's admin is whoever runs the benchmark: the console opens stores as that user.
    const QString admin = StorePaths::osLoginName();
    auto backend = QFileInfo::exists(path)
                       ? awaitValue(SqlBackend::open(path, admin), "open")
                       : awaitValue(SqlBackend::create(path, StoreCreateOptions{admin, 1000}), "create");
    if (!backend)
        return nullptr;
    const auto existing = awaitValue((*backend)->count({}), "count");
    if (!existing)
        return nullptr;
    if (*existing < tokens) {
        err << "Seeding " << (tokens - *existing) << " tokens into " << path << "…" << Qt::endl;
        auto report = awaitValue((*backend)->seed(tokens - *existing), "seed");
        if (!report)
            return nullptr;
        err << "Seeded in " << report->elapsedMs << " ms" << Qt::endl;
    }
    return *backend;
}

// A direct SQL LIKE count on the same file: what a full scan costs without any index.
double rawLikeMs(const QString& path, const QString& substring, int runs)
{
    const QString name = QStringLiteral("bench-raw");
    double ms = 0;
    {
        QSqlDatabase raw = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        raw.setDatabaseName(path);
        raw.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        raw.open();
        ms = medianMs(
            [&] {
                QSqlQuery query(raw);
                query.prepare(QStringLiteral("SELECT COUNT(*) FROM tokens WHERE label LIKE ?"));
                query.addBindValue(QLatin1Char('%') + substring + QLatin1Char('%'));
                query.exec();
                query.next();
            },
            runs);
    }
    QSqlDatabase::removeDatabase(name);
    return ms;
}

// Verify throughput on one thread, through the same call the server's request threads make.
// The seeder keeps no secrets, so real tokens are made for this run and revoked afterwards
// (the store keeps its size from run to run).
std::optional<double> verifyPerSecond(const std::shared_ptr<SqlBackend>& backend)
{
    const QString user = QStringLiteral("bench%1").arg(QDateTime::currentMSecsSinceEpoch());
    if (!awaitValue(backend->setTokenLimit(1000), "limit") ||
        !awaitValue(backend->addUser(User{user, true, true}), "user"))
        return std::nullopt;
    auto maker = backend->withActor(user);
    std::vector<GeneratedToken> made;
    for (int n = 0; n < 1000; ++n) {
        auto token = awaitValue(
            maker->generate(TokenSpec{QStringLiteral("bench-verify-%1").arg(n), Role::Developer, {}}),
            "generate");
        if (!token)
            return std::nullopt;
        made.push_back(std::move(*token));
    }
    for (const GeneratedToken& token : made) // warm-up: every thread-local reader and cache
        backend->verifyNow(token.secret);
    QElapsedTimer timer;
    timer.start();
    qint64 verified = 0;
    for (int round = 0; round < 100; ++round) {
        for (const GeneratedToken& token : made)
            verified += backend->verifyNow(token.secret).ok() ? 1 : 0;
    }
    const double perSecond = static_cast<double>(verified) * 1e9 / static_cast<double>(timer.nsecsElapsed());
    for (const GeneratedToken& token : made)
        awaitValue(maker->revoke(token.token.id, token.token.version), "revoke");
    awaitValue(backend->removeUser(user), "remove user");
    if (verified != 100 * qint64(made.size())) {
        QTextStream(stderr) << "only " << verified << " of the verifies succeeded" << Qt::endl;
        return std::nullopt;
    }
    return perSecond;
}

QString hmacRates()
{
    QString line;
    for (const auto& crypto : availableCryptos()) {
        const std::unique_ptr<KeyedHmac> keyed = crypto->keyedHmacSha256(crypto->randomBytes(32));
        const QByteArray message(40, 'x');
        constexpr int kCalls = 200000;
        QElapsedTimer timer;
        timer.start();
        for (int n = 0; n < kCalls; ++n)
            keyed->compute(message);
        line += QStringLiteral("  keyed hmac %1: %2/s")
                    .arg(crypto->name())
                    .arg(kCalls * 1e9 / static_cast<double>(timer.nsecsElapsed()), 0, 'f', 0);
    }
    return line;
}

} // namespace

int main(int argc, char* argv[])
{
    // Measured on the offscreen platform unless told otherwise, so runs compare across machines.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("tokendesk-bench"));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("TokenDesk large-store benchmark"));
    parser.addHelpOption();
    const QCommandLineOption tokensOption(QStringLiteral("tokens"),
                                          QStringLiteral("Store size (default 1000000)."),
                                          QStringLiteral("N"), QStringLiteral("1000000"));
    const QCommandLineOption storeOption(
        QStringLiteral("store"), QStringLiteral("Store file (default /tmp/tokendesk-bench-N.tokendesk)."),
        QStringLiteral("path"));
    const QCommandLineOption runsOption(
        QStringLiteral("runs"), QStringLiteral("Timed repetitions per figure, after one warm-up (>= 5)."),
        QStringLiteral("R"), QStringLiteral("5"));
    const QCommandLineOption filterOption(QStringLiteral("filter"),
                                          QStringLiteral("Label substring to search."),
                                          QStringLiteral("text"), QStringLiteral("prod-12"));
    const QCommandLineOption noNaiveOption(
        QStringLiteral("no-naive"), QStringLiteral("Skip the naive peer (its figures print as null)."));
    const QCommandLineOption jsonOption(QStringLiteral("json"), QStringLiteral("Print one JSON object."));
    parser.addOptions({tokensOption, storeOption, runsOption, filterOption, noNaiveOption, jsonOption});
    parser.process(app);

    QTextStream err(stderr);
    const qint64 tokens = parser.value(tokensOption).toLongLong();
    const int runs = parser.value(runsOption).toInt();
    if (tokens < 1 || runs < 5) {
        err << "--tokens must be positive and --runs at least 5" << Qt::endl;
        return 2;
    }
    const QString path = parser.isSet(storeOption)
                             ? parser.value(storeOption)
                             : QStringLiteral("/tmp/tokendesk-bench-%1.tokendesk").arg(tokens);
    const QString substring = parser.value(filterOption);

    std::shared_ptr<SqlBackend> backend = openOrSeed(path, tokens);
    if (!backend)
        return 1;
    const std::optional<double> verifyRate = verifyPerSecond(backend);
    if (!verifyRate)
        return 1;
    awaitValue(backend->flushLastUsed(), "flush");

    err << "Measuring the empty table, TokenDesk's console, the backend" << Qt::endl;
    const double emptyMs = emptyPaintMs(runs);
    const double chromeMs = windowChromeMs(runs);
    const QString emptyPath = QStringLiteral("/tmp/tokendesk-bench-empty.tokendesk");
    if (!openOrSeed(emptyPath, 0))
        return 1;
    const double emptyStoreMs = emptyStoreFirstPaintMs(emptyPath, runs);
    const PaintFigures console = measureConsole(path, substring, runs);
    const double rawMs = rawLikeMs(path, substring, runs);
    std::optional<PaintFigures> naive;
    if (!parser.isSet(noNaiveOption)) {
        err << "Measuring the naive peer (QSqlTableModel + QSortFilterProxyModel; slow)…" << Qt::endl;
        naive = measureNaivePeer(path, substring, runs);
    }
    const QString hmac = hmacRates();
    err << "Exporting every token as CSV, as the console does" << Qt::endl;
    const std::optional<ExportFigures> exported = measureExport(backend, path);
    if (!exported)
        return 1;
    err << "Revoking 100,000 tokens of a copy of the store, as a bulk revoke does" << Qt::endl;
    const std::optional<BulkFigures> bulk = measureBulkRevoke(path, 100'000);
    if (!bulk)
        return 1;

    auto orNull = [&naive](double PaintFigures::*field) {
        return naive ? QJsonValue((*naive).*field) : QJsonValue(QJsonValue::Null);
    };
    QJsonObject figures{
        {QStringLiteral("empty_paint_ms"), emptyMs},
        {QStringLiteral("first_paint_ms"), console.firstPaintMs},
        {QStringLiteral("rss_delta_mb"), console.rssDeltaMb},
        {QStringLiteral("sort_ms"), console.sortLastUsedMs},
        {QStringLiteral("filter_ms"), console.filterMs},
        {QStringLiteral("jump_end_ms"), console.jumpEndMs},
        {QStringLiteral("select_all_ms"), console.selectAllMs},
        {QStringLiteral("first_paint_empty_ms"), emptyStoreMs},
        {QStringLiteral("naive_select_all_ms"), orNull(&PaintFigures::selectAllMs)},
        {QStringLiteral("naive_first_paint_ms"), orNull(&PaintFigures::firstPaintMs)},
        {QStringLiteral("naive_rss_delta_mb"), orNull(&PaintFigures::rssDeltaMb)},
        {QStringLiteral("naive_sort_ms"), orNull(&PaintFigures::sortLastUsedMs)},
        {QStringLiteral("naive_filter_ms"), orNull(&PaintFigures::filterMs)},
        {QStringLiteral("naive_jump_end_ms"), orNull(&PaintFigures::jumpEndMs)},
        {QStringLiteral("raw_like_ms"), rawMs},
        {QStringLiteral("verify_per_s"), *verifyRate},
        {QStringLiteral("export_1m_s"),
         exported->seconds * 1e6 / double(std::max<qint64>(1, exported->rows))},
        {QStringLiteral("export_s"), exported->seconds},
        {QStringLiteral("export_rows"), exported->rows},
        {QStringLiteral("export_rss_delta_mb"), exported->rssDeltaMb},
        {QStringLiteral("export_longest_stall_ms"), exported->longestStallMs},
        {QStringLiteral("export_raw_scan_s"), exported->rawScanSeconds},
        {QStringLiteral("matching_ids_ms"), bulk->matchingIdsMs},
        {QStringLiteral("matching_ids"), bulk->matchedIds},
        // Per 100,000 tokens, so a smaller --tokens run reads on the same scale.
        {QStringLiteral("bulk_revoke_100k_s"),
         bulk->revokeSeconds * 1e5 / double(std::max<qint64>(1, bulk->revoked))},
        {QStringLiteral("bulk_revoked"), bulk->revoked},
        {QStringLiteral("bulk_longest_stall_ms"), bulk->longestStallMs},
    };

    QTextStream out(stdout);
    if (parser.isSet(jsonOption)) {
        out << QString::fromUtf8(QJsonDocument(figures).toJson(QJsonDocument::Compact)) << Qt::endl;
        return 0;
    }
    auto number = [](double value) {
        return QString::number(value, 'f', 2);
    };
    auto ratio = [](double naiveValue, double ours) {
        return ours > 0 ? QStringLiteral("%1x").arg(naiveValue / ours, 0, 'f', 1) : QStringLiteral("-");
    };
    out << "TokenDesk benchmark: " << tokens << " tokens in " << path << ", median of " << runs
        << " runs after a warm-up" << Qt::endl;
    out << QStringLiteral("  %1 %2 %3 %4")
               .arg(QStringLiteral("figure"), -22)
               .arg(QStringLiteral("TokenDesk"), 12)
               .arg(QStringLiteral("naive"), 12)
               .arg(QStringLiteral("naive/ours"), 11)
        << Qt::endl;
    const std::pair<const char*, double PaintFigures::*> rows[] = {
        {"first_paint_ms", &PaintFigures::firstPaintMs},
        {"rss_delta_mb", &PaintFigures::rssDeltaMb},
        {"sort_ms (last used)", &PaintFigures::sortLastUsedMs},
        {"sort_ms (label)", &PaintFigures::sortLabelMs},
        {"filter_ms", &PaintFigures::filterMs},
        {"jump_end_ms", &PaintFigures::jumpEndMs},
        {"select_all_ms", &PaintFigures::selectAllMs}};
    for (const auto& [name, field] : rows)
        out << QStringLiteral("  %1 %2 %3 %4")
                   .arg(QLatin1String(name), -22)
                   .arg(number(console.*field), 12)
                   .arg(naive ? number((*naive).*field) : QStringLiteral("skipped"), 12)
                   .arg(naive ? ratio((*naive).*field, console.*field) : QString(), 11)
            << Qt::endl;
    out << QStringLiteral("  %1 %2").arg(QStringLiteral("empty_paint_ms"), -22).arg(number(emptyMs), 12)
        << Qt::endl;
    out << QStringLiteral("  %1 %2").arg(QStringLiteral("(window, no store)"), -22).arg(number(chromeMs), 12)
        << Qt::endl;
    out << QStringLiteral("  %1 %2")
               .arg(QStringLiteral("first_paint_empty_ms"), -22)
               .arg(number(emptyStoreMs), 12)
        << Qt::endl;
    out << QStringLiteral("  %1 %2").arg(QStringLiteral("raw_like_ms"), -22).arg(number(rawMs), 12)
        << Qt::endl;
    out << QStringLiteral("  %1 %2").arg(QStringLiteral("verify_per_s"), -22).arg(*verifyRate, 12, 'f', 0)
        << Qt::endl;
    out << QStringLiteral("  %1 %2 s for %3 rows (%4 MB), per million %5 s; raw scan %6 s of %10 rows "
                          "(export/scan %7x); "
                          "rss delta %8 MB; longest event-loop stall %9 ms")
               .arg(QStringLiteral("export (csv)"), -22)
               .arg(number(exported->seconds))
               .arg(exported->rows)
               .arg(number(exported->megabytes))
               .arg(number(exported->seconds * 1e6 / double(std::max<qint64>(1, exported->rows))))
               .arg(number(exported->rawScanSeconds))
               .arg(number(exported->seconds / std::max(1e-9, exported->rawScanSeconds)))
               .arg(number(exported->rssDeltaMb))
               .arg(number(exported->longestStallMs))
               .arg(exported->rawScanRows)
        << Qt::endl;
    const double bulkPer100k = bulk->revokeSeconds * 1e5 / double(std::max<qint64>(1, bulk->revoked));
    out << QStringLiteral("  %1 %2 s for %3 tokens (per 100,000 %4 s); longest event-loop stall %5 ms; "
                          "every id of %6 tokens in %7 ms")
               .arg(QStringLiteral("bulk revoke"), -22)
               .arg(number(bulk->revokeSeconds))
               .arg(bulk->revoked)
               .arg(number(bulkPer100k))
               .arg(number(bulk->longestStallMs))
               .arg(bulk->matchedIds)
               .arg(number(bulk->matchingIdsMs))
        << Qt::endl;
    out << "Targets: first_paint/empty_paint " << number(console.firstPaintMs / emptyMs)
        << " (<= 1.5), first_paint/first_paint_empty " << number(console.firstPaintMs / emptyStoreMs)
        << " (<= 1.2), select_all " << number(console.selectAllMs) << " ms (<= 50), rss_delta "
        << number(console.rssDeltaMb) << " MB (<= 30), sort " << number(console.sortLastUsedMs)
        << " ms (<= 20), jump_end " << number(console.jumpEndMs) << " ms (<= 50), raw_like/filter "
        << number(rawMs / console.filterMs) << " (>= 5), verify " << QString::number(*verifyRate, 'f', 0)
        << "/s (>= 100000), export_1m "
        << number(exported->seconds * 1e6 / double(std::max<qint64>(1, exported->rows)))
        << " s (<= 10), bulk_revoke_100k " << number(bulkPer100k) << " s (<= 10), bulk stall "
        << number(bulk->longestStallMs) << " ms (<= 50)" << Qt::endl;
    out << hmac << Qt::endl;
    return 0;
}
