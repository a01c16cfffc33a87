// SPDX-License-Identifier: GPL-3.0-or-later
// tokendesk-cli on a store it may not write (issue 14): a read-only file in a folder where
// SQLite can still keep its write-ahead log, and a read-only file in a read-only folder. Reading
// answers where SQLite can, every write is refused in one line that names the file and says it
// is read-only, and the store is unchanged and whole.
#include "tests/support/CliProcess.h"
#include "tests/support/StoreFaults.h"
#include "tests/support/TestSupport.h"

#include <QDir>
#include <QFile>

#include <gtest/gtest.h>

#include <sys/stat.h>

namespace tokendesk::test {
namespace {

class CliReadOnlyStoreTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        if (const QString why = readOnlyUnavailableReason(); !why.isEmpty())
            GTEST_SKIP() << why.toStdString();
        // The unprivileged child must reach the store: through the private temporary folder
        // (search only) into a folder of its own.
        ASSERT_EQ(::chmod(QFile::encodeName(m_dir.path()).constData(), 0711), 0);
        m_folder = m_dir.file(QStringLiteral("shared"));
        ASSERT_TRUE(QDir().mkpath(m_folder));
        m_store = m_folder + QStringLiteral("/readonly.tokendesk");
        ASSERT_EQ(run({QStringLiteral("init"), QStringLiteral("--admin"), QStringLiteral("alice")}, {}, false)
                      .exitCode,
                  0);
        const CliRun made =
            run({QStringLiteral("generate"), QStringLiteral("--label"), QStringLiteral("kept")}, {}, false);
        ASSERT_EQ(made.exitCode, 0) << made.describe();
        m_secret = made.out.trimmed();
        m_before = snapshotStore(m_store);
        ASSERT_EQ(m_before.tokens.size(), 1) << ::testing::PrintToString(m_before);
    }

    void TearDown() override
    {
        // Writable again, so the temporary folder can be removed (and inspected) by its owner.
        if (!m_folder.isEmpty())
            ::chmod(QFile::encodeName(m_folder).constData(), 0755);
        if (!m_store.isEmpty())
            ::chmod(QFile::encodeName(m_store).constData(), 0644);
    }

    void makeReadOnly(int folderMode)
    {
        ASSERT_EQ(::chmod(QFile::encodeName(m_store).constData(), 0444), 0);
        ASSERT_EQ(::chmod(QFile::encodeName(m_folder).constData(), mode_t(folderMode)), 0);
        ASSERT_FALSE(QFile::exists(m_store + QStringLiteral("-wal"))) << "closed cleanly, no log left";
    }

    // `unprivileged`: as a user the file's mode applies to (see unprivilegedChild()).
    CliRun run(const QStringList& arguments, const QByteArray& input = {}, bool unprivileged = true)
    {
        CliInvocation invocation{
            QStringLiteral(TOKENDESK_CLI_PATH),
            QStringList{QStringLiteral("--store"), m_store, QStringLiteral("--as"), QStringLiteral("alice")} +
                arguments,
            input};
        invocation.environment.insert(QStringLiteral("HOME"), m_folder);
        invocation.environment.insert(QStringLiteral("LC_ALL"), QStringLiteral("C"));
        if (unprivileged)
            invocation.inChild = unprivilegedChild();
        return runCli(invocation);
    }

    void expectRefusedAsReadOnly(const CliRun& refused)
    {
        EXPECT_EQ(refused.exitCode, 1) << refused.describe();
        EXPECT_TRUE(refused.err.startsWith("error: STORE_UNAVAILABLE")) << refused.describe();
        EXPECT_TRUE(refused.err.contains("read-only")) << refused.describe();
        EXPECT_TRUE(refused.err.contains(QFile::encodeName(m_store)))
            << "names the file: " << refused.describe();
        EXPECT_EQ(refused.err.count('\n'), 1) << "one line: " << refused.describe();
    }

    TempDir m_dir;
    QString m_folder;
    QString m_store;
    QByteArray m_secret;
    StoreSnapshot m_before;
};

TEST_F(CliReadOnlyStoreTest, AReadOnlyFileAnswersReadsAndRefusesEveryWriteByName)
{
    makeReadOnly(writableFolderModeForChild());
    const CliRun listed = run({QStringLiteral("list")});
    EXPECT_EQ(listed.exitCode, 0) << listed.describe();
    EXPECT_TRUE(listed.out.contains("kept")) << listed.describe();
    // The last-used time cannot be written: a warning, not a failed verify.
    const CliRun verified = run({QStringLiteral("verify")}, m_secret + '\n');
    EXPECT_EQ(verified.exitCode, 0) << verified.describe();
    EXPECT_TRUE(verified.err.contains("read-only")) << verified.describe();

    for (const QStringList& write :
         {QStringList{QStringLiteral("generate"), QStringLiteral("--label"), QStringLiteral("refused")},
          QStringList{QStringLiteral("rename"), QStringLiteral("1"), QStringLiteral("renamed")},
          QStringList{QStringLiteral("disable"), QStringLiteral("1")},
          QStringList{QStringLiteral("revoke"), QStringLiteral("1"), QStringLiteral("--confirm"),
                      QStringLiteral("kept")}}) {
        SCOPED_TRACE(write.join(u' ').toStdString());
        expectRefusedAsReadOnly(run(write));
    }
    EXPECT_EQ(snapshotStore(m_store), m_before) << "nothing changed, the file is whole";
    EXPECT_EQ(m_before.integrity, QStringLiteral("ok"));
    EXPECT_TRUE(m_before.chainIntact);
}

TEST_F(CliReadOnlyStoreTest, AReadOnlyFolderThatCannotHoldTheLogIsAClearError)
{
    // SQLite needs a -wal and a -shm file beside a WAL store even to read it; in a folder it may
    // not write, with none left there, it cannot open it at all. The error says why.
    makeReadOnly(0555);
    for (const QStringList& command :
         {QStringList{QStringLiteral("list")},
          QStringList{QStringLiteral("generate"), QStringLiteral("--label"), QStringLiteral("refused")}}) {
        SCOPED_TRACE(command.join(u' ').toStdString());
        const CliRun refused = run(command);
        expectRefusedAsReadOnly(refused);
        EXPECT_TRUE(refused.err.contains("folder")) << refused.describe();
    }
    const CliRun verified = run({QStringLiteral("verify")}, m_secret + '\n');
    EXPECT_EQ(verified.exitCode, 1) << "no lie: it cannot read the store" << verified.describe();
    EXPECT_TRUE(verified.err.contains("read-only")) << verified.describe();
    EXPECT_EQ(snapshotStore(m_store), m_before) << "nothing changed, the file is whole";
}

} // namespace
} // namespace tokendesk::test
