// SPDX-License-Identifier: GPL-3.0-or-later
// The table model over a 100,000-token store, checked against SQL run directly on the file:
// the right rows at any offset, in any order, under a filter, and a cache that stays bounded
// while a view scrolls from the first row to the last.
#include "models/table/SelectionResolver.h"
#include "models/table/TokenTableModel.h"
#include "tests/gui/GuiTestSupport.h"

#include <QFile>
#include <QScrollBar>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTableView>

#include <algorithm>
#include <unistd.h>

namespace tokendesk::test {

namespace {

constexpr qint64 kTokens = 100000;
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kUnderAddressSanitizer = true;
#else
constexpr bool kUnderAddressSanitizer = false;
#endif

double residentMb()
{
    QFile statm(QStringLiteral("/proc/self/statm"));
    if (!statm.open(QIODevice::ReadOnly))
        return 0;
    return double(statm.readAll().split(' ').value(1).toLongLong()) * double(sysconf(_SC_PAGESIZE)) /
           (1 << 20);
}

// One store for the whole suite: seeding 100,000 tokens is the slow part. Made by the first
// test, closed after the last one (while the application still runs, so it closes cleanly).
class LargeStore
{
public:
    static LargeStore& instance()
    {
        if (!s_instance)
            s_instance.reset(new LargeStore);
        return *s_instance;
    }
    static void close() { s_instance.reset(); }
    ~LargeStore() { QSqlDatabase::removeDatabase(m_connection); }
    std::shared_ptr<SqlBackend> backend() const { return m_backend; }
    // The token ids of `sql` (a SELECT id ... statement), straight from the file.
    QList<qint64> ids(const QString& sql) const
    {
        QList<qint64> out;
        QSqlQuery query(QSqlDatabase::database(m_connection, false));
        EXPECT_TRUE(query.exec(sql)) << qPrintable(sql);
        while (query.next())
            out.append(query.value(0).toLongLong());
        return out;
    }
    qint64 scalar(const QString& sql) const
    {
        const QList<qint64> values = ids(sql);
        return values.isEmpty() ? -1 : values.first();
    }

private:
    LargeStore()
    {
        const QString path = m_dir.file(QStringLiteral("large.tokendesk"));
        m_backend = awaitOk(SqlBackend::create(path, StoreCreateOptions{QStringLiteral("alice"), 3}));
        awaitOk(m_backend->seed(kTokens));
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        EXPECT_TRUE(db.open());
    }

    static inline std::unique_ptr<LargeStore> s_instance;
    TempDir m_dir;
    QString m_connection = QStringLiteral("ground-truth");
    std::shared_ptr<SqlBackend> m_backend;
};

class TokenTableModelScaleTest : public ::testing::Test
{
protected:
    static void TearDownTestSuite() { LargeStore::close(); }
    void SetUp() override
    {
        m_model.setBackend(LargeStore::instance().backend());
        ASSERT_TRUE(waitLoaded());
    }
    bool waitLoaded()
    {
        return waitUntil([&] { return m_model.isLoaded() && !m_model.isBusy(); }, 60000);
    }
    // The id at `row`, once its page has arrived.
    qint64 idAt(int row)
    {
        const QModelIndex index = m_model.index(row, 0);
        EXPECT_TRUE(waitUntil([&] { return index.data(TokenTableModel::LoadedRole).toBool(); }, 60000))
            << "row " << row;
        return index.data(TokenTableModel::TokenIdRole).toLongLong();
    }
    void expectRowsMatch(const QString& orderBy, const QString& where = {})
    {
        const qint64 total = m_model.rowCount();
        for (const qint64 row : {qint64(0), qint64(1), qint64(99), qint64(100), total / 3, total / 2 + 7,
                                 total - 101, total - 1}) {
            if (row < 0 || row >= total)
                continue;
            const qint64 expected = LargeStore::instance().scalar(
                QStringLiteral("SELECT id FROM tokens %1 ORDER BY %2 LIMIT 1 OFFSET %3")
                    .arg(where, orderBy)
                    .arg(row));
            EXPECT_EQ(idAt(int(row)), expected) << "row " << row << " ordered by " << qPrintable(orderBy);
        }
    }

    TokenTableModel m_model;
};

} // namespace

TEST_F(TokenTableModelScaleTest, PagesMatchSqlAtEveryDepth)
{
    EXPECT_EQ(m_model.rowCount(),
              LargeStore::instance().scalar(QStringLiteral("SELECT COUNT(*) FROM tokens")));
    EXPECT_GE(m_model.rowCount(), kTokens);
    expectRowsMatch(QStringLiteral("created_at, id"));
}

TEST_F(TokenTableModelScaleTest, SortingByAColumnMatchesSql)
{
    m_model.sort(TokenTableModel::Label, Qt::DescendingOrder);
    ASSERT_TRUE(waitLoaded());
    expectRowsMatch(QStringLiteral("label COLLATE NOCASE DESC, id DESC"));
    m_model.sort(TokenTableModel::LastUsed, Qt::AscendingOrder);
    ASSERT_TRUE(waitLoaded());
    expectRowsMatch(QStringLiteral("last_used_at, id"));
}

TEST_F(TokenTableModelScaleTest, FilteringMatchesSql)
{
    m_model.setFilterText(QStringLiteral("prod-1"));
    ASSERT_TRUE(waitLoaded());
    const QString where = QStringLiteral("WHERE label LIKE '%prod-1%' OR created_by LIKE '%prod-1%'");
    const qint64 matches =
        LargeStore::instance().scalar(QStringLiteral("SELECT COUNT(*) FROM tokens ") + where);
    ASSERT_GT(matches, 100) << "the seeded labels should match more than a page";
    EXPECT_EQ(m_model.rowCount(), matches);
    expectRowsMatch(QStringLiteral("created_at, id"), where);

    m_model.setFilterText({});
    m_model.setRoleFilter(Role::Admin);
    ASSERT_TRUE(waitLoaded());
    EXPECT_EQ(m_model.rowCount(), LargeStore::instance().scalar(
                                      QStringLiteral("SELECT COUNT(*) FROM tokens WHERE role = 'admin'")));
    expectRowsMatch(QStringLiteral("created_at, id"), QStringLiteral("WHERE role = 'admin'"));
}

TEST_F(TokenTableModelScaleTest, ScrollingEndToEndKeepsTheCacheBounded)
{
    QTableView view;
    view.setModel(&m_model);
    view.resize(800, 600);
    view.show();
    QScrollBar* bar = view.verticalScrollBar();
    const int cacheLimit = TokenTableModel::kMaxCachedPages * TokenTableModel::kPageSize;
    int largestCache = 0;
    double rssAtTenPercent = 0;
    // Scroll in steps of about a page, as dragging the thumb from top to bottom does, and wait
    // at each step for the rows in view to arrive. Under AddressSanitizer a repaint of the view
    // costs ~35 times more, so the thumb moves in 200 larger steps: still twelve times more
    // distinct pages than the cache may hold, which is what the bound is checked against.
    const int pageSteps = m_model.rowCount() / TokenTableModel::kPageSize;
    const int steps = kUnderAddressSanitizer ? std::min(pageSteps, 200) : pageSteps;
    static_assert(200 > 4 * TokenTableModel::kMaxCachedPages);
    for (int step = 0; step <= steps; ++step) {
        bar->setValue(int(qint64(bar->maximum()) * step / steps));
        const int top = view.rowAt(0);
        ASSERT_GE(top, 0);
        ASSERT_TRUE(waitUntil([&] { return m_model.tokenAt(top).has_value(); }, 60000)) << "row " << top;
        largestCache = std::max(largestCache, m_model.cachedRowCount());
        if (step == steps / 10)
            rssAtTenPercent = residentMb();
    }
    EXPECT_TRUE(waitUntil([&] { return m_model.tokenAt(m_model.rowCount() - 1).has_value(); }, 60000))
        << "the last row was shown";
    EXPECT_LE(largestCache, cacheLimit) << "the cache never held more than its bound";
    // Resident memory for the remaining 90% of the scroll: flat, not proportional to the rows seen.
    // (AddressSanitizer keeps freed memory in quarantine, so its resident size only grows.)
    if (!kUnderAddressSanitizer) {
        EXPECT_LT(residentMb() - rssAtTenPercent, 16.0);
    }
}

namespace {

Result<QList<BulkItem>> resolve(SelectionResolver& resolver)
{
    std::optional<Result<QList<BulkItem>>> answer;
    QObject::connect(&resolver, &SelectionResolver::resolved,
                     [&](const Result<QList<BulkItem>>& items) { answer = items; });
    resolver.start();
    EXPECT_TRUE(waitUntil([&] { return answer.has_value(); }, 60000));
    return answer.value_or(Error{ErrorCode::Internal, QStringLiteral("no answer")});
}

QList<qint64> idsOf(const QList<BulkItem>& items)
{
    QList<qint64> ids;
    for (const BulkItem& item : items)
        ids.append(item.id);
    return ids;
}

} // namespace

// Ctrl+A on 100,000 rows is one span: it resolves to every matching id as the store has them,
// minus the row the admin then deselected, without reading the rows page by page.
TEST_F(TokenTableModelScaleTest, SelectingEveryRowResolvesToTheQueryMinusTheRowsLeftOut)
{
    const int rows = m_model.rowCount();
    const qint64 leftOut = idAt(7);
    const TokenSelection selection(m_model.query(), rows, {{0, 6}, {8, rows - 1}});
    SelectionResolver resolver(LargeStore::instance().backend(), selection, m_model);
    EXPECT_TRUE(resolver.isWholeQuery());
    const Result<QList<BulkItem>> items = resolve(resolver);
    ASSERT_TRUE(items.ok()) << qPrintable(items.error().toString());
    QList<qint64> expected = LargeStore::instance().ids(QStringLiteral("SELECT id FROM tokens ORDER BY id"));
    expected.removeOne(leftOut);
    QList<qint64> got = idsOf(items.value());
    std::sort(got.begin(), got.end());
    EXPECT_EQ(got, expected);
    EXPECT_TRUE(std::all_of(items->begin(), items->end(), [](const BulkItem& item) {
        return item.expectedVersion == BulkItem::kAnyVersion;
    }));
}

// Shift-selecting far down the list, past what the table holds: the rows are read in the table's
// order, so the tokens are exactly those the admin saw at those rows.
TEST_F(TokenTableModelScaleTest, ASelectionBeyondTheCacheResolvesToTheRowsAtThoseOffsets)
{
    m_model.sort(TokenTableModel::Label, Qt::DescendingOrder);
    ASSERT_TRUE(waitLoaded());
    const int first = m_model.rowCount() / 2;
    const int last = first + TokenQuery::kMaxPageSize + 500; // two reads
    const TokenSelection selection(m_model.query(), m_model.rowCount(), {{0, 2}, {first, last}});
    SelectionResolver resolver(LargeStore::instance().backend(), selection, m_model);
    EXPECT_FALSE(resolver.isWholeQuery());
    const Result<QList<BulkItem>> items = resolve(resolver);
    ASSERT_TRUE(items.ok()) << qPrintable(items.error().toString());
    QList<qint64> expected = LargeStore::instance().ids(
        QStringLiteral("SELECT id FROM tokens ORDER BY label COLLATE NOCASE DESC, id DESC LIMIT 3"));
    expected += LargeStore::instance().ids(
        QStringLiteral("SELECT id FROM tokens ORDER BY label COLLATE NOCASE DESC, id DESC LIMIT %1 OFFSET %2")
            .arg(last - first + 1)
            .arg(first));
    EXPECT_EQ(idsOf(items.value()), expected);
    // The first rows were on screen: their versions go along, so a token changed since is refused.
    EXPECT_NE(items->at(0).expectedVersion, BulkItem::kAnyVersion);
}

} // namespace tokendesk::test
