// SPDX-License-Identifier: GPL-3.0-or-later
// The contract suite instantiated for RemoteBackend talking to a live server (ApiService and the
// QtHttpServer runtime on 127.0.0.1 and a free port) in front of a SQLite store.
#include "BackendContract.h"
#include "backend/SqlBackend.h"
#include "backend/SqlStore.h"
#include "backend/TokenSql.h"
#include "remote/RemoteBackend.h"
#include "support/LiveServer.h"
#include "support/TestSupport.h"

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
    RemoteHarness()
    {
        TokenSql::setDeepOffsetForTesting(0);
        m_store = awaitOk(SqlBackend::create(m_dir.file(QStringLiteral("remote.tokendesk")),
                                             StoreCreateOptions{QStringLiteral("alice"), 3}));
        auto offset = m_offsetSeconds;
        m_store->store()->setClockForTesting(
            [offset] { return QDateTime::currentDateTimeUtc().addSecs(offset->load()); });
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
        m_offsetSeconds->fetch_add(by.count());
        return true;
    }

private:
    TempDir m_dir;
    std::shared_ptr<std::atomic<qint64>> m_offsetSeconds = std::make_shared<std::atomic<qint64>>(0);
    std::shared_ptr<SqlBackend> m_store;
    std::unique_ptr<InProcessServer> m_server;
};

INSTANTIATE_TEST_SUITE_P(Remote, BackendContractTest,
                         ::testing::Values(HarnessFactory{"Remote",
                                                          [] {
                                                              return std::make_unique<RemoteHarness>();
                                                          }}),
                         harnessName);

} // namespace tokendesk::test
