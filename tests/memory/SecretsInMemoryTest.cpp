// SPDX-License-Identifier: GPL-3.0-or-later
// Secrets in memory (issue 14): a plaintext token lives in OpenSSL's locked secure heap, which core
// dumps leave out, and every other copy on its way out (the CLI's line, the server's response) is
// wiped once written. The proof: the CLI and the server generate and rotate tokens, are dumped
// with gcore once they are done with them, and none of those tokens is in the dump, while a label
// they handled alongside is (the dump is real and the search would find a token).
#include "models/backend/sql/SqlBackend.h"
#include "models/core/Secret.h"
#include "models/core/SecureMemory.h"
#include "models/core/TokenFormat.h"
#include "models/crypto/Crypto.h"
#include "tests/support/CliProcess.h"
#include "tests/support/CoreDump.h"
#include "tests/support/LiveServer.h"
#include "tests/support/RawHttp.h"
#include "tests/support/StoreFaults.h"
#include "tests/support/TestSupport.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QJsonObject>
#include <QRegularExpression>

#include <gtest/gtest.h>

#include <memory>
#include <sys/stat.h>
#include <vector>

namespace tokendesk::test {
namespace {

// The mapping of /proc/self/smaps that holds `address`, with its VmFlags line ("rd wr mr ...").
QString vmFlagsOfMappingHolding(const void* address)
{
    QFile smaps(QStringLiteral("/proc/self/smaps"));
    if (!smaps.open(QIODevice::ReadOnly | QIODevice::Text))
        return {};
    const auto at = reinterpret_cast<quintptr>(address);
    bool inside = false;
    static const QRegularExpression range(QStringLiteral("^([0-9a-f]+)-([0-9a-f]+) "));
    // Read whole: a /proc file reports a size of 0, so QFile::atEnd() cannot be asked.
    for (const QByteArray& raw : smaps.readAll().split('\n')) {
        const QString line = QString::fromLatin1(raw);
        const QRegularExpressionMatch match = range.match(line);
        if (match.hasMatch()) {
            inside = match.captured(1).toULongLong(nullptr, 16) <= at &&
                     at < match.captured(2).toULongLong(nullptr, 16);
        } else if (inside && line.startsWith(QStringLiteral("VmFlags:"))) {
            return line.mid(8).trimmed();
        }
    }
    return {};
}

TEST(SecureMemoryTest, ASecretLivesInALockedMappingThatCoreDumpsLeaveOut)
{
    const SecureMemory::State state = SecureMemory::start();
    ASSERT_NE(state, SecureMemory::State::Off) << "OpenSSL could not map its secure heap";
    const Secret secret("tdk_inTheArena");
    ASSERT_TRUE(SecureMemory::isInArena(secret.view().data()));
    const QStringList flags = vmFlagsOfMappingHolding(secret.view().data()).split(u' ');
    EXPECT_TRUE(flags.contains(QStringLiteral("dd")))
        << "not marked MADV_DONTDUMP: " << qPrintable(flags.join(u' '));
    if (state == SecureMemory::State::Locked) {
        EXPECT_TRUE(flags.contains(QStringLiteral("lo"))) << "not locked: " << qPrintable(flags.join(u' '));
    }
    EXPECT_EQ(secret.view(), QByteArrayView("tdk_inTheArena"));
}

// The arena matters while a token is alive: a dump taken then (a crash, a gcore) leaves it out,
// while the same kind of value on the ordinary heap is in it.
TEST(SecureMemoryTest, ALiveSecretIsLeftOutOfADumpWhileAHeapCopyIsNot)
{
    if (!canDumpProcesses())
        GTEST_SKIP() << "no gdb, or a sanitizer build (its shadow memory cannot be dumped)";
    ASSERT_NE(SecureMemory::start(), SecureMemory::State::Off);
    const std::shared_ptr<const Crypto> crypto = defaultCrypto();
    const Secret alive = TokenFormat::generate(*crypto);
    ASSERT_TRUE(SecureMemory::isInArena(alive.view().data()));
    const QByteArray aliveScrambled = scrambled(alive.view());
    const Secret other = TokenFormat::generate(*crypto);
    const QByteArray onTheHeap = other.view().toByteArray(); // what a careless copy would leave
    const QByteArray onTheHeapScrambled = scrambled(onTheHeap);

    TempDir dir;
    const CoreDump dump = dumpProcess(QCoreApplication::applicationPid(), dir.path());
    ASSERT_TRUE(dump.ok()) << qPrintable(dump.log);
    EXPECT_EQ(occurrences(dump, scrambled(aliveScrambled).mid(4)), 0) << "the live secret is in the dump";
    EXPECT_GT(occurrences(dump, scrambled(onTheHeapScrambled).mid(4)), 0) << "the heap copy is not: no proof";
}

TEST(SecureMemoryTest, AFullArenaFallsBackToTheHeapAndEveryCopyStillHoldsItsValue)
{
    ASSERT_NE(SecureMemory::start(), SecureMemory::State::Off);
    // 1 KiB secrets: the 64 KiB arena is full after fewer than 64 of them.
    std::vector<Secret> secrets;
    secrets.reserve(100);
    for (int i = 0; i < 100; ++i)
        secrets.emplace_back(QByteArray(1024, char('a' + i % 26)));
    const auto outside = std::count_if(secrets.cbegin(), secrets.cend(), [](const Secret& s) {
        return !SecureMemory::isInArena(s.view().data());
    });
    EXPECT_GT(outside, 0) << "the arena never filled up";
    for (int i = 0; i < 100; ++i)
        ASSERT_EQ(secrets[std::size_t(i)].view(), QByteArray(1024, char('a' + i % 26))) << i;
    secrets.clear();
    const Secret after("tdk_backInTheArena");
    EXPECT_TRUE(SecureMemory::isInArena(after.view().data())) << "freed blocks went back to the arena";
}

TEST(SecureMemoryTest, CopiesAndMovesOwnTheirBuffersAndWipeLeavesNothing)
{
    SecureMemory::start();
    Secret original("tdk_original");
    Secret copy = original;
    EXPECT_NE(copy.view().data(), original.view().data()) << "a copy shares no buffer";
    Secret moved = std::move(copy);
    EXPECT_TRUE(copy.isEmpty()); // NOLINT(bugprone-use-after-move): what a move leaves is the point
    EXPECT_EQ(moved.view(), QByteArrayView("tdk_original"));
    original.wipe();
    EXPECT_TRUE(original.isEmpty());
    EXPECT_EQ(moved.view(), QByteArrayView("tdk_original"));
}

QStringList tokensIn(const QString& text)
{
    static const QRegularExpression token(QStringLiteral("tdk_[A-Za-z0-9_]{20,}"));
    QStringList found;
    for (auto it = token.globalMatch(text); it.hasNext();)
        found << it.next().captured();
    return found;
}

// Each secret is looked for without its "tdk_" prefix, which the code itself holds.
void expectNoneIn(const CoreDump& dump, const QStringList& secrets)
{
    for (const QString& secret : secrets)
        EXPECT_EQ(occurrences(dump, secret.mid(4).toLatin1()), 0) << "in the dump: " << qPrintable(secret);
}

class CliDumpTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        if (!canDumpProcesses())
            GTEST_SKIP() << "no gdb, or a sanitizer build (its shadow memory cannot be dumped)";
        m_store = m_dir.file(QStringLiteral("dumped.tokendesk"));
        ASSERT_EQ(cli({QStringLiteral("init"), QStringLiteral("--admin"), QStringLiteral("alice")}).exitCode,
                  0);
    }

    QStringList withStore(const QStringList& arguments) const
    {
        return QStringList{QStringLiteral("--store"), m_store, QStringLiteral("--as"),
                           QStringLiteral("alice")} +
               arguments;
    }

    CliRun cli(const QStringList& arguments) const
    {
        CliInvocation invocation{QStringLiteral(TOKENDESK_CLI_PATH), withStore(arguments)};
        invocation.environment.insert(QStringLiteral("HOME"), m_dir.path());
        return runCli(invocation);
    }

    // The CLI run under gdb and dumped at exit(); the tokens it printed must not be in the dump.
    void expectNoSecretLeftAtExit(const QStringList& arguments, const QByteArray& handledAlongside)
    {
        const CoreDump dump =
            dumpAtExit(QStringLiteral(TOKENDESK_CLI_PATH), withStore(arguments), m_dir.path());
        ASSERT_TRUE(dump.ok()) << qPrintable(dump.log);
        const QStringList printed = tokensIn(dump.log);
        ASSERT_FALSE(printed.isEmpty()) << "no token printed: " << qPrintable(dump.log);
        EXPECT_GT(occurrences(dump, handledAlongside), 0) << "the dump does not even hold the arguments";
        expectNoneIn(dump, printed);
    }

    TempDir m_dir;
    QString m_store;
};

TEST_F(CliDumpTest, ATokenPrintedByGenerateIsNotInTheDumpAtExit)
{
    expectNoSecretLeftAtExit(
        {QStringLiteral("generate"), QStringLiteral("--label"), QStringLiteral("probe-plain")},
        "probe-plain");
}

TEST_F(CliDumpTest, ATokenPrintedAsJsonIsNotInTheDumpAtExit)
{
    expectNoSecretLeftAtExit({QStringLiteral("--json"), QStringLiteral("generate"), QStringLiteral("--label"),
                              QStringLiteral("probe-json")},
                             "probe-json");
}

TEST_F(CliDumpTest, ARotatedTokenIsNotInTheDumpAtExit)
{
    const CliRun made =
        cli({QStringLiteral("generate"), QStringLiteral("--label"), QStringLiteral("probe-rotate")});
    ASSERT_EQ(made.exitCode, 0) << made.describe();
    const CliRun listed = cli({QStringLiteral("--json"), QStringLiteral("list")});
    ASSERT_TRUE(listed.out.contains("probe-rotate")) << listed.describe();
    expectNoSecretLeftAtExit({QStringLiteral("rotate"), QStringLiteral("1")}, "rotate");
}

class ServerDumpTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        // The undumpable test's server runs as nobody when the tests run as root: it must reach
        // the store through the temporary folder.
        ASSERT_EQ(::chmod(QFile::encodeName(m_dir.path()).constData(), 0711), 0);
        m_folder = m_dir.file(QStringLiteral("served"));
        ASSERT_TRUE(QDir().mkpath(m_folder));
        ASSERT_EQ(::chmod(QFile::encodeName(m_folder).constData(), mode_t(writableFolderModeForChild())), 0);
        m_store = m_folder + QStringLiteral("/dumped.tokendesk");
        auto backend = awaitOk(SqlBackend::create(m_store, StoreCreateOptions{QStringLiteral("alice"), 100}));
        m_bearer =
            "Bearer " +
            awaitOk(backend->generate({QStringLiteral("api"), Role::Admin, {}})).secret.view().toByteArray();
        backend.reset();
        ASSERT_TRUE(QFile::setPermissions(m_store, QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                                       QFileDevice::ReadOther | QFileDevice::WriteOther));
    }

    void serve(const QStringList& options, const std::function<void()>& inChild = {})
    {
        m_server = std::make_unique<ServerProcess>(QStringList{QStringLiteral("--store"), m_store} + options,
                                                   inChild);
        ASSERT_TRUE(m_server->started()) << qPrintable(m_server->output());
    }

    void TearDown() override
    {
        if (m_server)
            m_server->stop();
    }

    RawReply post(const QByteArray& path, const QByteArray& body, const QByteArray& extraHeaders = {})
    {
        return exchange(m_server->url(),
                        "POST " + path +
                            " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nAuthorization: " +
                            m_bearer + "\r\nContent-Type: application/json\r\n" + extraHeaders +
                            "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body);
    }

    // The owner of /proc/PID/mem: root for an undumpable process, whatever user it runs as.
    uid_t memOwner() const
    {
        struct stat info
        {
        };
        const QByteArray path = "/proc/" + QByteArray::number(m_server->processId()) + "/mem";
        return ::stat(path.constData(), &info) == 0 ? info.st_uid : uid_t(-1);
    }

    TempDir m_dir;
    QString m_folder;
    QString m_store;
    QByteArray m_bearer;
    std::unique_ptr<ServerProcess> m_server;
};

TEST_F(ServerDumpTest, GeneratedRotatedAndReplayedTokensAreNotInTheServersDump)
{
    if (!canDumpProcesses())
        GTEST_SKIP() << "no gdb, or a sanitizer build (its shadow memory cannot be dumped)";
    serve({});
    QStringList secrets;
    const auto keep = [&secrets](const RawReply& reply) {
        EXPECT_EQ(reply.status, 201) << reply.body.constData();
        secrets << reply.json().value(u"token").toString();
    };
    keep(post("/v1/tokens", R"({"label":"probe-one"})"));
    keep(post("/v1/tokens", R"({"label":"probe-two"})", "Idempotency-Key: dump-key-1\r\n"));
    const RawReply replayed =
        post("/v1/tokens", R"({"label":"probe-two"})", "Idempotency-Key: dump-key-1\r\n");
    EXPECT_EQ(replayed.header("Idempotent-Replayed"), QByteArray("true"));
    EXPECT_EQ(replayed.json().value(u"token").toString(), secrets.last())
        << "the replay answers the same token";
    // A listing between them, as a console would make: its answer passes the same buffers.
    EXPECT_EQ(request(m_server->url(), "GET", "/v1/tokens", m_bearer).status, 200);
    const QJsonObject made = post("/v1/tokens", R"({"label":"probe-rotated"})").json();
    const QByteArray rotate = "/v1/tokens/" + QByteArray::number(made.value(u"id").toInteger()) + "/rotate";
    keep(post(rotate, "{}",
              "If-Match: \"" + QByteArray::number(made.value(u"version").toInteger()) + "\"\r\n"));
    secrets << made.value(u"token").toString();
    ASSERT_EQ(secrets.size(), 4);
    for (const QString& secret : secrets)
        ASSERT_TRUE(secret.startsWith(u"tdk_")) << qPrintable(secret);

    const CoreDump dump = dumpProcess(m_server->processId(), m_dir.path());
    ASSERT_TRUE(dump.ok()) << qPrintable(dump.log);
    EXPECT_GT(occurrences(dump, "probe-rotated"), 0) << "the dump does not hold what the server handled";
    expectNoneIn(dump, secrets);
}

TEST_F(ServerDumpTest, TheServerIsUndumpableUnlessCoreDumpsAreAllowed)
{
    const std::function<void()> asOtherUser = unprivilegedChild();
    serve({}, asOtherUser);
    EXPECT_EQ(memOwner(), uid_t(0)) << "/proc/PID/mem of an undumpable process belongs to root";
    m_server->stop();
    serve({QStringLiteral("--allow-core-dumps")}, asOtherUser);
    const uid_t runsAs = ::geteuid() == 0 ? uid_t(65534) : ::geteuid();
    EXPECT_EQ(memOwner(), runsAs) << "with --allow-core-dumps it belongs to the user it runs as";
}

} // namespace
} // namespace tokendesk::test
