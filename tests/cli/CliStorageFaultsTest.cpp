// SPDX-License-Identifier: GPL-3.0-or-later
// tokendesk-cli when the storage fails under it (issue 14): a file-size limit reached mid-write
// (as a quota or a full small volume gives) and a second writer holding the store's lock. Each
// gives a clear one-line error, verify keeps answering, and the store is unchanged and whole.
#include "tests/support/CliProcess.h"
#include "tests/support/TestSupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlQuery>

#include <gtest/gtest.h>

#include <sys/resource.h>

namespace tokendesk::test {
namespace {

constexpr rlim_t kFullAt = rlim_t{32} * 1024;

class CliStorageFaultsTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        m_store = m_dir.file(QStringLiteral("faults.tokendesk"));
        ASSERT_EQ(run({QStringLiteral("init"), QStringLiteral("--admin"), QStringLiteral("alice"),
                       QStringLiteral("--token-limit"), QStringLiteral("20")})
                      .exitCode,
                  0);
        const CliRun made =
            run({QStringLiteral("generate"), QStringLiteral("--label"), QStringLiteral("kept")});
        ASSERT_EQ(made.exitCode, 0) << made.describe();
        m_secret = made.out.trimmed();
    }

    // `fileSizeLimit` > 0 runs the CLI under RLIMIT_FSIZE of that many bytes.
    CliRun run(const QStringList& arguments, const QByteArray& input = {}, rlim_t fileSizeLimit = 0)
    {
        CliInvocation invocation{
            QStringLiteral(TOKENDESK_CLI_PATH),
            QStringList{QStringLiteral("--store"), m_store, QStringLiteral("--as"), QStringLiteral("alice")} +
                arguments,
            input};
        invocation.environment.insert(QStringLiteral("HOME"), m_dir.path());
        invocation.environment.insert(QStringLiteral("LC_ALL"), QStringLiteral("C"));
        if (fileSizeLimit > 0) {
            invocation.inChild = [fileSizeLimit] {
                const rlimit limit{fileSizeLimit, fileSizeLimit};
                setrlimit(RLIMIT_FSIZE, &limit);
            };
        }
        return runCli(invocation);
    }

    // The tokens as listed, without last-used times (the verifies in between record uses).
    QJsonArray listing()
    {
        QJsonArray rows =
            QJsonDocument::fromJson(run({QStringLiteral("--json"), QStringLiteral("list")}).out).array();
        for (qsizetype i = 0; i < rows.size(); ++i) {
            QJsonObject row = rows.at(i).toObject();
            row.remove(QStringLiteral("last_used_at"));
            rows.replace(i, row);
        }
        return rows;
    }

    void expectWholeAndUnchanged(const QJsonArray& before)
    {
        EXPECT_EQ(listing(), before) << "nothing in the store changed";
        const CliRun chain = run({QStringLiteral("audit"), QStringLiteral("--verify")});
        EXPECT_EQ(chain.exitCode, 0) << chain.describe();
        EXPECT_EQ(run({QStringLiteral("verify")}, m_secret + '\n').exitCode, 0) << "the kept token verifies";
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("inspect"));
        db.setDatabaseName(m_store);
        ASSERT_TRUE(db.open());
        {
            QSqlQuery check(db);
            ASSERT_TRUE(check.exec(QStringLiteral("PRAGMA integrity_check")) && check.next());
            EXPECT_EQ(check.value(0).toString(), QStringLiteral("ok"));
        }
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("inspect"));
    }

    TempDir m_dir;
    QString m_store;
    QByteArray m_secret;
};

TEST_F(CliStorageFaultsTest, AFullDiskIsAClearErrorAndChangesNothing)
{
    const QJsonArray before = listing();
    ASSERT_EQ(before.size(), 1);
    // The limit must bite at the write, not at the open: SQLite sizes its shared-memory index
    // (32 KiB) on every open, so a smaller limit (this test had 4096) refused even a listing and
    // never reached a write. At 32 KiB reads answer and the log holds seven pages, fewer than
    // any write here needs.
    const CliRun reads = run({QStringLiteral("list")}, {}, kFullAt);
    ASSERT_EQ(reads.exitCode, 0) << "reads answer under the limit: " << reads.describe();
    ASSERT_TRUE(reads.out.contains("kept")) << reads.describe();
    // A seed writes megabytes into the write-ahead log; a generate a few pages. Both must stop at
    // the limit with a word, not die of SIGXFSZ (exit 153) as they did, and roll back whole.
    for (const QStringList& arguments :
         {QStringList{QStringLiteral("seed"), QStringLiteral("--count"), QStringLiteral("5000")},
          QStringList{QStringLiteral("generate"), QStringLiteral("--label"), QStringLiteral("no room")}}) {
        const CliRun full = run(arguments, {}, kFullAt);
        EXPECT_FALSE(full.crashed) << full.describe();
        EXPECT_EQ(full.exitCode, 1) << full.describe();
        EXPECT_TRUE(full.err.startsWith("error: STORE_UNAVAILABLE")) << full.describe();
        // SQLite reports EFBIG as an I/O error (ENOSPC, a volume really full, as a full disk).
        EXPECT_TRUE(full.err.contains("cannot be read or written")) << full.describe();
        EXPECT_EQ(full.err.count('\n'), 1) << "one line: " << full.describe();
        EXPECT_FALSE(full.err.contains(m_secret)) << full.describe();
        expectWholeAndUnchanged(before);
    }
    EXPECT_EQ(
        run({QStringLiteral("generate"), QStringLiteral("--label"), QStringLiteral("room again")}).exitCode,
        0)
        << "with room again, writes work";
}

TEST_F(CliStorageFaultsTest, ASecondWriterHoldingTheLockIsAClearErrorWhileVerifyAnswers)
{
    const QJsonArray before = listing();
    ASSERT_EQ(before.size(), 1);
    QSqlDatabase other = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("other"));
    other.setDatabaseName(m_store);
    ASSERT_TRUE(other.open());
    {
        QSqlQuery hold(other);
        ASSERT_TRUE(hold.exec(QStringLiteral("BEGIN IMMEDIATE"))) << "another program takes the write lock";
        const CliRun blocked =
            run({QStringLiteral("generate"), QStringLiteral("--label"), QStringLiteral("waiting")});
        EXPECT_EQ(blocked.exitCode, 1) << blocked.describe();
        EXPECT_TRUE(blocked.err.startsWith("error: STORE_UNAVAILABLE")) << blocked.describe();
        EXPECT_TRUE(blocked.err.contains("locked by another program")) << blocked.describe();
        // Opening the store to read needs no lock (it did: the schema check took the write lock),
        // and the last-used time that cannot be written now is only warned about.
        const CliRun verified = run({QStringLiteral("verify")}, m_secret + '\n');
        EXPECT_EQ(verified.exitCode, 0) << verified.describe();
        EXPECT_EQ(run({QStringLiteral("list")}).exitCode, 0) << "listing only reads too";
        ASSERT_TRUE(hold.exec(QStringLiteral("ROLLBACK")));
    }
    other.close();
    other = QSqlDatabase();
    QSqlDatabase::removeDatabase(QStringLiteral("other"));
    expectWholeAndUnchanged(before);
}

} // namespace
} // namespace tokendesk::test
