// SPDX-License-Identifier: GPL-3.0-or-later
// The contract suite instantiated for RemoteBackend talking to a live server (ApiService and the
// QtHttpServer runtime on 127.0.0.1 and a free port) in front of a SQLite store.
#include "models/backend/sql/SqlBackend.h"
#include "models/backend/sql/SqlStore.h"
#include "models/backend/sql/TokenSql.h"
#include "models/remote/RemoteBackend.h"
#include "tests/contract/BackendContract.h"
#include "tests/support/LiveServer.h"
#include "tests/support/PgCluster.h"
#include "tests/support/TestSupport.h"

#include <gtest/gtest.h>

#include <atomic>

namespace tokendesk::test {

namespace {

const QByteArray kTestCredential = "test-user:";

// Each remote backend of the suite presents "test-user:<name>" and acts as that user: the
// bearer-token authentication itself is covered by the server's HTTP tests, and here an admin
// token per user would take one of the very slots the suite counts.
Result<ApiService::Principal> principalFromTestCredential(const Secret& bearer)
{
    const QByteArrayView presented = bearer.view();
    if (!presented.startsWith(kTestCredential))
        return makeError(ErrorCode::ApiKeyInvalid, QStringLiteral("not a test credential"));
    const QString user = QString::fromUtf8(presented.sliced(kTestCredential.size()));
    return ApiService::Principal{user, user, 0};
}

} // namespace

class RemoteHarness final : public BackendHarness
{
public:
    // `store`: where the server keeps its tokens (a file in this harness's folder by default).
    explicit RemoteHarness(QString store = {})
    {
        TokenSql::setDeepOffsetForTesting(0);
        if (store.isEmpty())
            store = m_dir.file(QStringLiteral("remote.tokendesk"));
        m_store = awaitOk(SqlBackend::create(store, StoreCreateOptions{QStringLiteral("alice"), 3}));
        m_clock.drive(*m_store->store());
        m_server = std::make_unique<InProcessServer>(m_store, &principalFromTestCredential);
    }
    ~RemoteHarness() override
    {
        m_server.reset(); // stop serving before the store goes
    }
    std::shared_ptr<Backend> backend() override { return as(QStringLiteral("alice")); }
    std::shared_ptr<Backend> as(const QString& user) override
    {
        RemoteOptions options;
        options.server = m_server->url();
        options.token = Secret(kTestCredential + user.toUtf8());
        return std::make_shared<RemoteBackend>(options, user);
    }
    bool advanceClock(std::chrono::seconds by) override
    {
        m_clock.advance(by);
        return true;
    }

private:
    TempDir m_dir;
    MovableClock m_clock;
    std::shared_ptr<SqlBackend> m_store;
    std::unique_ptr<InProcessServer> m_server;
};

// The server on PostgreSQL (issue 7): the same suite through HTTP onto a shared database.
INSTANTIATE_TEST_SUITE_P(RemotePostgres, BackendContractTest,
                         ::testing::Values(HarnessFactory{"RemotePostgres",
                                                          []() -> std::unique_ptr<BackendHarness> {
                                                              const QString url = freshPostgresDatabase();
                                                              if (url.isEmpty())
                                                                  return nullptr;
                                                              return std::make_unique<RemoteHarness>(url);
                                                          }}),
                         harnessName);

INSTANTIATE_TEST_SUITE_P(Remote, BackendContractTest,
                         ::testing::Values(HarnessFactory{"Remote",
                                                          [] {
                                                              return std::make_unique<RemoteHarness>();
                                                          }}),
                         harnessName);

} // namespace tokendesk::test
