// SPDX-License-Identifier: GPL-3.0-or-later
// The CLI's boundary fed hostile values (issue 14): every option value and positional argument
// of every command, and a token on standard input, gets each value of support/HostileInputs.
// Each case ends in a clear error or a correct result:
//   - the CLI never crashes or hangs, and exits 0, 1 (error), 2 (usage) or 3 (rejected);
//   - what it prints is printable UTF-8 (a value with terminal escapes is never echoed raw);
//   - a refusal says so on stderr and leaves every row of the store as it was;
//   - an accepted value is stored exactly as given (trimmed), and a number only as plain digits.
#include "tests/badinput/StoreRows.h"
#include "tests/support/CliProcess.h"
#include "tests/support/HostileInputs.h"
#include "tests/support/TestSupport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <gtest/gtest.h>

#include <functional>
#include <iostream>
#include <optional>

namespace tokendesk::test {
namespace {

const QString kValue = QStringLiteral("{}"); // where a slot's arguments take the hostile value
// A slot that names these gives its own global options: the case's store, and a path where no
// store exists yet (for init).
const QString kStore = QStringLiteral("{store}");
const QString kFreshStore = QStringLiteral("{fresh}");

bool isPlainDigits(const QByteArray& bytes)
{
    static const QRegularExpression digits(QStringLiteral("^[0-9]+$"));
    return digits.match(QString::fromLatin1(bytes)).hasMatch();
}

// The value a text field should hold after accepting `input`: what the user typed, trimmed.
QString storedForm(const HostileInput& input)
{
    return input.text().trimmed();
}

class CliStore;

// One place the CLI takes a value. `accepted` judges a run that exited 0: an empty string
// when the store shows what was asked, else what is wrong.
struct CliSlot
{
    QString name;
    QStringList arguments; // kValue marks the hostile value; standard input when absent
    bool writes = false;   // may change the store when it succeeds
    bool numeric = false;  // a number: accepted only as plain ASCII digits
    std::function<std::string(const HostileInput&, CliStore&)> accepted;
};

// A baseline store made once (alice admin, bob developer, token 1 "kept"), copied per case.
class CliStore
{
public:
    explicit CliStore(QString path) : m_path(std::move(path)) {}

    CliRun run(const QList<QByteArray>& arguments, const QByteArray& input = {}) const
    {
        QList<QByteArray> all;
        if (!arguments.contains("--store"))
            all = {"--store", m_path.toUtf8(), "--as", "alice"};
        all += arguments;
        return runRaw(all, input);
    }

    QString freshPath() const { return m_path + QStringLiteral(".new"); }

    static CliRun runRaw(const QList<QByteArray>& arguments, const QByteArray& input = {})
    {
        CliInvocation invocation = rawInvocation(QStringLiteral(TOKENDESK_CLI_PATH), arguments, input);
        invocation.environment.insert(QStringLiteral("LC_ALL"), QStringLiteral("C"));
        invocation.environment.remove(QStringLiteral("QT_LOGGING_RULES"));
        return runCli(invocation);
    }

    QJsonArray tokens() const { return QJsonDocument::fromJson(run({"--json", "list"}).out).array(); }

    std::optional<QJsonObject> token(qint64 id) const
    {
        for (const auto& row : tokens()) {
            if (row[QStringLiteral("id")].toInteger() == id)
                return row.toObject();
        }
        return std::nullopt;
    }

    QStringList userNames() const
    {
        QStringList names;
        for (const auto& user : QJsonDocument::fromJson(run({"--json", "user", "list"}).out).array())
            names << user[QStringLiteral("name")].toString();
        return names;
    }

    qint64 tokenLimit() const
    {
        return QJsonDocument::fromJson(run({"--json", "settings"}).out)[QStringLiteral("token_limit")]
            .toInteger();
    }

    const QString& path() const { return m_path; }

private:
    QString m_path;
};

std::string expectLabel(qint64 id, const HostileInput& input, CliStore& store)
{
    const std::optional<QJsonObject> token = store.token(id);
    if (!token)
        return "token " + std::to_string(id) + " is missing";
    const QString label = (*token)[QStringLiteral("label")].toString();
    return label == storedForm(input) ? std::string() : "stored label is '" + label.toStdString() + "'";
}

std::string expectNewestLabel(const HostileInput& input, CliStore& store)
{
    const QJsonArray rows = store.tokens();
    qint64 newest = 0;
    for (const auto& row : rows)
        newest = std::max(newest, row[QStringLiteral("id")].toInteger());
    return newest > 1 ? expectLabel(newest, input, store) : "no new token";
}

std::string nothingToCheck(const HostileInput&, CliStore&)
{
    return {};
}

QList<CliSlot> cliSlots()
{
    const auto writes = [](QString name, QStringList arguments, auto accepted, bool numeric = false) {
        return CliSlot{std::move(name), std::move(arguments), true, numeric, accepted};
    };
    const auto reads = [](QString name, QStringList arguments, bool numeric = false) {
        return CliSlot{std::move(name), std::move(arguments), false, numeric, nothingToCheck};
    };
    const QString v = kValue;
    return {
        writes(QStringLiteral("generate_label"), {QStringLiteral("generate"), QStringLiteral("--label"), v},
               expectNewestLabel),
        writes(QStringLiteral("generate_role"),
               {QStringLiteral("generate"), QStringLiteral("--label"), QStringLiteral("x"),
                QStringLiteral("--role"), v},
               [](const HostileInput& input, CliStore&) {
                   const QString role = storedForm(input);
                   return role == QStringLiteral("admin") || role == QStringLiteral("developer")
                              ? std::string()
                              : "accepted role '" + role.toStdString() + "'";
               }),
        writes(QStringLiteral("generate_expires"),
               {QStringLiteral("generate"), QStringLiteral("--label"), QStringLiteral("x"),
                QStringLiteral("--expires"), v},
               nothingToCheck),
        writes(QStringLiteral("generate_extra_argument"),
               {QStringLiteral("generate"), QStringLiteral("--label"), QStringLiteral("x"), v},
               [](const HostileInput& input, CliStore&) {
                   // "--" only ends the options.
                   return input.bytes.trimmed().isEmpty() || input.bytes == "--"
                              ? std::string()
                              : "an extra argument was ignored";
               }),
        writes(QStringLiteral("rename_label"), {QStringLiteral("rename"), QStringLiteral("1"), v},
               [](const HostileInput& input, CliStore& store) { return expectLabel(1, input, store); }),
        writes(QStringLiteral("rename_id"), {QStringLiteral("rename"), v, QStringLiteral("renamed")},
               nothingToCheck, true),
        writes(QStringLiteral("disable_id"), {QStringLiteral("disable"), v}, nothingToCheck, true),
        writes(QStringLiteral("enable_id"), {QStringLiteral("enable"), v}, nothingToCheck, true),
        writes(QStringLiteral("rotate_id"), {QStringLiteral("rotate"), v}, nothingToCheck, true),
        writes(QStringLiteral("rotate_grace"),
               {QStringLiteral("rotate"), QStringLiteral("1"), QStringLiteral("--grace"), v}, nothingToCheck),
        // Token 1 is labelled "kept": no hostile value confirms it.
        writes(QStringLiteral("revoke_confirm"),
               {QStringLiteral("revoke"), QStringLiteral("1"), QStringLiteral("--confirm"), v},
               [](const HostileInput&, CliStore& store) {
                   return store.token(1) ? std::string() : "revoked without the right label";
               }),
        writes(QStringLiteral("revoke_id"),
               {QStringLiteral("revoke"), v, QStringLiteral("--confirm"), QStringLiteral("kept")},
               nothingToCheck, true),
        writes(
            QStringLiteral("settings_token_limit"),
            {QStringLiteral("settings"), QStringLiteral("--token-limit"), v},
            [](const HostileInput& input, CliStore& store) {
                return store.tokenLimit() == input.bytes.toLongLong() ? std::string() : "limit not stored";
            },
            true),
        writes(QStringLiteral("seed_count"), {QStringLiteral("seed"), QStringLiteral("--count"), v},
               nothingToCheck, true),
        writes(QStringLiteral("user_add"), {QStringLiteral("user"), QStringLiteral("add"), v},
               [](const HostileInput& input, CliStore& store) {
                   return store.userNames().contains(storedForm(input)) ? std::string() : "user not stored";
               }),
        writes(QStringLiteral("user_remove"), {QStringLiteral("user"), QStringLiteral("remove"), v},
               nothingToCheck),
        writes(QStringLiteral("command_word"), {v}, nothingToCheck),
        writes(QStringLiteral("acting_user"),
               {QStringLiteral("--store"), kStore, QStringLiteral("--as"), v, QStringLiteral("generate"),
                QStringLiteral("--label"), QStringLiteral("x")},
               [](const HostileInput&, CliStore&) {
                   return std::string("acted as a user the store does not know");
               }),
        reads(QStringLiteral("store_path"), {QStringLiteral("--store"), v, QStringLiteral("--as"),
                                             QStringLiteral("alice"), QStringLiteral("list")}),
        writes(QStringLiteral("init_admin"),
               {QStringLiteral("--store"), kFreshStore, QStringLiteral("init"), QStringLiteral("--admin"), v},
               [](const HostileInput& input, CliStore& store) {
                   const CliRun users = CliStore::runRaw({"--store", store.freshPath().toUtf8(), "--as",
                                                          input.bytes.trimmed(), "--json", "user", "list"});
                   return users.out.contains(QJsonDocument(QJsonArray{storedForm(input)})
                                                 .toJson(QJsonDocument::Compact)
                                                 .mid(1)
                                                 .chopped(1))
                              ? std::string()
                              : "the first admin is not as given";
               }),
        writes(QStringLiteral("init_token_limit"),
               {QStringLiteral("--store"), kFreshStore, QStringLiteral("init"), QStringLiteral("--admin"),
                QStringLiteral("alice"), QStringLiteral("--token-limit"), v},
               nothingToCheck, true),
        reads(QStringLiteral("list_filter"), {QStringLiteral("list"), QStringLiteral("--filter"), v}),
        reads(QStringLiteral("list_sort"), {QStringLiteral("list"), QStringLiteral("--sort"), v}),
        reads(QStringLiteral("list_limit"), {QStringLiteral("list"), QStringLiteral("--limit"), v}, true),
        reads(QStringLiteral("list_role"), {QStringLiteral("list"), QStringLiteral("--role"), v}),
        reads(QStringLiteral("list_status"), {QStringLiteral("list"), QStringLiteral("--status"), v}),
        reads(QStringLiteral("list_unused_days"),
              {QStringLiteral("list"), QStringLiteral("--unused-days"), v}, true),
        reads(QStringLiteral("list_expiring_days"),
              {QStringLiteral("list"), QStringLiteral("--expiring-days"), v}, true),
        reads(QStringLiteral("audit_token"), {QStringLiteral("audit"), QStringLiteral("--token"), v}, true),
        reads(QStringLiteral("audit_expect_head"),
              {QStringLiteral("audit"), QStringLiteral("--expect-head"), v}),
        // The mailed head's file (a name, "-" for stdin); no key is needed to refuse it.
        reads(QStringLiteral("audit_signed_head"),
              {QStringLiteral("audit"), QStringLiteral("--signed-head"), v, QStringLiteral("--key"),
               QStringLiteral("/nonexistent.key")}),
        reads(QStringLiteral("verify_stdin"), {QStringLiteral("verify")}),
    };
}

// What is wrong with one finished case, or an empty string.
std::string judge(const CliSlot& slot, const HostileInput& input, const CliRun& run, bool storeUnchanged,
                  CliStore& store)
{
    if (run.crashed)
        return "crashed or hung";
    if (run.exitCode < 0 || run.exitCode > 3)
        return "exit code " + std::to_string(run.exitCode);
    if (!isPrintableText(run.err))
        return "stderr is not printable text";
    if (!isPrintableText(run.out))
        return "stdout is not printable text";
    if (run.exitCode != 0) {
        if (run.err.trimmed().isEmpty() && run.exitCode != 3)
            return "refused without a word";
        if (!storeUnchanged)
            return "refused, yet the store changed";
        return {};
    }
    if (!slot.writes && !storeUnchanged)
        return "a read changed the store";
    if (!slot.arguments.contains(kValue))
        return "verify accepted a value that is no token";
    // "--label --help" asks for help (the first pass sees --help): nothing done is a correct result.
    if (storeUnchanged && run.out.startsWith("Usage:"))
        return {};
    if (slot.numeric && !isPlainDigits(input.bytes))
        return "accepted as a number";
    return slot.accepted(input, store);
}

class CliBadInputTest : public ::testing::TestWithParam<CliSlot>
{
protected:
    static void SetUpTestSuite()
    {
        s_dir = new TempDir;
        const CliStore baseline(s_dir->file(QStringLiteral("baseline.tokendesk")));
        ASSERT_EQ(baseline.run({"init", "--admin", "alice", "--token-limit", "50"}).exitCode, 0);
        ASSERT_EQ(baseline.run({"generate", "--label", "kept"}).exitCode, 0);
        ASSERT_EQ(baseline.run({"user", "add", "bob", "--api-access"}).exitCode, 0);
        ASSERT_FALSE(QFile::exists(baseline.path() + QStringLiteral("-wal")))
            << "the baseline is one file a case can copy";
        s_baseline = storeRows(baseline.path());
    }

    static void TearDownTestSuite()
    {
        delete s_dir;
        s_dir = nullptr;
    }

    static TempDir* s_dir;
    static QByteArray s_baseline;
};

TempDir* CliBadInputTest::s_dir = nullptr;
QByteArray CliBadInputTest::s_baseline;

TEST_P(CliBadInputTest, EveryValueGetsAClearErrorOrACorrectResult)
{
    const CliSlot& slot = GetParam();
    const QString casePath = s_dir->file(slot.name + QStringLiteral(".tokendesk"));
    int tried = 0;
    int failures = 0;
    int accepted = 0;
    const QList<HostileInput> inputs = allHostileInputs();
    for (qsizetype index = 0; index < inputs.size(); ++index) {
        const HostileInput& input = inputs.at(index);
        if (!hostileValueInSlot(slot.name, index))
            continue; // a sanitizer build tries a third (support/HostileInputs.h)
        if (input.hasNul() && slot.arguments.contains(kValue))
            continue; // an argument cannot hold a NUL: execve ends it there
        QFile::remove(casePath);
        ASSERT_TRUE(QFile::copy(s_dir->file(QStringLiteral("baseline.tokendesk")), casePath));
        CliStore store(casePath);
        QList<QByteArray> arguments;
        QByteArray standardInput;
        QFile::remove(store.freshPath());
        for (const QString& argument : slot.arguments) {
            arguments << (argument == kValue        ? input.bytes
                          : argument == kStore      ? casePath.toUtf8()
                          : argument == kFreshStore ? store.freshPath().toUtf8()
                                                    : argument.toUtf8());
        }
        if (!slot.arguments.contains(kValue))
            standardInput = input.bytes + '\n';
        const CliRun run = store.run(arguments, standardInput);
        const bool unchanged = storeRows(casePath) == s_baseline;
        ++tried;
        accepted += run.exitCode == 0 ? 1 : 0;
        std::string problem = judge(slot, input, run, unchanged, store);
        if (problem.empty() && run.exitCode != 0 && QFile::exists(store.freshPath()))
            problem = "a refused init left a store file behind";
        if (!problem.empty()) {
            ++failures;
            ADD_FAILURE() << slot.name.toStdString() << " / " << input.name.toStdString() << ": " << problem
                          << "\n"
                          << run.describe().substr(0, 600);
        }
    }
    std::cout << "[ cases    ] cli " << slot.name.toStdString() << ": " << tried << " tried, " << failures
              << " failed (" << accepted << " accepted)\n";
}

void PrintTo(const CliSlot& slot, std::ostream* os)
{
    *os << slot.name.toStdString();
}

INSTANTIATE_TEST_SUITE_P(EverySlot, CliBadInputTest, ::testing::ValuesIn(cliSlots()),
                         [](const ::testing::TestParamInfo<CliSlot>& info) {
                             return info.param.name.toStdString();
                         });

// Arguments that are not text at all, before any command runs: refused as a usage error.
TEST(CliBadArguments, ArgumentsThatAreNotUtf8AreRefusedBeforeAnythingRuns)
{
    TempDir dir;
    const QString path = dir.file(QStringLiteral("never.tokendesk"));
    const CliRun run =
        CliStore::runRaw({"--store", path.toUtf8(), "--as", "alice", "init", "--admin", "al\xffice"});
    EXPECT_EQ(run.exitCode, 2) << run.describe();
    EXPECT_TRUE(isPrintableText(run.err)) << run.describe();
    EXPECT_TRUE(run.err.contains("UTF-8")) << run.describe();
    EXPECT_FALSE(QFile::exists(path)) << "no store was created";
}

} // namespace
} // namespace tokendesk::test
