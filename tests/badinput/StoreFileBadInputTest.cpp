// SPDX-License-Identifier: GPL-3.0-or-later
// Store files that are not what they claim (issue 14): truncated, empty, garbage, another
// program's SQLite database, a store from the future, a damaged schema, a FIFO, a directory.
// Every command a user runs on one (list, verify, generate, rename, audit) ends in one clear
// error line, never a crash or a hang, and the file is left byte for byte as it was.
#include "tests/support/CliProcess.h"
#include "tests/support/HostileInputs.h"
#include "tests/support/TestSupport.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonValue>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlQuery>

#include <gtest/gtest.h>

#include <functional>
#include <iostream>
#include <sys/stat.h>

namespace tokendesk::test {
namespace {

CliRun runStoreCli(const QString& store, const QList<QByteArray>& arguments, const QByteArray& input = {})
{
    QList<QByteArray> all{"--store", store.toUtf8(), "--as", "alice"};
    all += arguments;
    CliInvocation invocation = rawInvocation(QStringLiteral(TOKENDESK_CLI_PATH), all, input);
    invocation.environment.insert(QStringLiteral("LC_ALL"), QStringLiteral("C"));
    invocation.environment.remove(QStringLiteral("QT_LOGGING_RULES"));
    return runCli(invocation);
}

void writeFile(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    ASSERT_EQ(file.write(bytes), bytes.size());
}

// Runs SQL on a copy of a good store: the damaged-schema cases.
void editStore(const QString& path, const QStringList& statements)
{
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("edit"));
        db.setDatabaseName(path);
        ASSERT_TRUE(db.open());
        QSqlQuery query(db);
        for (const QString& statement : statements)
            ASSERT_TRUE(query.exec(statement)) << statement.toStdString();
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("edit"));
}

struct StoreFileCase
{
    QString name;
    // The file is still a SQLite database whose schema was edited: commands that do not touch
    // the damaged part may answer; the others must fail cleanly.
    bool schemaEdited = false;
    // Makes the damaged store at `path` from the bytes of a good one.
    std::function<void(const QString& path, const QByteArray& good)> make;
};

QList<StoreFileCase> storeFileCases()
{
    const auto bytes = [](QString name, const std::function<QByteArray(const QByteArray&)>& damage) {
        return StoreFileCase{std::move(name), false, [damage](const QString& path, const QByteArray& good) {
                                 writeFile(path, damage(good));
                             }};
    };
    const auto edited = [](QString name, const QStringList& statements) {
        return StoreFileCase{std::move(name), true,
                             [statements](const QString& path, const QByteArray& good) {
                                 writeFile(path, good);
                                 editStore(path, statements);
                             }};
    };
    QList<StoreFileCase> cases{
        bytes(QStringLiteral("empty_file"), [](const QByteArray&) { return QByteArray(); }),
        bytes(QStringLiteral("one_byte"), [](const QByteArray& good) { return good.left(1); }),
        bytes(QStringLiteral("half_header"), [](const QByteArray& good) { return good.left(50); }),
        bytes(QStringLiteral("header_only"), [](const QByteArray& good) { return good.left(100); }),
        bytes(QStringLiteral("first_page_only"), [](const QByteArray& good) { return good.left(4096); }),
        bytes(QStringLiteral("half_the_file"),
              [](const QByteArray& good) { return good.left(good.size() / 2); }),
        bytes(QStringLiteral("last_page_missing"),
              [](const QByteArray& good) { return good.left(good.size() - 4096); }),
        bytes(QStringLiteral("cut_mid_page"),
              [](const QByteArray& good) { return good.left(good.size() - 1000); }),
        bytes(QStringLiteral("zeros"), [](const QByteArray& good) { return QByteArray(good.size(), '\0'); }),
        bytes(QStringLiteral("random_bytes"),
              [](const QByteArray& good) {
                  QByteArray noise(good.size(), '\0');
                  QRandomGenerator generator(14);
                  for (char& c : noise)
                      c = char(generator.bounded(256));
                  return noise;
              }),
        bytes(QStringLiteral("text_file"), [](const QByteArray&) { return QByteArray("not a store\n"); }),
        bytes(QStringLiteral("json_file"), [](const QByteArray&) { return QByteArray(R"({"tokens": []})"); }),
        bytes(QStringLiteral("png_magic"),
              [](const QByteArray&) { return QByteArray("\x89PNG\r\n\x1a\n", 8) + QByteArray(4000, 'x'); }),
        bytes(QStringLiteral("page_size_field_broken"),
              [](const QByteArray& good) {
                  QByteArray damaged = good;
                  damaged[16] = '\x7f'; // page size 0x7f??: not a power of two
                  return damaged;
              }),
        bytes(QStringLiteral("page_count_too_large"),
              [](const QByteArray& good) {
                  QByteArray damaged = good;
                  damaged.replace(28, 4, QByteArray("\x7f\xff\xff\xff", 4));
                  return damaged;
              }),
        bytes(QStringLiteral("schema_page_overwritten"),
              [](const QByteArray& good) {
                  QByteArray damaged = good;
                  damaged.replace(100, 3000, QByteArray(3000, '\xa5'));
                  return damaged;
              }),
        bytes(QStringLiteral("bytes_flipped_everywhere"),
              [](const QByteArray& good) {
                  QByteArray damaged = good;
                  for (qsizetype i = 200; i < damaged.size(); i += 509)
                      damaged[i] = char(~damaged[i]);
                  return damaged;
              }),
        edited(QStringLiteral("foreign_sqlite_database"),
               {QStringLiteral("DROP TABLE tokens"),
                QStringLiteral("CREATE TABLE photos (id INTEGER, data BLOB)")}),
        edited(QStringLiteral("from_the_future"), {QStringLiteral("PRAGMA user_version = 9999")}),
        edited(QStringLiteral("negative_schema_version"), {QStringLiteral("PRAGMA user_version = -5")}),
        edited(QStringLiteral("tokens_column_missing"),
               {QStringLiteral("ALTER TABLE tokens DROP COLUMN last4")}),
        edited(QStringLiteral("audit_table_missing"),
               {QStringLiteral("DROP TRIGGER audit_no_delete"), QStringLiteral("DROP TABLE audit")}),
        edited(QStringLiteral("users_table_missing"), {QStringLiteral("DROP TABLE users")}),
        edited(QStringLiteral("settings_value_garbage"),
               {QStringLiteral("UPDATE settings SET value = x'ffffffffffffffffffff'")}),
    };
    return cases;
}

// A path that is not a store file at all.
struct StrangePath
{
    QString name;
    std::function<QString(const QString& dir)> make;
};

QList<StrangePath> strangePaths()
{
    return {
        {QStringLiteral("a_directory"),
         [](const QString& dir) {
             QDir(dir).mkpath(QStringLiteral("folder.tokendesk"));
             return dir + QStringLiteral("/folder.tokendesk");
         }},
        {QStringLiteral("a_fifo"),
         [](const QString& dir) {
             QString path = dir + QStringLiteral("/pipe.tokendesk");
             mkfifo(QFile::encodeName(path).constData(), 0600);
             return path;
         }},
        {QStringLiteral("missing_parent"),
         [](const QString& dir) {
             return dir + QStringLiteral("/no/such/dir/x");
         }},
        {QStringLiteral("dangling_symlink"),
         [](const QString& dir) {
             QString path = dir + QStringLiteral("/dangling.tokendesk");
             QFile::link(dir + QStringLiteral("/nowhere"), path);
             return path;
         }},
    };
}

QByteArray fileDigest(const QString& path)
{
    QFile file(path);
    if (!QFileInfo(path).isFile() || !file.open(QIODevice::ReadOnly))
        return "not a readable file";
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256).toHex();
}

// What a user may run on a store, read-only and writing.
const QList<QList<QByteArray>>& storeCommands()
{
    static const QList<QList<QByteArray>> commands{
        {"list"},
        {"--json", "list"},
        {"verify"},
        {"generate", "--label", "new"},
        {"rename", "1", "renamed"},
        {"audit", "--verify"},
        {"settings"},
    };
    return commands;
}

// One run on a damaged store: what is wrong with it, or an empty string.
std::string judgeStoreRun(const CliRun& run)
{
    if (run.crashed)
        return "crashed or hung";
    if (run.exitCode != 1 && run.exitCode != 3)
        return "exit code " + std::to_string(run.exitCode) + " on a damaged store";
    if (!run.err.startsWith("error: "))
        return "no error line";
    if (run.err.count('\n') != 1)
        return "more than one line on stderr";
    if (!isPrintableText(run.err) || !isPrintableText(run.out))
        return "output is not printable text";
    if (run.err.contains("INTERNAL"))
        return "an internal error instead of naming the damage";
    return {};
}

class StoreFileBadInputTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        m_good = m_dir.file(QStringLiteral("good.tokendesk"));
        ASSERT_EQ(runStoreCli(m_good, {"init", "--admin", "alice"}).exitCode, 0);
        const CliRun made = runStoreCli(m_good, {"generate", "--label", "kept"});
        ASSERT_EQ(made.exitCode, 0) << made.describe();
        m_secret = made.out.trimmed();
        m_goodBytes = readFileBytes(m_good);
        ASSERT_GT(m_goodBytes.size(), 3 * 4096) << "the truncation cases need a few pages";
    }

    TempDir m_dir;
    QString m_good;
    QByteArray m_goodBytes;
    QByteArray m_secret;
};

TEST_F(StoreFileBadInputTest, EveryCommandOnADamagedStoreIsOneClearErrorAndTouchesNothing)
{
    int tried = 0;
    int failures = 0;
    for (const StoreFileCase& damage : storeFileCases()) {
        const QString path = m_dir.file(damage.name + QStringLiteral(".tokendesk"));
        damage.make(path, m_goodBytes);
        for (const QList<QByteArray>& command : storeCommands()) {
            const QByteArray before = fileDigest(path);
            const CliRun run = runStoreCli(path, command, m_secret + '\n');
            ++tried;
            std::string problem = judgeStoreRun(run);
            const bool answered = run.exitCode == 0 && isPrintableText(run.out) && isPrintableText(run.err);
            if (damage.schemaEdited && answered)
                problem.clear(); // the part of the schema this command needs is whole
            else if (fileDigest(path) != before)
                problem = "the file changed";
            if (!problem.empty()) {
                ++failures;
                ADD_FAILURE() << damage.name.toStdString() << " / " << command.join(' ').toStdString() << ": "
                              << problem << "\n"
                              << run.describe().substr(0, 600);
            }
        }
        QFile::remove(path);
        QFile::remove(path + QStringLiteral("-wal"));
        QFile::remove(path + QStringLiteral("-shm"));
    }
    std::cout << "[ cases    ] store files: " << tried << " tried, " << failures << " failed\n";
}

TEST_F(StoreFileBadInputTest, APathThatIsNoStoreFileIsOneClearErrorAndCreatesNothing)
{
    int tried = 0;
    int failures = 0;
    for (const StrangePath& strange : strangePaths()) {
        const QString path = strange.make(m_dir.path());
        for (const QList<QByteArray>& command : storeCommands()) {
            const CliRun run = runStoreCli(path, command, m_secret + '\n');
            ++tried;
            std::string problem = judgeStoreRun(run);
            if (problem.empty() && QFileInfo::exists(path + QStringLiteral("-wal")))
                problem = "a journal was created beside it";
            if (!problem.empty()) {
                ++failures;
                ADD_FAILURE() << strange.name.toStdString() << " / " << command.join(' ').toStdString()
                              << ": " << problem << "\n"
                              << run.describe().substr(0, 600);
            }
        }
    }
    std::cout << "[ cases    ] store paths: " << tried << " tried, " << failures << " failed\n";
}

// A label written into the file by something other than TokenDesk (or before today's rules)
// may hold anything: the CLI's tables must not hand a terminal its escape sequences.
TEST_F(StoreFileBadInputTest, ALabelWithTerminalEscapesFromTheFileIsShownEscaped)
{
    editStore(m_good,
              {QStringLiteral("UPDATE tokens SET label = char(27) || ']0;pwned' || char(7) || char(27) || "
                              "'[2J' || char(10) || 'forged row' || char(8238) WHERE id = 1")});
    for (const QList<QByteArray>& command : QList<QList<QByteArray>>{{"list"}, {"audit"}}) {
        const CliRun run = runStoreCli(m_good, command);
        EXPECT_EQ(run.exitCode, 0) << run.describe();
        EXPECT_TRUE(isPrintableText(run.out)) << command.join(' ').toStdString() << "\n" << run.describe();
        EXPECT_FALSE(run.out.contains("\xe2\x80\xae")) << "the bidi override is shown escaped";
    }
    // JSON escapes the controls itself and keeps the label exactly, for the script to judge.
    const CliRun json = runStoreCli(m_good, {"--json", "list"});
    EXPECT_TRUE(isPrintableText(json.out)) << json.describe();
    const QJsonArray rows = QJsonDocument::fromJson(json.out).array();
    ASSERT_EQ(rows.size(), 1) << json.describe();
    EXPECT_TRUE(rows.first()[QStringLiteral("label")].toString().startsWith(QChar(27))) << json.describe();
    const CliRun listed = runStoreCli(m_good, {"list"});
    EXPECT_TRUE(listed.out.contains("\\u{001B}]0;pwned")) << listed.describe();
}

} // namespace
} // namespace tokendesk::test
