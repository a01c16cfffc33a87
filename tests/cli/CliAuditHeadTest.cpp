// SPDX-License-Identifier: GPL-3.0-or-later
// tokendesk-cli audit --head / --expect-head (issue 14): an intruder who can write the store file
// drops the append-only triggers, cuts the newest entries off and rewrites the head recorded in the
// store. The store's own check is then fooled; a head exported before the attack is not.
#include "models/crypto/Crypto.h"
#include "models/notices/SignedAuditHead.h"
#include "tests/support/CliProcess.h"
#include "tests/support/StoreFaults.h"
#include "tests/support/TestSupport.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

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
    void cutOffAfter(qint64 keep) { cutOffAuditLog(m_store, keep); }

    // A server's key file and a mail holding the head it signed, as the server writes them.
    QString makeKey(const QString& name)
    {
        QString path = m_dir.file(name);
        EXPECT_TRUE(SignedAuditHead::loadOrCreateKey(*defaultCrypto(), path).ok());
        return path;
    }

    QString mailSigned(const QString& keyPath, const QString& exported, const QString& tamper = {})
    {
        const Result<Secret> key = SignedAuditHead::loadKey(keyPath);
        EXPECT_TRUE(key.ok());
        const SignedAuditHead head =
            SignedAuditHead::sign(*defaultCrypto(), key.value(), m_store, *AuditHead::parse(exported),
                                  QDateTime::currentDateTimeUtc());
        QString block = head.block();
        if (!tamper.isEmpty())
            block.replace(head.head.text(), tamper);
        QString path = m_dir.file(QStringLiteral("mail-%1.txt").arg(++m_mails));
        QFile out(path);
        EXPECT_TRUE(out.open(QIODevice::WriteOnly));
        // Quoted in a reply, with the mail's text around it.
        out.write("Subject: TokenDesk: audit log\n\nKeep this mail.\n\n");
        for (const QString& line : block.split(u'\n'))
            out.write("> " + line.toUtf8() + "\n");
        return path;
    }

    CliRun checkMailed(const QString& mail, const QString& keyPath)
    {
        return run({QStringLiteral("audit"), QStringLiteral("--verify"), QStringLiteral("--signed-head"),
                    mail, QStringLiteral("--key"), keyPath});
    }

    TempDir m_dir;
    QString m_store;
    int m_mails = 0;
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

TEST_F(CliAuditHeadTest, AMailedHeadSignedWithTheServersKeyIsChecked)
{
    const QString key = makeKey(QStringLiteral("server/audit-head.key"));
    const QString mail = mailSigned(key, head());
    const CliRun checked = checkMailed(mail, key);
    EXPECT_EQ(checked.exitCode, 0) << checked.describe();
    EXPECT_TRUE(checked.out.contains("still holds the head signed for")) << checked.describe();
    EXPECT_TRUE(checked.out.contains("entry 3")) << checked.describe();

    cutOffAfter(1);
    const CliRun cut = checkMailed(mail, key);
    EXPECT_EQ(cut.exitCode, 1) << cut.describe();
    EXPECT_TRUE(cut.err.contains("entries 2 to 3 are missing")) << cut.describe();
}

TEST_F(CliAuditHeadTest, AForgedOrForeignSignatureIsRefused)
{
    const QString key = makeKey(QStringLiteral("server/audit-head.key"));
    const QString exported = head();
    cutOffAfter(1);
    // The intruder edits the mailed head down to what the cut log now ends with.
    const QString cutHead = head();
    const CliRun edited = checkMailed(mailSigned(key, exported, cutHead), key);
    EXPECT_EQ(edited.exitCode, 1) << edited.describe();
    EXPECT_TRUE(edited.err.contains("signature of the mailed audit head does not match"))
        << edited.describe();

    const QString other = makeKey(QStringLiteral("other/audit-head.key"));
    const CliRun foreign = checkMailed(mailSigned(other, cutHead), key);
    EXPECT_EQ(foreign.exitCode, 1) << foreign.describe();
    EXPECT_TRUE(foreign.err.contains("does not match")) << foreign.describe();
    // Neither error shows the key.
    QFile keyFile(key);
    ASSERT_TRUE(keyFile.open(QIODevice::ReadOnly));
    EXPECT_FALSE(edited.err.contains(keyFile.readAll().trimmed()));
}

TEST_F(CliAuditHeadTest, ASignedHeadNeedsItsKeyAndAPrivateOne)
{
    const QString key = makeKey(QStringLiteral("server/audit-head.key"));
    const QString mail = mailSigned(key, head());
    const CliRun noKey =
        run({QStringLiteral("audit"), QStringLiteral("--verify"), QStringLiteral("--signed-head"), mail});
    EXPECT_EQ(noKey.exitCode, 2) << noKey.describe();
    EXPECT_TRUE(noKey.err.contains("go together")) << noKey.describe();

    const CliRun both =
        run({QStringLiteral("audit"), QStringLiteral("--verify"), QStringLiteral("--expect-head"), head(),
             QStringLiteral("--signed-head"), mail, QStringLiteral("--key"), key});
    EXPECT_EQ(both.exitCode, 2) << both.describe();

    ASSERT_TRUE(QFile::setPermissions(key, QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                               QFileDevice::ReadOther));
    const CliRun shared = checkMailed(mail, key);
    EXPECT_EQ(shared.exitCode, 1) << shared.describe();
    EXPECT_TRUE(shared.err.contains("chmod 600")) << shared.describe();

    QFile garbage(m_dir.file(QStringLiteral("not-a-mail.txt")));
    ASSERT_TRUE(garbage.open(QIODevice::WriteOnly));
    garbage.write("hello\n");
    garbage.close();
    ASSERT_TRUE(QFile::setPermissions(key, QFileDevice::ReadOwner | QFileDevice::WriteOwner));
    const CliRun noBlock = checkMailed(garbage.fileName(), key);
    EXPECT_EQ(noBlock.exitCode, 1) << noBlock.describe();
    EXPECT_TRUE(noBlock.err.contains("No audit head block found")) << noBlock.describe();
}

} // namespace
} // namespace tokendesk::test
