// SPDX-License-Identifier: GPL-3.0-or-later
// tokendesk-cli audit --head / --expect-head (issue 14): an intruder who can write the store file
// drops the append-only triggers, cuts the newest entries off and rewrites the head recorded in the
// store. The store's own check is then fooled; a head exported before the attack is not.
#include "tests/support/CliProcess.h"
#include "tests/support/TestSupport.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlQuery>

#include <gtest/gtest.h>

namespace tokendesk::test {
namespace {

class CliAuditHeadTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        m_store = m_dir.file(QStringLiteral("audited.tokendesk"));
        ASSERT_EQ(run({QStringLiteral("init"), QStringLiteral("--admin"), QStringLiteral("alice"),
                       QStringLiteral("--token-limit"), QStringLiteral("10")})
                      .exitCode,
                  0);
        for (const QString& label : {QStringLiteral("ci"), QStringLiteral("billing")})
            ASSERT_EQ(run({QStringLiteral("generate"), QStringLiteral("--label"), label}).exitCode, 0);
    }

    CliRun run(const QStringList& arguments)
    {
        CliInvocation invocation{
            QStringLiteral(TOKENDESK_CLI_PATH),
            QStringList{QStringLiteral("--store"), m_store, QStringLiteral("--as"), QStringLiteral("alice")} +
                arguments,
            {}};
        invocation.environment.insert(QStringLiteral("HOME"), m_dir.path());
        invocation.environment.insert(QStringLiteral("LC_ALL"), QStringLiteral("C"));
        return runCli(invocation);
    }

    QString head()
    {
        const CliRun printed = run({QStringLiteral("audit"), QStringLiteral("--head")});
        EXPECT_EQ(printed.exitCode, 0) << printed.describe();
        return QString::fromUtf8(printed.out).trimmed();
    }

    CliRun expectHead(const QString& exported)
    {
        return run(
            {QStringLiteral("audit"), QStringLiteral("--verify"), QStringLiteral("--expect-head"), exported});
    }

    // What someone with write access to the file can do: no trigger stops them, and they can
    // recompute the head the store keeps of itself from the entries they leave.
    void cutOffAfter(qint64 keep)
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("intruder"));
        db.setDatabaseName(m_store);
        ASSERT_TRUE(db.open());
        {
            QSqlQuery sql(db);
            ASSERT_TRUE(sql.exec(QStringLiteral("DROP TRIGGER audit_no_delete")));
            ASSERT_TRUE(sql.exec(QStringLiteral("DELETE FROM audit WHERE seq > %1").arg(keep)));
            ASSERT_TRUE(
                sql.exec(QStringLiteral("UPDATE settings SET value = (SELECT hash FROM audit WHERE seq = %1)"
                                        " WHERE key = 'audit_head'")
                             .arg(keep)));
        }
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("intruder"));
    }

    TempDir m_dir;
    QString m_store;
};

TEST_F(CliAuditHeadTest, TheHeadIsPrintedAndAGrowingLogStillHoldsIt)
{
    const QString exported = head();
    EXPECT_TRUE(QRegularExpression(QStringLiteral("^3:[0-9a-f]{64}$")).match(exported).hasMatch())
        << qPrintable(exported);
    ASSERT_EQ(run({QStringLiteral("rename"), QStringLiteral("1"), QStringLiteral("ci-deploy")}).exitCode, 0);
    const CliRun later = expectHead(exported);
    EXPECT_EQ(later.exitCode, 0) << later.describe();
    EXPECT_TRUE(later.out.contains("still holds the exported head 3")) << later.describe();
    EXPECT_TRUE(head().startsWith(QStringLiteral("4:")));

    const CliRun json = run({QStringLiteral("--json"), QStringLiteral("audit"), QStringLiteral("--head")});
    const QJsonObject object = QJsonDocument::fromJson(json.out).object();
    EXPECT_EQ(object.value(QStringLiteral("head_sequence")).toInteger(), 4);
    EXPECT_EQ(object.value(QStringLiteral("head_hash")).toString().size(), 64);
}

TEST_F(CliAuditHeadTest, EntriesCutOffTheEndFoolTheStoreButNotAnExportedHead)
{
    const QString exported = head(); // 3 entries: init and two generates
    cutOffAfter(1);
    const CliRun own = run({QStringLiteral("audit"), QStringLiteral("--verify")});
    EXPECT_EQ(own.exitCode, 0) << "the store's own head was rewritten too, so alone it cannot tell: "
                               << own.describe();
    const CliRun checked = expectHead(exported);
    EXPECT_EQ(checked.exitCode, 1) << checked.describe();
    EXPECT_TRUE(checked.err.contains("STORE_CORRUPT")) << checked.describe();
    EXPECT_TRUE(checked.err.contains("ends at entry 1")) << checked.describe();
    EXPECT_TRUE(checked.err.contains("entries 2 to 3 are missing")) << checked.describe();
}

TEST_F(CliAuditHeadTest, ARewrittenTailIsNotTheExportedHead)
{
    const QString exported = head();
    cutOffAfter(1);
    // New operations grow the log past the exported sequence again, with other entries.
    for (const QString& label : {QStringLiteral("forged-a"), QStringLiteral("forged-b")}) {
        const CliRun made = run({QStringLiteral("generate"), QStringLiteral("--label"), label});
        ASSERT_EQ(made.exitCode, 0) << made.describe();
    }
    ASSERT_EQ(run({QStringLiteral("audit"), QStringLiteral("--verify")}).exitCode, 0);
    const CliRun checked = expectHead(exported);
    EXPECT_EQ(checked.exitCode, 1) << checked.describe();
    EXPECT_TRUE(checked.err.contains("entry 3 is not the one exported earlier")) << checked.describe();
}

TEST_F(CliAuditHeadTest, AMalformedHeadIsAUsageError)
{
    for (const QString& bad : {QStringLiteral("3"), QStringLiteral("0:") + QString(64, u'a'),
                               QStringLiteral("3:") + QString(63, u'a'), QStringLiteral("x:y"),
                               QStringLiteral("99999999999999999999:") + QString(64, u'a')}) {
        const CliRun refused = expectHead(bad);
        EXPECT_EQ(refused.exitCode, 2) << qPrintable(bad) << refused.describe();
        EXPECT_TRUE(refused.err.contains("SEQ:HASH")) << refused.describe();
    }
}

} // namespace
} // namespace tokendesk::test
