// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/table/TokenTableModel.h"

#include "tests/gui/GuiTestSupport.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>

namespace tokendesk::test {

namespace {

class TokenTableModelTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        m_backend = awaitOk(SqlBackend::create(m_dir.file(QStringLiteral("model.tokendesk")),
                                               StoreCreateOptions{QStringLiteral("alice"), 1000}));
    }

    void generate(int count)
    {
        for (int i = 0; i < count; ++i)
            awaitOk(m_backend->generate(TokenSpec{QStringLiteral("token-%1").arg(i, 3, 10, QLatin1Char('0')),
                                                  i % 5 == 0 ? Role::Admin : Role::Developer,
                                                  {}}));
    }

    bool waitLoaded(TokenTableModel& model)
    {
        return waitUntil([&] { return model.isLoaded() && !model.isBusy(); });
    }

    TempDir m_dir;
    std::shared_ptr<SqlBackend> m_backend;
};

} // namespace

TEST_F(TokenTableModelTest, PassesTheModelTesterAcrossPagesSortAndFilter)
{
    generate(TokenTableModel::kPageSize + 30);
    TokenTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setBackend(m_backend);
    ASSERT_TRUE(waitLoaded(model));
    EXPECT_EQ(model.rowCount(), TokenTableModel::kPageSize + 30);
    EXPECT_EQ(model.columnCount(), int(TokenTableModel::ColumnCount));

    // A row beyond the first page is fetched on demand.
    const QModelIndex far = model.index(TokenTableModel::kPageSize + 10, TokenTableModel::Label);
    EXPECT_FALSE(far.data(TokenTableModel::LoadedRole).toBool());
    ASSERT_TRUE(waitUntil([&] { return far.data(TokenTableModel::LoadedRole).toBool(); }));
    EXPECT_EQ(far.data().toString(), QStringLiteral("token-110"));

    // Sorting goes to the backend.
    model.sort(TokenTableModel::Label, Qt::DescendingOrder);
    ASSERT_TRUE(waitLoaded(model));
    EXPECT_EQ(model.index(0, TokenTableModel::Label).data().toString(), QStringLiteral("token-129"));
    EXPECT_EQ(model.query().sort, SortKey::Label);
    EXPECT_TRUE(model.query().descending);

    // So does filtering.
    model.setFilterText(QStringLiteral("token-12"));
    ASSERT_TRUE(waitLoaded(model));
    EXPECT_EQ(model.rowCount(), 10);
    model.setFilterText({});
    model.setRoleFilter(Role::Admin);
    ASSERT_TRUE(waitLoaded(model));
    EXPECT_EQ(model.rowCount(), 26);
}

TEST_F(TokenTableModelTest, RolesCarryTheTokenAndRawSortValues)
{
    generate(2);
    TokenTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setBackend(m_backend);
    ASSERT_TRUE(waitLoaded(model));
    const QModelIndex label = model.index(0, TokenTableModel::Label);
    const auto token = label.data(TokenTableModel::TokenRole).value<Token>();
    EXPECT_EQ(token.label, label.data().toString());
    EXPECT_EQ(label.data(TokenTableModel::TokenIdRole).toLongLong(), token.id);
    EXPECT_TRUE(model.index(0, TokenTableModel::Token).data().toString().startsWith(QStringLiteral("tdk_")));
    EXPECT_EQ(model.index(0, TokenTableModel::LastUsed).data().toString(), QStringLiteral("Never"));
    EXPECT_EQ(model.index(0, TokenTableModel::LastUsed).data(TokenTableModel::SortRole).typeId(),
              QMetaType::QDateTime);
    EXPECT_EQ(model.headerData(TokenTableModel::CreatedBy, Qt::Horizontal).toString(),
              QStringLiteral("Created by"));
}

TEST_F(TokenTableModelTest, UpdateAndRemoveChangeRowsInPlace)
{
    generate(3);
    TokenTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setBackend(m_backend);
    ASSERT_TRUE(waitLoaded(model));

    Token first = model.tokenAt(0).value();
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    first.label = QStringLiteral("renamed");
    model.updateToken(first);
    EXPECT_EQ(changed.count(), 1);
    EXPECT_EQ(model.index(0, TokenTableModel::Label).data().toString(), QStringLiteral("renamed"));

    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    model.removeToken(first.id);
    EXPECT_EQ(removed.count(), 1);
    EXPECT_EQ(model.rowCount(), 2);
    EXPECT_EQ(model.rowOf(first.id), -1);
}

} // namespace tokendesk::test
