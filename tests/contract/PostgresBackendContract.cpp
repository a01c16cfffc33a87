// SPDX-License-Identifier: GPL-3.0-or-later
// The contract suite instantiated for SqlBackend on PostgreSQL: one throwaway cluster for the
// test process (started on first use, stopped at exit), a fresh database for every test.
#include "models/backend/sql/SqlBackend.h"
#include "models/backend/sql/SqlStore.h"
#include "models/backend/sql/TokenSql.h"
#include "tests/contract/BackendContract.h"
#include "tests/support/PgCluster.h"
#include "tests/support/TestSupport.h"

#include <gtest/gtest.h>

#include <atomic>

namespace tokendesk::test {

class PostgresHarness final : public BackendHarness
{
public:
    PostgresHarness()
    {
        TokenSql::setDeepOffsetForTesting(0);
        const QString url = freshPostgresDatabase();
        if (url.isEmpty())
            throw std::runtime_error("no PostgreSQL database for the suite");
        m_backend = awaitOk(SqlBackend::create(url, StoreCreateOptions{QStringLiteral("alice"), 3}));
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
    MovableClock m_clock;
    std::shared_ptr<SqlBackend> m_backend;
};

INSTANTIATE_TEST_SUITE_P(Postgres, BackendContractTest,
                         ::testing::Values(HarnessFactory{"Postgres",
                                                          []() -> std::unique_ptr<BackendHarness> {
                                                              if (!PgCluster::unavailableReason().isEmpty())
                                                                  return nullptr;
                                                              return std::make_unique<PostgresHarness>();
                                                          }}),
                         harnessName);

} // namespace tokendesk::test
