// SPDX-License-Identifier: GPL-3.0-or-later
// What only the SQLite store promises: file safety, schema migrations, atomicity, no plaintext.
#include "models/backend/sql/SqlBackend.h"
#include "models/backend/sql/SqlSchema.h"
#include "models/backend/sql/SqlStore.h"
#include "models/core/TokenFormat.h"
#include "tests/support/TestSupport.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

#include <atomic>
#include <latch>
#include <mutex>
#include <sys/stat.h>
#include <thread>
#include <vector>

using namespace std::chrono_literals;

namespace tokendesk::test {
namespace {

// A second, raw connection to the store file, as another process (or an attacker) would see it.
class RawConnection
{
public:
    explicit RawConnection(const QString& path)
    {
        static int counter = 0;
        m_name = QStringLiteral("raw-%1").arg(++counter);
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        db.setDatabaseName(path);
        EXPECT_TRUE(db.open());
    }
    ~RawConnection()
    {
        QSqlDatabase::database(m_name, false).close();
        QSqlDatabase::removeDatabase(m_name);
    }
    QVariant scalar(const QString& sql)
    {
        QSqlQuery query(QSqlDatabase::database(m_name, false));
        EXPECT_TRUE(query.exec(sql)) << qPrintable(query.lastError().text()) << " in " << qPrintable(sql);
        return query.next() ? query.value(0) : QVariant();
    }
    void exec(const QString& sql) { scalar(sql); }
    QSqlDatabase db() { return QSqlDatabase::database(m_name, false); }

private:
    QString m_name;
};

std::shared_ptr<SqlBackend> createStore(const QString& path)
{
    return awaitOk(SqlBackend::create(path, StoreCreateOptions{QStringLiteral("alice"), 3}));
}

class SqliteStoreTest : public ::testing::Test
{
protected:
    TempDir dir;
    QString path = dir.file(QStringLiteral("store.tokendesk"));
};

TEST_F(SqliteStoreTest, StoreFilesArePrivateToTheirOwner)
{
    auto backend = createStore(path);
    awaitOk(backend->generate(TokenSpec{QStringLiteral("x"), Role::Developer, {}}));
    for (const QString& file : {path, path + QStringLiteral("-wal")}) {
        struct stat info
        {
        };
        ASSERT_EQ(::stat(QFile::encodeName(file).constData(), &info), 0) << qPrintable(file);
        EXPECT_EQ(info.st_mode & 0777, 0600) << qPrintable(file);
    }
}

TEST_F(SqliteStoreTest, CreateRefusesToOverwriteAndOpenNeedsAStore)
{
    createStore(path);
    EXPECT_EQ(await(SqlBackend::create(path, StoreCreateOptions{QStringLiteral("bob"), 3})).code(),
              ErrorCode::AlreadyExists);
    EXPECT_EQ(await(SqlBackend::open(dir.file(QStringLiteral("missing.tokendesk")), QStringLiteral("alice")))
                  .code(),
              ErrorCode::StoreUnavailable);
    EXPECT_FALSE(QFile::exists(dir.file(QStringLiteral("missing.tokendesk")))) << "opening never creates";
    EXPECT_EQ(await(SqlBackend::create(dir.file(QStringLiteral("bad.tokendesk")),
                                       StoreCreateOptions{QStringLiteral("no way"), 3}))
                  .code(),
              ErrorCode::InvalidInput);
    EXPECT_FALSE(QFile::exists(dir.file(QStringLiteral("bad.tokendesk"))))
        << "nothing half-made is left behind";
}

TEST_F(SqliteStoreTest, AGarbageFileIsReportedAsCorrupt)
{
    QFile garbage(path);
    ASSERT_TRUE(garbage.open(QIODevice::WriteOnly));
    garbage.write(QByteArray(8192, 'Z'));
    garbage.close();
    auto opened = await(SqlBackend::open(path, QStringLiteral("alice")));
    ASSERT_FALSE(opened.ok());
    EXPECT_EQ(opened.code(), ErrorCode::StoreCorrupt) << qPrintable(opened.error().toString());
    EXPECT_EQ(test::readFileBytes(path), QByteArray(8192, 'Z')) << "the file is left untouched";
}

TEST_F(SqliteStoreTest, AForeignDatabaseIsNotMistakenForAStore)
{
    {
        RawConnection raw(path);
        raw.exec(QStringLiteral("CREATE TABLE notes (text TEXT)"));
    }
    auto opened = await(SqlBackend::open(path, QStringLiteral("alice")));
    EXPECT_EQ(opened.code(), ErrorCode::StoreCorrupt);
}

TEST_F(SqliteStoreTest, AStoreFromANewerVersionIsRefusedClearly)
{
    createStore(path);
    {
        RawConnection raw(path);
        raw.exec(QStringLiteral("PRAGMA user_version = %1").arg(SqlSchema::kLatestVersion + 1));
    }
    auto opened = await(SqlBackend::open(path, QStringLiteral("alice")));
    ASSERT_EQ(opened.code(), ErrorCode::StoreTooNew);
    EXPECT_TRUE(opened.error().message.contains(QStringLiteral("newer TokenDesk")));
}

// Found by tests/fuzz (fuzz_store_file): the schema version is a header field of the file. A
// negative one indexed the migrations from before the first (undefined behaviour); one lower than
// the tables ran a migration again and failed as INTERNAL "table settings already exists".
TEST_F(SqliteStoreTest, AStoreWhoseSchemaVersionWasEditedIsReportedAsCorrupt)
{
    for (const int version : {-1, 0, 3}) {
        SCOPED_TRACE(version);
        QFile::remove(path);
        createStore(path);
        {
            RawConnection raw(path);
            raw.exec(QStringLiteral("PRAGMA user_version = %1").arg(version));
        }
        auto opened = await(SqlBackend::open(path, QStringLiteral("alice")));
        ASSERT_EQ(opened.code(), ErrorCode::StoreCorrupt) << qPrintable(opened.error().toString());
        EXPECT_TRUE(opened.error().message.contains(QStringLiteral("damaged")));
    }
}

// Found by tests/fuzz (fuzz_store_file): a file whose schema text lost a column still opened (its
// version is current), and the first list failed as INTERNAL "no such column: last4".
TEST_F(SqliteStoreTest, AStoreWhoseTablesWereChangedIsReportedAsCorrupt)
{
    createStore(path);
    {
        RawConnection raw(path);
        raw.exec(QStringLiteral("ALTER TABLE tokens RENAME COLUMN last4 TO lost"));
    }
    auto opened = await(SqlBackend::open(path, QStringLiteral("alice")));
    ASSERT_TRUE(opened.ok()) << qPrintable(opened.error().toString());
    auto listed = await(opened.value()->list(TokenQuery()));
    ASSERT_EQ(listed.code(), ErrorCode::StoreCorrupt) << qPrintable(listed.error().toString());
    EXPECT_TRUE(listed.error().message.contains(QStringLiteral("last4")));
}

// Found by tests/fuzz (fuzz_store_file): a schema format number SQLite does not know (header bytes
// 44-47) failed as INTERNAL "unsupported file format".
TEST_F(SqliteStoreTest, AStoreWithAnUnknownFileFormatIsReportedAsCorrupt)
{
    createStore(path);
    // The store closes on its worker thread, and its last checkpoint writes page 1 again: patch
    // the header only once that is done (the log is gone), or the patch may be written over.
    QElapsedTimer closing;
    closing.start();
    while (QFile::exists(path + QStringLiteral("-wal")) && closing.elapsed() < 5000)
        QThread::msleep(5);
    ASSERT_FALSE(QFile::exists(path + QStringLiteral("-wal"))) << "the store never closed";
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::ReadWrite));
    ASSERT_TRUE(file.seek(47));
    ASSERT_EQ(file.write(QByteArray(1, '\x0c')), 1);
    file.close();
    auto opened = await(SqlBackend::open(path, QStringLiteral("alice")));
    ASSERT_EQ(opened.code(), ErrorCode::StoreCorrupt) << qPrintable(opened.error().toString());
}

TEST_F(SqliteStoreTest, AStoreFromAnOlderVersionIsUpgradedInPlace)
{
    // Build a version-1 store by hand, the way TokenDesk 0.1 wrote it.
    {
        RawConnection raw(path);
        QSqlDatabase db = raw.db();
        ASSERT_TRUE(SqlSchema::migrate(db, 1).ok());
        raw.exec(QStringLiteral("INSERT INTO settings VALUES ('pepper', x'%1')")
                     .arg(QString(64, QLatin1Char('a'))));
        raw.exec(QStringLiteral("INSERT INTO settings VALUES ('token_limit', 3)"));
        raw.exec(QStringLiteral("INSERT INTO users VALUES ('alice', 1, 1, 0)"));
        raw.exec(QStringLiteral("INSERT INTO tokens (secret_hash, last4, label, role, created_by, created_at)"
                                " VALUES (x'00', 'abcd', 'legacy', 'developer', 'alice', 0)"));
        EXPECT_EQ(raw.scalar(QStringLiteral("PRAGMA user_version")).toInt(), 1);
    }
    auto backend = awaitOk(SqlBackend::open(path, QStringLiteral("alice")));
    const QList<Token> tokens = awaitOk(backend->list({}));
    ASSERT_EQ(tokens.size(), 1);
    EXPECT_EQ(tokens.first().label, QStringLiteral("legacy"));
    EXPECT_EQ(tokens.first().masked, QStringLiteral("tdk_\u2026abcd"));
    EXPECT_TRUE(tokens.first().description.isEmpty());
    EXPECT_TRUE(tokens.first().tags.isEmpty());
    // Version 8 rebuilt the full-text index with descriptions: the legacy label is still found,
    // and the legacy row takes tags.
    TokenQuery search;
    search.filter = QStringLiteral("egac");
    EXPECT_EQ(awaitOk(backend->list(search)).size(), 1);
    const Token tagged = awaitOk(backend->setDetails(tokens.first().id, tokens.first().version,
                                                     {QStringLiteral("from 0.1"), {QStringLiteral("old")}}));
    search.filter = QStringLiteral("tag:old 0.1");
    EXPECT_EQ(awaitOk(backend->list(search)).size(), 1);
    EXPECT_EQ(tagged.tags, QStringList{QStringLiteral("old")});
    // Version 2 brought the notices outbox: generating now queues a notice.
    const GeneratedToken made =
        awaitOk(backend->generate(TokenSpec{QStringLiteral("new"), Role::Developer, {}}));
    EXPECT_EQ(awaitOk(backend->notices()).size(), 1);
    // Version 4 keeps the row count: the legacy row was counted when it arrived, new rows since.
    EXPECT_EQ(awaitOk(backend->count({})), 2);
    awaitOk(backend->revoke(made.token.id, made.token.version));
    EXPECT_EQ(awaitOk(backend->count({})), 1);
    backend.reset();
    RawConnection raw(path);
    EXPECT_EQ(raw.scalar(QStringLiteral("PRAGMA user_version")).toInt(), SqlSchema::kLatestVersion);
}

TEST_F(SqliteStoreTest, TheAuditLogRefusesEditsAndRevealsForgery)
{
    auto backend = createStore(path);
    GeneratedToken made = awaitOk(backend->generate(TokenSpec{QStringLiteral("ci"), Role::Developer, {}}));
    awaitOk(backend->rename(made.token.id, 1, QStringLiteral("ci-2")));
    RawConnection raw(path);
    QSqlQuery update(raw.db());
    EXPECT_FALSE(update.exec(QStringLiteral("UPDATE audit SET actor = 'mallory' WHERE seq = 2")))
        << "the store itself refuses to edit the audit log";
    EXPECT_FALSE(update.exec(QStringLiteral("DELETE FROM audit WHERE seq = 3")));
    EXPECT_TRUE(awaitOk(backend->verifyAuditChain()).intact());

    // Someone with the file drops the guard and rewrites history.
    raw.exec(QStringLiteral("DROP TRIGGER audit_no_update"));
    raw.exec(QStringLiteral("UPDATE audit SET actor = 'mallory' WHERE seq = 2"));
    const ChainReport report = awaitOk(backend->verifyAuditChain());
    ASSERT_FALSE(report.intact());
    EXPECT_EQ(*report.firstBrokenSequence, 2);
}

TEST_F(SqliteStoreTest, CuttingEntriesOffTheEndOfTheAuditLogIsDetected)
{
    auto backend = createStore(path);
    awaitOk(backend->generate(TokenSpec{QStringLiteral("ci"), Role::Developer, {}}));
    RawConnection raw(path);
    raw.exec(QStringLiteral("DROP TRIGGER audit_no_delete"));
    raw.exec(QStringLiteral("DELETE FROM audit WHERE seq = 2"));
    const ChainReport report = awaitOk(backend->verifyAuditChain());
    ASSERT_FALSE(report.intact());
    EXPECT_EQ(*report.firstBrokenSequence, 2);
}

TEST_F(SqliteStoreTest, AFailureHalfwayThroughAnOperationLeavesNoTrace)
{
    auto backend = createStore(path);
    {
        RawConnection raw(path);
        // Make the last step of generate (queueing the notice) fail.
        raw.exec(QStringLiteral("CREATE TRIGGER fail_notices BEFORE INSERT ON notices"
                                " BEGIN SELECT RAISE(ABORT, 'simulated failure'); END"));
    }
    const qsizetype auditBefore = awaitOk(backend->audit({})).size();
    auto result = await(backend->generate(TokenSpec{QStringLiteral("doomed"), Role::Developer, {}}));
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(awaitOk(backend->count({})), 0) << "no token without its notice";
    EXPECT_EQ(awaitOk(backend->audit({})).size(), auditBefore) << "no audit entry for what did not happen";
    EXPECT_EQ(awaitOk(backend->session()).tokensUsed, 0);
}

TEST_F(SqliteStoreTest, VerifyCoalescesLastUsedWritesAndFlushesThem)
{
    auto backend = createStore(path);
    GeneratedToken made = awaitOk(backend->generate(TokenSpec{QStringLiteral("hot"), Role::Developer, {}}));
    for (int i = 0; i < 50; ++i)
        awaitOk(backend->verify(made.secret));
    RawConnection raw(path);
    const QString lastUsed =
        QStringLiteral("SELECT last_used_at FROM tokens WHERE id = %1").arg(made.token.id);
    EXPECT_TRUE(raw.scalar(lastUsed).isNull()) << "fifty verifies did not mean fifty writes";
    EXPECT_TRUE(awaitOk(backend->get(made.token.id)).lastUsedAt.isValid())
        << "yet an admin already sees the use";
    awaitOk(backend->flushLastUsed());
    EXPECT_FALSE(raw.scalar(lastUsed).isNull());
}

TEST_F(SqliteStoreTest, LastUsedTimesAreWrittenWhenTheStoreCloses)
{
    TokenId id = 0;
    {
        auto backend = createStore(path);
        GeneratedToken made =
            awaitOk(backend->generate(TokenSpec{QStringLiteral("hot"), Role::Developer, {}}));
        id = made.token.id;
        awaitOk(backend->verify(made.secret));
    }
    RawConnection raw(path);
    EXPECT_FALSE(
        raw.scalar(QStringLiteral("SELECT last_used_at FROM tokens WHERE id = %1").arg(id)).isNull());
}

TEST_F(SqliteStoreTest, VerifyOnManyThreadsSeesARevokeOnTheVeryNextCall)
{
    // The server verifies on its request threads, each with its own read connection, while the
    // worker writes: a token revoked meanwhile must fail on every thread's next verify.
    auto backend = createStore(path);
    const GeneratedToken kept =
        awaitOk(backend->generate(TokenSpec{QStringLiteral("kept"), Role::Developer, {}}));
    const GeneratedToken revoked =
        awaitOk(backend->generate(TokenSpec{QStringLiteral("revoked"), Role::Admin, {}}));
    constexpr int kThreads = 4;
    constexpr int kRounds = 200;
    std::latch verifiedBefore(kThreads);
    std::latch revokeDone(1);
    std::atomic<int> validBefore{0};
    std::atomic<int> keptAfter{0};
    std::atomic<int> rejectedAfter{0};
    std::vector<std::thread> threads;
    threads.reserve(kThreads);
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < kRounds; ++i) {
                validBefore += backend->verifyNow(kept.secret).ok();
                validBefore += backend->verifyNow(revoked.secret).ok();
            }
            verifiedBefore.count_down();
            revokeDone.wait();
            const Result<VerifiedToken> gone = backend->verifyNow(revoked.secret);
            rejectedAfter += !gone.ok() && gone.error().code == ErrorCode::ApiKeyInvalid;
            keptAfter += backend->verifyNow(kept.secret).ok();
        });
    }
    verifiedBefore.wait();
    awaitOk(backend->revoke(revoked.token.id, revoked.token.version));
    revokeDone.count_down();
    for (std::thread& thread : threads)
        thread.join();
    EXPECT_EQ(validBefore, kThreads * kRounds * 2);
    EXPECT_EQ(rejectedAfter, kThreads);
    EXPECT_EQ(keptAfter, kThreads);
    // The uses recorded on those threads reach the file.
    awaitOk(backend->flushLastUsed());
    RawConnection raw(path);
    EXPECT_FALSE(
        raw.scalar(QStringLiteral("SELECT last_used_at FROM tokens WHERE id = %1").arg(kept.token.id))
            .isNull());
}

// Every log line the core writes while the test runs, with every category switched on.
std::mutex g_logMutex;
QStringList g_log;
void captureLog(QtMsgType, const QMessageLogContext&, const QString& message)
{
    std::lock_guard lock(g_logMutex);
    g_log.append(message);
}

TEST_F(SqliteStoreTest, NoPlaintextTokenReachesTheStoreFilesOrTheLog)
{
    QLoggingCategory::setFilterRules(QStringLiteral("tokendesk.*=true"));
    const QtMessageHandler previous = qInstallMessageHandler(captureLog);
    QList<QByteArray> secrets;
    {
        auto backend = createStore(path);
        GeneratedToken made =
            awaitOk(backend->generate(TokenSpec{QStringLiteral("ci"), Role::Developer, {}}));
        GeneratedToken rotated = awaitOk(backend->rotate(made.token.id, 1, 1h));
        awaitOk(backend->verify(made.secret));
        awaitOk(backend->verify(rotated.secret));
        (void)await(backend->verify(Secret(QByteArray("tdk_thisisnotavalidtokenatall0000000000"))));
        for (const GeneratedToken* token : {&made, &rotated})
            secrets.append(QByteArray(token->secret.view().data(), token->secret.size()));
        awaitOk(backend->flushLastUsed());
        // Look at the files while the WAL still holds the recent writes.
        QByteArray files;
        for (const QString& suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
            files += test::readFileBytes(path + suffix);
        ASSERT_FALSE(files.isEmpty());
        for (const QByteArray& secret : secrets) {
            EXPECT_FALSE(files.contains(secret)) << "plaintext token in the store files";
            EXPECT_FALSE(files.contains(secret.mid(4, 30)))
                << "the random part of a token in the store files";
        }
    }
    qInstallMessageHandler(previous);
    QLoggingCategory::setFilterRules(QString());
    QByteArray files;
    for (const QString& suffix : {QString(), QStringLiteral("-wal")})
        files += test::readFileBytes(path + suffix);
    std::lock_guard lock(g_logMutex);
    const QByteArray log = g_log.join(QLatin1Char('\n')).toUtf8();
    EXPECT_FALSE(log.isEmpty()) << "the core logs its operations (masked)";
    for (const QByteArray& secret : secrets) {
        EXPECT_FALSE(files.contains(secret.mid(4, 30)));
        EXPECT_FALSE(log.contains(secret.mid(4, 30))) << "plaintext token in the log";
    }
}

} // namespace
} // namespace tokendesk::test
