// SPDX-License-Identifier: GPL-3.0-or-later
// The real tokendesk-server when the storage fails under it (issue 14): the disk fills up
// (RLIMIT_FSIZE), the store file is deleted or another file is renamed over it while the server
// has it open, or the file is read-only. Each write is answered with a clear error JSON (503
// STORE_UNAVAILABLE), verify keeps answering where it can, and the store is left whole.
#include "models/backend/sql/SqlBackend.h"
#include "tests/support/LiveServer.h"
#include "tests/support/RawHttp.h"
#include "tests/support/StoreFaults.h"
#include "tests/support/TestSupport.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <gtest/gtest.h>

#include <sys/resource.h>
#include <sys/stat.h>

namespace tokendesk::test {
namespace {

class ServerStorageFaultsTest : public ::testing::Test
{
protected:
    // The store, in `folder` (created), with alice, an Admin token for the API and a kept token.
    void makeStore(const QString& folder)
    {
        ASSERT_TRUE(QDir().mkpath(folder));
        m_store = folder + QStringLiteral("/faults.tokendesk");
        auto backend = awaitOk(SqlBackend::create(m_store, StoreCreateOptions{QStringLiteral("alice"), 100}));
        m_bearer =
            "Bearer " +
            awaitOk(backend->generate({QStringLiteral("api"), Role::Admin, {}})).secret.view().toByteArray();
        m_kept = "Bearer " + awaitOk(backend->generate({QStringLiteral("kept"), Role::Developer, {}}))
                                 .secret.view()
                                 .toByteArray();
    }

    // One worker: the thread that answers verify before a fault is the one that answers after
    // it, with the read connection it opened (see SqliteTokenVerifier).
    void serve(const std::function<void()>& inChild = {})
    {
        m_server = std::make_unique<ServerProcess>(
            QStringList{QStringLiteral("--store"), m_store, QStringLiteral("--workers"), QStringLiteral("1")},
            inChild);
        ASSERT_TRUE(m_server->started()) << qPrintable(m_server->output());
        ASSERT_EQ(verifyKept().status, 200) << "the kept token verifies before the fault";
    }

    void TearDown() override
    {
        if (m_server)
            m_server->stop();
    }

    RawReply verifyKept() { return request(m_server->url(), "POST", "/v1/verify", m_kept); }
    RawReply listTokens() { return request(m_server->url(), "GET", "/v1/tokens", m_bearer); }
    RawReply generate(const QByteArray& label)
    {
        const QByteArray body = R"({"label":")" + label + R"("})";
        return exchange(m_server->url(),
                        "POST /v1/tokens HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                        "Authorization: " +
                            m_bearer + "\r\nContent-Type: application/json\r\nContent-Length: " +
                            QByteArray::number(body.size()) + "\r\n\r\n" + body);
    }

    static QString errorCode(const RawReply& reply)
    {
        return reply.json().value(u"error").toObject().value(u"code").toString();
    }
    static QString errorMessage(const RawReply& reply)
    {
        return reply.json().value(u"error").toObject().value(u"message").toString();
    }
    // 503 STORE_UNAVAILABLE whose message holds `words`.
    static void expectUnavailable(const RawReply& reply, const QString& words)
    {
        EXPECT_EQ(reply.status, 503) << reply.body.constData();
        EXPECT_EQ(errorCode(reply), QStringLiteral("STORE_UNAVAILABLE")) << reply.body.constData();
        EXPECT_TRUE(errorMessage(reply).contains(words)) << reply.body.constData();
    }

    TempDir m_dir;
    QString m_store;
    QByteArray m_bearer;
    QByteArray m_kept;
    std::unique_ptr<ServerProcess> m_server;
};

TEST_F(ServerStorageFaultsTest, AFullDiskIsA503WhileVerifyAnswersAndTheStoreStaysWhole)
{
    makeStore(m_dir.file(QStringLiteral("full")));
    // Room for SQLite's 32 KiB shared-memory index, then a few pages of write-ahead log: the
    // generates below fill it, as a quota or a small volume would.
    constexpr rlim_t kLimit = rlim_t{48} * 1024;
    serve([] {
        const rlimit limit{kLimit, kLimit};
        setrlimit(RLIMIT_FSIZE, &limit);
    });
    QStringList acknowledged;
    RawReply full;
    for (int i = 0; i < 40; ++i) {
        const QByteArray label = "fill-" + QByteArray::number(i);
        full = generate(label);
        if (full.status != 201)
            break;
        acknowledged << QString::fromLatin1(label);
    }
    ASSERT_NE(full.status, 201) << "the limit was never reached";
    expectUnavailable(full, QStringLiteral("cannot be read or written"));
    EXPECT_FALSE(errorMessage(full).contains(QStringLiteral("tdk_"))) << "no secret in an error";
    EXPECT_EQ(verifyKept().status, 200) << "verify answers on a full disk";
    EXPECT_EQ(listTokens().status, 200) << "so does a listing";
    expectUnavailable(generate("still-full"), QStringLiteral("cannot be read or written"));
    EXPECT_EQ(m_server->stop(), 0) << qPrintable(m_server->output());

    const StoreSnapshot after = snapshotStore(m_store);
    EXPECT_EQ(after.integrity, QStringLiteral("ok")) << ::testing::PrintToString(after);
    EXPECT_TRUE(after.chainIntact) << ::testing::PrintToString(after);
    // Every acknowledged token is there, and nothing of the refused ones.
    const QString listed = after.tokens.join(u'\n');
    for (const QString& label : acknowledged)
        EXPECT_TRUE(listed.contains(label + u' ')) << qPrintable(label) << "\n" << qPrintable(listed);
    EXPECT_EQ(after.tokens.size(), 2 + acknowledged.size()) << qPrintable(listed);
    EXPECT_FALSE(listed.contains(QStringLiteral("still-full")));
}

TEST_F(ServerStorageFaultsTest, AStoreFileDeletedWhileServedRefusesWritesAndVerifyAnswers)
{
    makeStore(m_dir.file(QStringLiteral("deleted")));
    serve();
    ASSERT_EQ(generate("before").status, 201);
    ASSERT_TRUE(QFile::remove(m_store));
    // Before, this wrote on into the unlinked file and answered 201: a token nobody would ever
    // find again, announced as made.
    expectUnavailable(generate("into-nowhere"), QStringLiteral("deleted or replaced"));
    expectUnavailable(listTokens(), QStringLiteral("deleted or replaced"));
    EXPECT_EQ(verifyKept().status, 200) << "verify answers from the store it has open";
    EXPECT_EQ(m_server->stop(), 0) << qPrintable(m_server->output());
    EXPECT_TRUE(m_server->output().contains(QStringLiteral("deleted or replaced")))
        << "the log says so: " << qPrintable(m_server->output());
    // Nothing is left at the path for a store made there later to read as its own log.
    EXPECT_FALSE(QFileInfo::exists(m_store));
    EXPECT_FALSE(QFileInfo::exists(m_store + QStringLiteral("-wal")));
}

TEST_F(ServerStorageFaultsTest, AnotherStoreRenamedOverTheServedOneIsLeftWhole)
{
    makeStore(m_dir.file(QStringLiteral("replaced")));
    const QString other = m_dir.file(QStringLiteral("replaced/other.tokendesk"));
    {
        auto backend = awaitOk(SqlBackend::create(other, StoreCreateOptions{QStringLiteral("alice"), 100}));
        awaitOk(backend->generate({QStringLiteral("only-in-the-other"), Role::Developer, {}}));
    }
    const StoreSnapshot otherBefore = snapshotStore(other);
    ASSERT_EQ(otherBefore.tokens.size(), 1);
    serve();
    ASSERT_EQ(generate("before").status, 201);
    ASSERT_EQ(::rename(QFile::encodeName(other).constData(), QFile::encodeName(m_store).constData()), 0);

    expectUnavailable(generate("into-the-wrong-file"), QStringLiteral("deleted or replaced"));
    expectUnavailable(listTokens(), QStringLiteral("deleted or replaced"));
    EXPECT_EQ(verifyKept().status, 200) << "verify answers from the store it has open";
    EXPECT_EQ(m_server->stop(), 0) << qPrintable(m_server->output());
    // The file now at the path is the other store, exactly as it was: the served store's log
    // beside it was neither written into it nor left behind to be read over it.
    EXPECT_EQ(snapshotStore(m_store), otherBefore);
}

TEST_F(ServerStorageFaultsTest, AStoreRenamedAwayWhileServedIsCompleteUnderItsNewName)
{
    makeStore(m_dir.file(QStringLiteral("renamed")));
    serve();
    ASSERT_EQ(generate("before").status, 201) << "committed into the log, not yet into the file";
    const QString moved = m_store + QStringLiteral(".moved");
    ASSERT_EQ(::rename(QFile::encodeName(m_store).constData(), QFile::encodeName(moved).constData()), 0);
    expectUnavailable(generate("after"), QStringLiteral("deleted or replaced"));
    EXPECT_EQ(verifyKept().status, 200);
    EXPECT_EQ(m_server->stop(), 0) << qPrintable(m_server->output());
    // The log left at the old name was checkpointed into the file before it was removed, so the
    // acknowledged token is in the renamed store and nothing is left at the old name.
    const StoreSnapshot after = snapshotStore(moved);
    EXPECT_EQ(after.integrity, QStringLiteral("ok")) << ::testing::PrintToString(after);
    EXPECT_TRUE(after.chainIntact);
    EXPECT_TRUE(after.tokens.join(u'\n').contains(QStringLiteral(" before ")))
        << ::testing::PrintToString(after);
    EXPECT_FALSE(after.tokens.join(u'\n').contains(QStringLiteral(" after ")));
    EXPECT_FALSE(QFileInfo::exists(m_store + QStringLiteral("-wal")));
}

TEST_F(ServerStorageFaultsTest, GarbageRenamedOverTheServedStoreIsNeverWritten)
{
    makeStore(m_dir.file(QStringLiteral("garbage")));
    serve();
    const QString garbage = m_dir.file(QStringLiteral("garbage/garbage.bin"));
    const QByteArray bytes = QByteArray(8192, 'x');
    {
        QFile file(garbage);
        ASSERT_TRUE(file.open(QIODevice::WriteOnly));
        file.write(bytes);
    }
    ASSERT_EQ(::rename(QFile::encodeName(garbage).constData(), QFile::encodeName(m_store).constData()), 0);
    expectUnavailable(generate("into-garbage"), QStringLiteral("deleted or replaced"));
    EXPECT_EQ(verifyKept().status, 200);
    EXPECT_EQ(m_server->stop(), 0) << qPrintable(m_server->output());
    EXPECT_EQ(readFileBytes(m_store), bytes);
}

TEST_F(ServerStorageFaultsTest, AReadOnlyStoreServesVerifyAndListsAndRefusesWritesByName)
{
    if (const QString why = readOnlyUnavailableReason(); !why.isEmpty())
        GTEST_SKIP() << why.toStdString();
    ASSERT_EQ(::chmod(QFile::encodeName(m_dir.path()).constData(), 0711), 0);
    const QString folder = m_dir.file(QStringLiteral("readonly"));
    makeStore(folder);
    const StoreSnapshot before = snapshotStore(m_store);
    ASSERT_EQ(::chmod(QFile::encodeName(m_store).constData(), 0444), 0);
    ASSERT_EQ(::chmod(QFile::encodeName(folder).constData(), mode_t(writableFolderModeForChild())), 0);
    serve(unprivilegedChild());

    const RawReply refused = generate("refused");
    expectUnavailable(refused, QStringLiteral("read-only"));
    EXPECT_TRUE(errorMessage(refused).contains(QDir::toNativeSeparators(m_store))) << "names the file";
    EXPECT_EQ(listTokens().status, 200);
    EXPECT_EQ(verifyKept().status, 200);
    EXPECT_EQ(m_server->stop(), 0) << qPrintable(m_server->output());
    ::chmod(QFile::encodeName(folder).constData(), 0755);
    ::chmod(QFile::encodeName(m_store).constData(), 0644);
    EXPECT_EQ(snapshotStore(m_store), before);
}

} // namespace
} // namespace tokendesk::test
