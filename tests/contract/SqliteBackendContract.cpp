// SPDX-License-Identifier: GPL-3.0-or-later
// The contract suite instantiated for SqlBackend on a SQLite file.
#include "models/backend/sql/SqlBackend.h"
#include "models/backend/sql/SqlStore.h"
#include "models/backend/sql/TokenSql.h"
#include "tests/contract/BackendContract.h"
#include "tests/support/TestSupport.h"

#include <gtest/gtest.h>

#include <atomic>

namespace tokendesk::test {

class SqliteHarness final : public BackendHarness
{
public:
    SqliteHarness()
    {
        // Every page past half of a small list takes the deep-offset path (read from the other end).
        TokenSql::setDeepOffsetForTesting(0);
        m_backend = awaitOk(SqlBackend::create(m_dir.file(QStringLiteral("contract.tokendesk")),
                                               StoreCreateOptions{QStringLiteral("alice"), 3}));
        m_clock.drive(*m_backend->store());
    }
    std::shared_ptr<Backend> backend() override { return m_backend; }
    std::shared_ptr<Backend> as(const QString& user) override { return m_backend->withActor(user); }
    bool advanceClock(std::chrono::seconds by) override
    {
        m_clock.advance(by);
        return true;
    }

private:
    TempDir m_dir;
    MovableClock m_clock;
    std::shared_ptr<SqlBackend> m_backend;
};

INSTANTIATE_TEST_SUITE_P(Sqlite, BackendContractTest,
                         ::testing::Values(HarnessFactory{"Sqlite",
                                                          [] {
                                                              return std::make_unique<SqliteHarness>();
                                                          }}),
                         harnessName);

} // namespace tokendesk::test
