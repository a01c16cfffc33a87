// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/backend/sql/SqlBackend.h"
#include "models/backend/sql/SqlStore.h"
#include "tests/contract/BackendContract.h"
#include "tests/support/PgCluster.h"
#include "tests/support/TestSupport.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace tokendesk::test {

// A suite for one room of the SQL store that runs on each engine: a fresh store (a file, or a
// database on the test process's PostgreSQL cluster, skipped where none can run) whose first
// admin is "alice", on a clock the test moves. Instantiate with kEngines and engineName.
class EngineStoreTest : public ::testing::TestWithParam<const char*>
{
protected:
    void SetUp() override
    {
        QString location = m_dir.file(QStringLiteral("store.tokendesk"));
        if (std::string_view(GetParam()) == "Postgres") {
            if (const QString why = PgCluster::unavailableReason(); !why.isEmpty())
                GTEST_SKIP() << why.toStdString();
            location = freshPostgresDatabase();
            ASSERT_FALSE(location.isEmpty());
        }
        m_location = location;
        m_backend = awaitOk(SqlBackend::create(location, StoreCreateOptions{QStringLiteral("alice"), 3}));
        m_store = m_backend->store();
        m_clock.drive(*m_store);
    }

    TempDir m_dir;
    QString m_location;                    // the file or postgresql:// URL, for a second opener
    std::shared_ptr<SqlBackend> m_backend; // acting as alice
    std::shared_ptr<SqlStore> m_store;
    MovableClock m_clock;
};

inline const auto kEngines = ::testing::Values("Sqlite", "Postgres");
inline std::string engineName(const ::testing::TestParamInfo<const char*>& info)
{
    return info.param;
}

} // namespace tokendesk::test
