// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/bench/ConsoleFigures.h"

#include "models/table/TokenTableModel.h"
#include "tests/bench/Measure.h"
#include "ui/MainWindow.h"

#include <QApplication>
#include <QHeaderView>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QSqlDatabase>
#include <QSqlTableModel>
#include <QStandardItemModel>
#include <QTableView>
#include <QTest>

#include <functional>
#include <memory>

namespace tokendesk::bench {

namespace {

constexpr QSize kWindowSize(1280, 800);

void clickHeader(QTableView* view, int column)
{
    QHeaderView* header = view->horizontalHeader();
    const QPoint centre(header->sectionViewportPosition(column) + header->sectionSize(column) / 2,
                        header->height() / 2);
    QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, centre);
}

void settle()
{
    for (int i = 0; i < 3; ++i)
        QCoreApplication::processEvents();
}

} // namespace

double emptyPaintMs(int runs)
{
    std::unique_ptr<QTableView> view;
    QStandardItemModel model(0, 7);
    return medianMs(
        [&] {
            view = std::make_unique<QTableView>();
            view->setModel(&model);
            view->resize(kWindowSize);
            PaintWatch watch(view->viewport(), [] { return true; });
            view->show();
            watch.wait();
        },
        runs,
        [&] {
            view.reset();
            settle();
        });
}

namespace {

// A new main window shown until `painted` holds at a paint of `watched(window)`, after `prepare`.
double mainWindowPaintMs(int runs, const std::function<void(ui::MainWindow&)>& prepare,
                         const std::function<QWidget*(ui::MainWindow&)>& watched,
                         const std::function<bool(ui::MainWindow&)>& painted)
{
    std::unique_ptr<ui::MainWindow> window;
    return medianMs(
        [&] {
            window = std::make_unique<ui::MainWindow>();
            window->resize(kWindowSize);
            prepare(*window);
            ui::MainWindow* shown = window.get();
            PaintWatch watch(watched(*window), [&painted, shown] { return painted(*shown); });
            window->show();
            watch.wait();
        },
        runs,
        [&] {
            window.reset();
            settle();
        });
}

} // namespace

double windowChromeMs(int runs)
{
    return mainWindowPaintMs(
        runs, [](ui::MainWindow&) {},
        [](ui::MainWindow& window) -> QWidget* {
            auto* table = window.findChild<QTableView*>(QStringLiteral("tokenTable"));
            return table->isVisibleTo(&window) ? table->viewport() : &window;
        },
        [](ui::MainWindow&) { return true; });
}

double emptyStoreFirstPaintMs(const QString& path, int runs)
{
    // An empty store shows the empty-state page instead of the table: the window is watched.
    return mainWindowPaintMs(
        runs, [&path](ui::MainWindow& window) { window.openStore(path); },
        [](ui::MainWindow& window) -> QWidget* { return &window; },
        [](ui::MainWindow& window) { return window.tokenModel()->isLoaded(); });
}

// Ctrl+A, timed to the first paint of the selection; `view` has the keyboard focus.
double selectAllMs(QTableView* view, int runs)
{
    PaintWatch selected(view->viewport(), [view] { return view->selectionModel()->hasSelection(); });
    return medianMs(
        [&] {
            selected.arm();
            view->setFocus();
            QTest::keyClick(view, Qt::Key_A, Qt::ControlModifier);
            selected.wait();
        },
        runs,
        [&] {
            view->clearSelection();
            settle();
        });
}

PaintFigures measureConsole(const QString& path, const QString& substring, int runs)
{
    PaintFigures figures;
    std::unique_ptr<ui::MainWindow> window;
    double rssBefore = 0;
    bool first = true;
    figures.firstPaintMs = medianMs(
        [&] {
            window = std::make_unique<ui::MainWindow>();
            window->resize(kWindowSize);
            window->openStore(path);
            auto* table = window->findChild<QTableView*>(QStringLiteral("tokenTable"));
            TokenTableModel* model = window->tokenModel();
            PaintWatch watch(table->viewport(),
                             [model] { return model->isLoaded() && model->tokenAt(0).has_value(); });
            window->show();
            watch.wait();
            if (first) {
                figures.rssDeltaMb = residentMb() - rssBefore;
                first = false;
            }
        },
        runs,
        [&] {
            window.reset();
            settle();
            rssBefore = residentMb();
        });

    auto* table = window->findChild<QTableView*>(QStringLiteral("tokenTable"));
    TokenTableModel* model = window->tokenModel();
    int answers = 0;
    QObject::connect(model, &TokenTableModel::loaded, table, [&answers] { ++answers; });
    int answersBefore = 0;
    PaintWatch fresh(table->viewport(), [&] {
        return answers > answersBefore && !model->isBusy() && model->tokenAt(0).has_value();
    });
    auto timedAnswer = [&](const std::function<void()>& action) {
        return [&, action] {
            answersBefore = answers;
            fresh.arm();
            action();
            fresh.wait();
        };
    };
    // Each click flips the order, so every run is a real re-sort.
    figures.sortLastUsedMs =
        medianMs(timedAnswer([&] { clickHeader(table, TokenTableModel::LastUsed); }), runs);
    figures.sortLabelMs = medianMs(timedAnswer([&] { clickHeader(table, TokenTableModel::Label); }), runs);

    auto* search = window->findChild<QLineEdit*>(QStringLiteral("searchField"));
    figures.filterMs = medianMs(timedAnswer([&] { search->insert(substring); }), runs, [&] {
        if (search->text().isEmpty())
            return;
        answersBefore = answers;
        fresh.arm();
        search->clear(); // applies at once; wait for the unfiltered answer, untimed
        fresh.wait();
    });
    search->clear();
    settle();

    // Jump with a cold cache each time: reload first (untimed), then Ctrl+End.
    // tokenAt() only looks into the cache; data() would fetch the page itself.
    PaintWatch lastRow(table->viewport(),
                       [model] { return model->tokenAt(model->rowCount() - 1).has_value(); });
    figures.jumpEndMs = medianMs(
        [&] {
            lastRow.arm();
            table->setFocus();
            QTest::keyClick(table, Qt::Key_End, Qt::ControlModifier);
            lastRow.wait();
        },
        runs,
        [&] {
            table->scrollToTop();
            answersBefore = answers;
            fresh.arm();
            model->reload();
            fresh.wait();
            table->setCurrentIndex(model->index(0, 0)); // Ctrl+End moves from the current row
        });
    figures.selectAllMs = selectAllMs(table, runs);
    return figures;
}

PaintFigures measureNaivePeer(const QString& path, const QString& substring, int runs)
{
    PaintFigures figures;
    const QString connection = QStringLiteral("bench-naive");
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        db.open();
    }
    std::unique_ptr<QTableView> view;
    std::unique_ptr<QSortFilterProxyModel> proxy;
    std::unique_ptr<QSqlTableModel> source;
    double rssBefore = 0;
    bool first = true;
    figures.firstPaintMs = medianMs(
        [&] {
            source = std::make_unique<QSqlTableModel>(nullptr, QSqlDatabase::database(connection, false));
            source->setTable(QStringLiteral("tokens"));
            source->select();
            while (source->canFetchMore())
                source->fetchMore();
            proxy = std::make_unique<QSortFilterProxyModel>();
            proxy->setSourceModel(source.get());
            proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
            proxy->setFilterKeyColumn(source->fieldIndex(QStringLiteral("label")));
            view = std::make_unique<QTableView>();
            view->setSortingEnabled(true);
            view->setModel(proxy.get());
            view->resize(kWindowSize);
            PaintWatch watch(view->viewport(), [&] { return proxy->rowCount() > 0; });
            view->show();
            watch.wait();
            if (first) {
                figures.rssDeltaMb = residentMb() - rssBefore;
                first = false;
            }
        },
        runs,
        [&] {
            view.reset();
            proxy.reset();
            source.reset();
            settle();
            rssBefore = residentMb();
        });

    PaintWatch painted(view->viewport(), [] { return true; });
    auto timedPaint = [&](const std::function<void()>& action) {
        return [&, action] {
            painted.arm();
            action();
            painted.wait();
        };
    };
    const int lastUsed = source->fieldIndex(QStringLiteral("last_used_at"));
    const int label = source->fieldIndex(QStringLiteral("label"));
    figures.sortLastUsedMs = medianMs(timedPaint([&] { clickHeader(view.get(), lastUsed); }), runs);
    figures.sortLabelMs = medianMs(timedPaint([&] { clickHeader(view.get(), label); }), runs);
    figures.filterMs = medianMs(timedPaint([&] { proxy->setFilterFixedString(substring); }), runs,
                                [&] { proxy->setFilterFixedString({}); });
    proxy->setFilterFixedString({});
    figures.jumpEndMs = medianMs(timedPaint([&] {
                                     view->setFocus();
                                     QTest::keyClick(view.get(), Qt::Key_End, Qt::ControlModifier);
                                 }),
                                 runs, [&] {
                                     view->scrollToTop();
                                     view->setCurrentIndex(proxy->index(0, 0));
                                     settle();
                                 });
    figures.selectAllMs = selectAllMs(view.get(), runs);
    view.reset();
    proxy.reset();
    source.reset();
    QSqlDatabase::removeDatabase(connection);
    return figures;
}

} // namespace tokendesk::bench
