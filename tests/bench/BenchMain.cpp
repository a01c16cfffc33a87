// SPDX-License-Identifier: GPL-3.0-or-later
// tokendesk-bench: builds (or reuses) an N-token store and measures the backend on it.
// Run: build/<dir>/tests/bench/tokendesk-bench [--tokens N] [--store PATH] [--json]
#include "backend/SqlBackend.h"
#include "backend/SqlStore.h"
#include "core/TokenFormat.h"
#include "crypto/Crypto.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTextStream>

#include <algorithm>
#include <functional>
#include <optional>
#include <vector>

using namespace tokendesk;

namespace {

template <typename T> T await(QFuture<T> future)
{
    future.waitForFinished();
    return future.result();
}

template <typename T> std::optional<T> awaitValue(QFuture<Result<T>> future, const char* what)
{
    Result<T> result = await(std::move(future));
    if (!result.ok()) {
        QTextStream(stderr) << what << ": " << result.error().toString() << Qt::endl;
        return std::nullopt;
    }
    return std::move(result).value();
}

// Median of `runs` timings in milliseconds, after one warm-up run.
double medianMs(const std::function<void()>& operation, int runs = 5)
{
    operation();
    std::vector<double> timings;
    for (int run = 0; run < runs; ++run) {
        QElapsedTimer timer;
        timer.start();
        operation();
        timings.push_back(static_cast<double>(timer.nsecsElapsed()) / 1e6);
    }
    std::sort(timings.begin(), timings.end());
    return timings[timings.size() / 2];
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate("Bench", "TokenDesk large-store benchmark"));
    parser.addHelpOption();
    QCommandLineOption tokensOption(QStringLiteral("tokens"),
                                    QCoreApplication::translate("Bench", "Store size."), QStringLiteral("N"),
                                    QStringLiteral("1000000"));
    QCommandLineOption storeOption(
        QStringLiteral("store"), QCoreApplication::translate("Bench", "Store file."), QStringLiteral("path"));
    QCommandLineOption jsonOption(QStringLiteral("json"),
                                  QCoreApplication::translate("Bench", "Print JSON."));
    parser.addOptions({tokensOption, storeOption, jsonOption});
    parser.process(app);
    const qint64 tokens = parser.value(tokensOption).toLongLong();
    const QString path = parser.isSet(storeOption)
                             ? parser.value(storeOption)
                             : QStringLiteral("/tmp/tokendesk-bench-%1.tokendesk").arg(tokens);
    QTextStream err(stderr);
    const QString admin = QStringLiteral("root");

    std::shared_ptr<SqlBackend> backend;
    if (QFileInfo::exists(path)) {
        auto opened = awaitValue(SqlBackend::open(path, admin), "open");
        if (!opened)
            return 1;
        backend = *opened;
    } else {
        auto created = awaitValue(SqlBackend::create(path, StoreCreateOptions{admin, 1000}), "create");
        if (!created)
            return 1;
        backend = *created;
    }
    const auto existing = awaitValue(backend->count({}), "count");
    if (!existing)
        return 1;
    if (*existing < tokens) {
        err << QCoreApplication::translate("Bench", "Seeding %1 tokens into %2…")
                   .arg(tokens - *existing)
                   .arg(path)
            << Qt::endl;
        auto report = awaitValue(backend->seed(tokens - *existing), "seed");
        if (!report)
            return 1;
        err << QCoreApplication::translate("Bench", "Seeded in %1 ms").arg(report->elapsedMs) << Qt::endl;
    }

    QJsonObject figures;
    for (const char* key : {"empty_paint_ms", "first_paint_ms", "rss_delta_mb", "naive_first_paint_ms",
                            "naive_rss_delta_mb", "naive_sort_ms", "naive_filter_ms", "naive_jump_end_ms"})
        figures.insert(QLatin1String(key), QJsonValue::Null); // GUI measurements: not implemented yet

    // raw_like_ms: a direct LIKE count on the same file, its own connection.
    {
        QSqlDatabase raw = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("bench-raw"));
        raw.setDatabaseName(path);
        raw.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        if (!raw.open()) {
            err << "raw open failed" << Qt::endl;
            return 1;
        }
        qint64 matches = 0;
        figures.insert(QStringLiteral("raw_like_ms"), medianMs([&] {
                           QSqlQuery query(raw);
                           query.exec(
                               QStringLiteral("SELECT COUNT(*) FROM tokens WHERE label LIKE '%prod-12%'"));
                           query.next();
                           matches = query.value(0).toLongLong();
                       }));
        err << "raw LIKE matches: " << matches << Qt::endl;
    }

    auto firstPage = [&](const TokenQuery& query) {
        auto count = await(backend->count(query));
        auto page = await(backend->list(query));
        if (!count.ok() || !page.ok())
            err << "query failed" << Qt::endl;
    };
    TokenQuery filtered;
    filtered.filter = QStringLiteral("prod-12");
    figures.insert(QStringLiteral("filter_ms"), medianMs([&] { firstPage(filtered); }));
    TokenQuery byLastUsed;
    byLastUsed.sort = SortKey::LastUsed;
    byLastUsed.descending = true;
    figures.insert(QStringLiteral("sort_ms"), medianMs([&] { await(backend->list(byLastUsed)); }));
    TokenQuery byLabel;
    byLabel.sort = SortKey::Label;
    const double sortLabelMs = medianMs([&] { await(backend->list(byLabel)); });
    TokenQuery end;
    end.sort = SortKey::LastUsed;
    figures.insert(QStringLiteral("jump_end_ms"), medianMs([&] {
                       auto total = await(backend->count({}));
                       if (total.ok())
                           end.offset = std::max<qint64>(0, total.value() - end.limit);
                       await(backend->list(end));
                   }));

    // verify_per_s: real tokens (the seeder discards its secrets), made by a fresh admin each run.
    {
        const QString user = QStringLiteral("bench%1").arg(QDateTime::currentMSecsSinceEpoch());
        if (!awaitValue(backend->setTokenLimit(1000), "limit") ||
            !awaitValue(backend->addUser(User{user, true, true}), "user"))
            return 1;
        auto maker = backend->withActor(user);
        std::vector<Secret> secrets;
        for (int n = 0; n < 1000; ++n) {
            auto made = awaitValue(
                maker->generate(TokenSpec{QStringLiteral("bench-verify-%1").arg(n), Role::Developer, {}}),
                "generate");
            if (!made)
                return 1;
            secrets.push_back(made->secret);
        }
        QElapsedTimer timer;
        timer.start();
        qint64 verified = 0;
        for (int round = 0; round < 20; ++round) {
            for (const Secret& secret : secrets)
                verified += await(backend->verify(secret)).ok() ? 1 : 0;
        }
        figures.insert(QStringLiteral("verify_per_s"),
                       static_cast<double>(verified) * 1e9 / static_cast<double>(timer.nsecsElapsed()));
    }

    // Crypto implementations: HMAC-SHA256 of a token-sized message (reported, not a JSON key).
    QString cryptoLine;
    for (const auto& crypto : availableCryptos()) {
        const QByteArray key = crypto->randomBytes(32);
        const QByteArray message(40, 'x');
        QElapsedTimer timer;
        timer.start();
        constexpr int kCalls = 100000;
        for (int n = 0; n < kCalls; ++n)
            crypto->hmacSha256(key, message);
        cryptoLine += QStringLiteral("  hmac %1: %2/s")
                          .arg(crypto->name())
                          .arg(kCalls * 1e9 / timer.nsecsElapsed(), 0, 'f', 0);
    }

    QTextStream out(stdout);
    if (parser.isSet(jsonOption)) {
        out << QString::fromUtf8(QJsonDocument(figures).toJson(QJsonDocument::Compact)) << Qt::endl;
    } else {
        out << QCoreApplication::translate("Bench", "TokenDesk benchmark, %1 tokens (%2)")
                   .arg(tokens)
                   .arg(path)
            << Qt::endl;
        for (auto it = figures.begin(); it != figures.end(); ++it)
            out << QStringLiteral("  %1 %2")
                       .arg(it.key(), -22)
                       .arg(it.value().isNull() ? QStringLiteral("n/a")
                                                : QString::number(it.value().toDouble(), 'f', 2))
                << Qt::endl;
        out << QStringLiteral("  %1 %2")
                   .arg(QStringLiteral("(sort by label, ms)"), -22)
                   .arg(sortLabelMs, 0, 'f', 2)
            << Qt::endl;
        out << cryptoLine << Qt::endl;
    }
    return 0;
}
