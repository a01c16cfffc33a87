// SPDX-License-Identifier: GPL-3.0-or-later
// End-to-end tests of tokendesk-cli: the real executable, run with QProcess on temporary stores.
#include "models/core/StorePaths.h"
#include "tests/support/TestSupport.h"

#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlQuery>

#include <gtest/gtest.h>

namespace tokendesk::test {
namespace {

const QRegularExpression kTokenLine(QStringLiteral("^tdk_[0-9A-Za-z]{36}\\n$"));

struct CliRun
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;

    QString outText() const { return QString::fromUtf8(out); }
    QString errText() const { return QString::fromUtf8(err); }
    QJsonDocument json() const { return QJsonDocument::fromJson(out); }
};

// What gtest prints when an expectation on a run fails.
std::string describe(const CliRun& run)
{
    return "exit " + std::to_string(run.exitCode) + "\nstdout: " + run.out.toStdString() +
           "\nstderr: " + run.err.toStdString();
}

struct Created
{
    qint64 id = 0;
    QByteArray token; // the plaintext, without newline
};

QSet<QString> keysOf(const QJsonObject& object)
{
    const QStringList keys = object.keys();
    return QSet<QString>(keys.begin(), keys.end());
}

QStringList labelsOf(const QJsonArray& tokens)
{
    QStringList labels;
    for (const auto& token : tokens)
        labels << token.toObject().value(QStringLiteral("label")).toString();
    return labels;
}

class CliTest : public ::testing::Test
{
protected:
    // An explicit environment: no TOKENDESK_STORE, and a home and data dir inside the temp dir,
    // so no test can ever open or create the real user's default store.
    QProcessEnvironment environment() const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("TOKENDESK_STORE"));
        env.remove(QStringLiteral("QT_LOGGING_RULES"));
        env.insert(QStringLiteral("HOME"), m_dir.path());
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.file(QStringLiteral("xdg-data")));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.file(QStringLiteral("xdg-config")));
        env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C"));
        return env;
    }

    CliRun execWith(const QProcessEnvironment& env, const QStringList& arguments,
                    const QByteArray& input = {})
    {
        QProcess process;
        process.setProcessEnvironment(env);
        process.start(QStringLiteral(TOKENDESK_CLI_PATH), arguments);
        CliRun run;
        if (!process.waitForStarted(10000)) {
            ADD_FAILURE() << "cannot start " << TOKENDESK_CLI_PATH;
            return run;
        }
        process.write(input);
        process.closeWriteChannel();
        if (!process.waitForFinished(60000)) {
            process.kill();
            process.waitForFinished();
            ADD_FAILURE() << "tokendesk-cli timed out: " << qPrintable(arguments.join(QLatin1Char(' ')));
        }
        run.out = process.readAllStandardOutput();
        run.err = process.readAllStandardError();
        run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        m_stderrSeen += run.err;
        return run;
    }

    CliRun exec(const QStringList& arguments, const QByteArray& input = {})
    {
        return execWith(m_env, arguments, input);
    }

    // Runs a command on the test store as `actor`.
    CliRun cliAs(const QString& actor, const QStringList& arguments, const QByteArray& input = {})
    {
        return exec(QStringList{QStringLiteral("--store"), m_store, QStringLiteral("--as"), actor} +
                        arguments,
                    input);
    }

    CliRun cli(const QStringList& arguments, const QByteArray& input = {})
    {
        return cliAs(m_admin, arguments, input);
    }

    void initStore(int tokenLimit = 3)
    {
        const CliRun run =
            exec({QStringLiteral("init"), QStringLiteral("--store"), m_store, QStringLiteral("--admin"),
                  m_admin, QStringLiteral("--token-limit"), QString::number(tokenLimit)});
        ASSERT_EQ(run.exitCode, 0) << describe(run);
    }

    Created generate(const QString& label, const QStringList& extra = {})
    {
        const CliRun run = cli(QStringList{QStringLiteral("generate"), QStringLiteral("--json"),
                                           QStringLiteral("--label"), label} +
                               extra);
        EXPECT_EQ(run.exitCode, 0) << describe(run);
        const QJsonObject object = run.json().object();
        Created created;
        created.id = object.value(QStringLiteral("id")).toInteger();
        created.token = object.value(QStringLiteral("token")).toString().toLatin1();
        m_tokens << created.token;
        return created;
    }

    CliRun verify(const QByteArray& token, const QStringList& extra = {})
    {
        return cli(QStringList{QStringLiteral("verify")} + extra, token + '\n');
    }

    QJsonArray listJson(const QStringList& extra = {})
    {
        const CliRun run = cli(QStringList{QStringLiteral("list"), QStringLiteral("--json")} + extra);
        EXPECT_EQ(run.exitCode, 0) << describe(run);
        EXPECT_TRUE(run.json().isArray()) << describe(run);
        return run.json().array();
    }

    QJsonObject tokenById(qint64 id)
    {
        for (const auto& token : listJson()) {
            if (token.toObject().value(QStringLiteral("id")).toInteger() == id)
                return token.toObject();
        }
        return {};
    }

    TempDir m_dir;
    QProcessEnvironment m_env = environment();
    QString m_store = m_dir.file(QStringLiteral("store.tokendesk"));
    QString m_admin = QStringLiteral("alice");
    QByteArrayList m_tokens; // every plaintext a test has seen
    QByteArray m_stderrSeen; // every byte the CLI wrote to stderr
};

TEST_F(CliTest, InitCreatesTheStoreAndItsParentDirectories)
{
    const QString nested = m_dir.file(QStringLiteral("a/b/c/store.tokendesk"));
    const CliRun run =
        exec({QStringLiteral("init"), QStringLiteral("--store"), nested, QStringLiteral("--admin"), m_admin});
    ASSERT_EQ(run.exitCode, 0) << describe(run);
    EXPECT_TRUE(QFileInfo::exists(nested));
    EXPECT_EQ(QFileInfo(nested).permissions() & (QFile::ReadOther | QFile::ReadGroup), QFile::Permissions());

    const CliRun again =
        exec({QStringLiteral("init"), QStringLiteral("--store"), nested, QStringLiteral("--admin"), m_admin});
    EXPECT_EQ(again.exitCode, 1) << describe(again);
    EXPECT_TRUE(again.err.startsWith("error: ALREADY_EXISTS: ")) << describe(again);

    const CliRun users = exec({QStringLiteral("--store"), nested, QStringLiteral("--as"), m_admin,
                               QStringLiteral("user"), QStringLiteral("list"), QStringLiteral("--json")});
    ASSERT_EQ(users.exitCode, 0) << describe(users);
    const QJsonArray array = users.json().array();
    ASSERT_EQ(array.size(), 1);
    EXPECT_EQ(array.at(0).toObject(), (QJsonObject{{QStringLiteral("name"), m_admin},
                                                   {QStringLiteral("admin"), true},
                                                   {QStringLiteral("api_access"), true},
                                                   {QStringLiteral("email"), QString()}}));
}

TEST_F(CliTest, AUsersMailAddressIsGivenOnAddSetAndClearedAndAHostileOneIsRefused)
{
    initStore();
    const CliRun added =
        cli({QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("bob"), QStringLiteral("--email"),
             QStringLiteral("bob@example.org"), QStringLiteral("--json")});
    ASSERT_EQ(added.exitCode, 0) << describe(added);
    EXPECT_EQ(added.json().object().value(QStringLiteral("email")).toString(),
              QStringLiteral("bob@example.org"));

    const CliRun set = cli({QStringLiteral("user"), QStringLiteral("set-email"), QStringLiteral("bob"),
                            QStringLiteral("bob.ops@mail.example.org")});
    ASSERT_EQ(set.exitCode, 0) << describe(set);
    EXPECT_TRUE(set.out.contains("Notices for bob now go to bob.ops@mail.example.org.")) << describe(set);
    const CliRun table = cli({QStringLiteral("user"), QStringLiteral("list")});
    EXPECT_TRUE(table.out.contains("EMAIL")) << describe(table);
    EXPECT_TRUE(table.out.contains("bob.ops@mail.example.org")) << describe(table);

    const CliRun hostile = cli({QStringLiteral("user"), QStringLiteral("set-email"), QStringLiteral("bob"),
                                QStringLiteral("x@example.org\r\nBcc: all@example.org")});
    EXPECT_EQ(hostile.exitCode, 1) << describe(hostile);
    EXPECT_TRUE(hostile.err.startsWith("error: INVALID_INPUT: The mail address")) << describe(hostile);
    const CliRun missing = cli({QStringLiteral("user"), QStringLiteral("set-email"), QStringLiteral("bob")});
    EXPECT_EQ(missing.exitCode, 2) << describe(missing);

    const CliRun cleared = cli({QStringLiteral("user"), QStringLiteral("set-email"), QStringLiteral("bob"),
                                QStringLiteral("none"), QStringLiteral("--json")});
    ASSERT_EQ(cleared.exitCode, 0) << describe(cleared);
    EXPECT_EQ(cleared.json().object().value(QStringLiteral("email")).toString(), QString());
}

TEST_F(CliTest, InitWithoutAdminIsAUsageError)
{
    const CliRun run = exec({QStringLiteral("init"), QStringLiteral("--store"), m_store});
    EXPECT_EQ(run.exitCode, 2) << describe(run);
    EXPECT_FALSE(QFileInfo::exists(m_store));
}

TEST_F(CliTest, UserAddListRemoveKeepsTheRemovedUsersTokens)
{
    initStore();
    ASSERT_EQ(cli({QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("bob")}).exitCode, 0);
    ASSERT_EQ(cli({QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("carol"),
                   QStringLiteral("--admin"), QStringLiteral("--api-access")})
                  .exitCode,
              0);

    const CliRun list = cli({QStringLiteral("user"), QStringLiteral("list"), QStringLiteral("--json")});
    ASSERT_EQ(list.exitCode, 0) << describe(list);
    QMap<QString, QJsonObject> users;
    for (const auto& user : list.json().array())
        users.insert(user.toObject().value(QStringLiteral("name")).toString(), user.toObject());
    ASSERT_EQ(users.size(), 3) << describe(list);
    EXPECT_EQ(keysOf(users.value(QStringLiteral("bob"))),
              (QSet<QString>{QStringLiteral("name"), QStringLiteral("admin"), QStringLiteral("api_access"),
                             QStringLiteral("email")}));
    EXPECT_FALSE(users.value(QStringLiteral("bob")).value(QStringLiteral("admin")).toBool());
    EXPECT_FALSE(users.value(QStringLiteral("bob")).value(QStringLiteral("api_access")).toBool());
    EXPECT_TRUE(users.value(QStringLiteral("carol")).value(QStringLiteral("admin")).toBool());
    EXPECT_TRUE(users.value(QStringLiteral("carol")).value(QStringLiteral("api_access")).toBool());

    const CliRun table = cli({QStringLiteral("user"), QStringLiteral("list")});
    ASSERT_EQ(table.exitCode, 0) << describe(table);
    EXPECT_TRUE(table.out.startsWith("NAME")) << describe(table);
    EXPECT_TRUE(table.out.contains("carol")) << describe(table);

    // carol creates a token, then leaves: the token stays with the organisation.
    const CliRun generated =
        cliAs(QStringLiteral("carol"),
              {QStringLiteral("generate"), QStringLiteral("--label"), QStringLiteral("carol's deploy key")});
    ASSERT_EQ(generated.exitCode, 0) << describe(generated);
    m_tokens << generated.out.trimmed();
    const CliRun removed = cli({QStringLiteral("user"), QStringLiteral("remove"), QStringLiteral("carol")});
    ASSERT_EQ(removed.exitCode, 0) << describe(removed);
    EXPECT_TRUE(removed.errText().contains(QStringLiteral("stay"))) << describe(removed);

    const CliRun after = cli({QStringLiteral("user"), QStringLiteral("list"), QStringLiteral("--json")});
    EXPECT_EQ(after.json().array().size(), 2) << describe(after);
    EXPECT_FALSE(after.out.contains("carol")) << describe(after);
    EXPECT_EQ(labelsOf(listJson()), QStringList{QStringLiteral("carol's deploy key")});
    EXPECT_EQ(verify(generated.out.trimmed()).exitCode, 0);
}

TEST_F(CliTest, GeneratePrintsTheTokenAloneOnStdout)
{
    initStore();
    const CliRun run =
        cli({QStringLiteral("generate"), QStringLiteral("--label"), QStringLiteral("CI deploy")});
    ASSERT_EQ(run.exitCode, 0) << describe(run);
    EXPECT_TRUE(kTokenLine.match(run.outText()).hasMatch()) << describe(run);
    m_tokens << run.out.trimmed();
    EXPECT_EQ(verify(run.out.trimmed()).exitCode, 0);
}

TEST_F(CliTest, GenerateJsonHasTheContractKeys)
{
    initStore();
    const QDateTime before = QDateTime::currentDateTimeUtc();
    const CliRun run = cli({QStringLiteral("generate"), QStringLiteral("--json"), QStringLiteral("--label"),
                            QStringLiteral("release bot"), QStringLiteral("--role"), QStringLiteral("admin"),
                            QStringLiteral("--expires"), QStringLiteral("30d")});
    ASSERT_EQ(run.exitCode, 0) << describe(run);
    ASSERT_TRUE(run.json().isObject()) << describe(run);
    const QJsonObject object = run.json().object();
    EXPECT_EQ(keysOf(object),
              (QSet<QString>{QStringLiteral("id"), QStringLiteral("token"), QStringLiteral("masked"),
                             QStringLiteral("label"), QStringLiteral("role"), QStringLiteral("expires_at")}));
    const QString token = object.value(QStringLiteral("token")).toString();
    m_tokens << token.toLatin1();
    EXPECT_TRUE(kTokenLine.match(token + QLatin1Char('\n')).hasMatch()) << describe(run);
    EXPECT_GT(object.value(QStringLiteral("id")).toInteger(), 0);
    EXPECT_TRUE(object.value(QStringLiteral("masked")).toString().startsWith(QStringLiteral("tdk_")));
    EXPECT_TRUE(object.value(QStringLiteral("masked")).toString().endsWith(token.right(4)));
    EXPECT_NE(object.value(QStringLiteral("masked")).toString(), token);
    EXPECT_EQ(object.value(QStringLiteral("label")).toString(), QStringLiteral("release bot"));
    EXPECT_EQ(object.value(QStringLiteral("role")).toString(), QStringLiteral("admin"));
    const QString expires = object.value(QStringLiteral("expires_at")).toString();
    EXPECT_TRUE(expires.endsWith(QLatin1Char('Z'))) << describe(run);
    const QDateTime expiresAt = QDateTime::fromString(expires, Qt::ISODate);
    EXPECT_GE(expiresAt, before.addDays(30).addSecs(-2));
    EXPECT_LE(expiresAt, QDateTime::currentDateTimeUtc().addDays(30).addSecs(2));

    const CliRun plain =
        cli({QStringLiteral("generate"), QStringLiteral("--json"), QStringLiteral("--label"),
             QStringLiteral("forever"), QStringLiteral("--expires"), QStringLiteral("never")});
    ASSERT_EQ(plain.exitCode, 0) << describe(plain);
    m_tokens << plain.json().object().value(QStringLiteral("token")).toString().toLatin1();
    EXPECT_TRUE(plain.json().object().value(QStringLiteral("expires_at")).isNull()) << describe(plain);
    EXPECT_EQ(plain.json().object().value(QStringLiteral("role")).toString(), QStringLiteral("developer"));

    // Without --expires a new store's policy gives 90 days.
    const CliRun defaulted = cli({QStringLiteral("generate"), QStringLiteral("--json"),
                                  QStringLiteral("--label"), QStringLiteral("defaulted")});
    ASSERT_EQ(defaulted.exitCode, 0) << describe(defaulted);
    m_tokens << defaulted.json().object().value(QStringLiteral("token")).toString().toLatin1();
    const QDateTime defaultExpiry = QDateTime::fromString(
        defaulted.json().object().value(QStringLiteral("expires_at")).toString(), Qt::ISODate);
    EXPECT_LE(std::abs(defaultExpiry.secsTo(QDateTime::currentDateTimeUtc().addDays(90))), 120)
        << describe(defaulted);
}

TEST_F(CliTest, GenerateWithABadDurationIsInvalidInput)
{
    initStore();
    const CliRun run = cli({QStringLiteral("generate"), QStringLiteral("--label"), QStringLiteral("x"),
                            QStringLiteral("--expires"), QStringLiteral("soon")});
    EXPECT_EQ(run.exitCode, 1) << describe(run);
    EXPECT_TRUE(run.err.startsWith("error: INVALID_INPUT: ")) << describe(run);
    EXPECT_TRUE(run.out.isEmpty()) << describe(run);
    EXPECT_TRUE(listJson().isEmpty());
}

TEST_F(CliTest, ListShowsMaskedTokensAsTableAndJson)
{
    initStore();
    const Created first =
        generate(QStringLiteral("CI deploy"), {QStringLiteral("--expires"), QStringLiteral("never")});
    const Created second =
        generate(QStringLiteral("billing"), {QStringLiteral("--role"), QStringLiteral("admin")});

    const CliRun table = cli({QStringLiteral("list")});
    ASSERT_EQ(table.exitCode, 0) << describe(table);
    const QStringList lines = table.outText().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    ASSERT_EQ(lines.size(), 3) << describe(table);
    const QString& header = lines.at(0);
    qsizetype previous = -1;
    for (const char* column :
         {"ID", "LABEL", "TOKEN", "ROLE", "STATUS", "CREATED BY", "LAST USED", "EXPIRES"}) {
        const qsizetype at = header.indexOf(QLatin1String(column));
        EXPECT_GT(at, previous) << column << " in " << qPrintable(header);
        previous = at;
    }
    // Aligned: each row's LABEL cell starts in the header's LABEL column.
    const qsizetype labelColumn = header.indexOf(QLatin1String("LABEL"));
    EXPECT_EQ(lines.at(1).indexOf(QStringLiteral("CI deploy")), labelColumn) << describe(table);
    EXPECT_EQ(lines.at(2).indexOf(QStringLiteral("billing")), labelColumn) << describe(table);
    EXPECT_TRUE(lines.at(1).contains(QLatin1String(first.token.right(4)))) << describe(table);
    EXPECT_FALSE(table.out.contains(first.token)) << describe(table);
    EXPECT_FALSE(table.out.contains(second.token)) << describe(table);

    const QJsonArray tokens = listJson();
    ASSERT_EQ(tokens.size(), 2);
    const QJsonObject object = tokens.at(0).toObject();
    EXPECT_EQ(keysOf(object),
              (QSet<QString>{QStringLiteral("id"), QStringLiteral("label"), QStringLiteral("masked"),
                             QStringLiteral("role"), QStringLiteral("status"), QStringLiteral("created_by"),
                             QStringLiteral("created_at"), QStringLiteral("last_used_at"),
                             QStringLiteral("expires_at"), QStringLiteral("version"),
                             QStringLiteral("description"), QStringLiteral("tags")}));
    EXPECT_EQ(object.value(QStringLiteral("id")).toInteger(), first.id);
    EXPECT_EQ(object.value(QStringLiteral("label")).toString(), QStringLiteral("CI deploy"));
    EXPECT_TRUE(
        object.value(QStringLiteral("masked")).toString().endsWith(QLatin1String(first.token.right(4))));
    EXPECT_EQ(object.value(QStringLiteral("role")).toString(), QStringLiteral("developer"));
    EXPECT_EQ(object.value(QStringLiteral("status")).toString(), QStringLiteral("active"));
    EXPECT_EQ(object.value(QStringLiteral("created_by")).toString(), m_admin);
    const QString createdAt = object.value(QStringLiteral("created_at")).toString();
    EXPECT_TRUE(createdAt.endsWith(QLatin1Char('Z'))) << qPrintable(createdAt);
    EXPECT_LE(qAbs(QDateTime::fromString(createdAt, Qt::ISODate).secsTo(QDateTime::currentDateTimeUtc())),
              120);
    EXPECT_TRUE(object.value(QStringLiteral("last_used_at")).isNull());
    EXPECT_TRUE(object.value(QStringLiteral("expires_at")).isNull());
    EXPECT_TRUE(object.value(QStringLiteral("version")).isDouble());
    EXPECT_EQ(tokens.at(1).toObject().value(QStringLiteral("role")).toString(), QStringLiteral("admin"));

    // A verify records last-used, and the CLI persists it before exiting.
    ASSERT_EQ(verify(first.token).exitCode, 0);
    const QString lastUsed = tokenById(first.id).value(QStringLiteral("last_used_at")).toString();
    EXPECT_TRUE(lastUsed.endsWith(QLatin1Char('Z'))) << qPrintable(lastUsed);
}

TEST_F(CliTest, ListFiltersSortsAndLimits)
{
    initStore(10);
    generate(QStringLiteral("beta-api"));
    generate(QStringLiteral("alpha-api"), {QStringLiteral("--role"), QStringLiteral("admin")});
    const Created gamma = generate(QStringLiteral("gamma-web"));

    EXPECT_EQ(labelsOf(listJson()), (QStringList{QStringLiteral("beta-api"), QStringLiteral("alpha-api"),
                                                 QStringLiteral("gamma-web")}));
    EXPECT_EQ(labelsOf(listJson({QStringLiteral("--filter"), QStringLiteral("API")})),
              (QStringList{QStringLiteral("beta-api"), QStringLiteral("alpha-api")}));
    EXPECT_EQ(
        labelsOf(listJson({QStringLiteral("--sort"), QStringLiteral("label")})),
        (QStringList{QStringLiteral("alpha-api"), QStringLiteral("beta-api"), QStringLiteral("gamma-web")}));
    EXPECT_EQ(
        labelsOf(listJson({QStringLiteral("--sort"), QStringLiteral("label"), QStringLiteral("--desc")})),
        (QStringList{QStringLiteral("gamma-web"), QStringLiteral("beta-api"), QStringLiteral("alpha-api")}));
    EXPECT_EQ(labelsOf(listJson({QStringLiteral("--sort"), QStringLiteral("label"), QStringLiteral("--limit"),
                                 QStringLiteral("2")})),
              (QStringList{QStringLiteral("alpha-api"), QStringLiteral("beta-api")}));
    EXPECT_EQ(labelsOf(listJson({QStringLiteral("--role"), QStringLiteral("admin")})),
              QStringList{QStringLiteral("alpha-api")});

    ASSERT_EQ(cli({QStringLiteral("disable"), QString::number(gamma.id)}).exitCode, 0);
    EXPECT_EQ(labelsOf(listJson({QStringLiteral("--status"), QStringLiteral("disabled")})),
              QStringList{QStringLiteral("gamma-web")});

    const CliRun table = cli({QStringLiteral("list"), QStringLiteral("--filter"), QStringLiteral("web")});
    ASSERT_EQ(table.exitCode, 0) << describe(table);
    EXPECT_TRUE(table.out.contains("gamma-web")) << describe(table);
    EXPECT_FALSE(table.out.contains("alpha-api")) << describe(table);

    EXPECT_EQ(cli({QStringLiteral("list"), QStringLiteral("--sort"), QStringLiteral("colour")}).exitCode, 2);
    EXPECT_EQ(cli({QStringLiteral("list"), QStringLiteral("--limit"), QStringLiteral("many")}).exitCode, 2);
}

TEST_F(CliTest, DescriptionsAndTagsAreSetFilteredAndChanged)
{
    initStore(10);
    const Created deploy = generate(QStringLiteral("deploy"),
                                    {QStringLiteral("--description"), QStringLiteral("Ships the web app"),
                                     QStringLiteral("--tag"), QStringLiteral("CI"), QStringLiteral("--tag"),
                                     QStringLiteral("env=prod")});
    generate(QStringLiteral("backup"), {QStringLiteral("--tag"), QStringLiteral("env=staging")});

    const QJsonArray all = listJson();
    ASSERT_EQ(all.size(), 2);
    const QJsonObject first = all.at(0).toObject();
    EXPECT_EQ(first.value(QStringLiteral("description")).toString(), QStringLiteral("Ships the web app"));
    EXPECT_EQ(first.value(QStringLiteral("tags")).toArray(),
              (QJsonArray{QStringLiteral("ci"), QStringLiteral("env=prod")}));
    EXPECT_EQ(labelsOf(listJson({QStringLiteral("--filter"), QStringLiteral("tag:env")})),
              (QStringList{QStringLiteral("deploy"), QStringLiteral("backup")}));
    EXPECT_EQ(labelsOf(listJson({QStringLiteral("--filter"), QStringLiteral("tag:ci web")})),
              QStringList{QStringLiteral("deploy")});

    const CliRun changed =
        cli({QStringLiteral("describe"), QString::number(deploy.id), QStringLiteral("--tag"),
             QStringLiteral("team=web"), QStringLiteral("--json")});
    ASSERT_EQ(changed.exitCode, 0) << describe(changed);
    const QJsonObject object = changed.json().object();
    EXPECT_EQ(object.value(QStringLiteral("tags")).toArray(), QJsonArray{QStringLiteral("team=web")});
    EXPECT_EQ(object.value(QStringLiteral("description")).toString(), QStringLiteral("Ships the web app"))
        << "what is not named stays";
    EXPECT_TRUE(listJson({QStringLiteral("--filter"), QStringLiteral("tag:ci")}).isEmpty());

    const CliRun bad = cli({QStringLiteral("generate"), QStringLiteral("--label"), QStringLiteral("x"),
                            QStringLiteral("--tag"), QStringLiteral("two words")});
    EXPECT_EQ(bad.exitCode, 1) << describe(bad);
    EXPECT_TRUE(bad.err.contains("INVALID_INPUT")) << describe(bad);
    EXPECT_EQ(cli({QStringLiteral("describe"), QString::number(deploy.id)}).exitCode, 2)
        << "nothing to change";
    EXPECT_EQ(cli({QStringLiteral("describe"), QString::number(deploy.id), QStringLiteral("--tag"),
                   QStringLiteral("a"), QStringLiteral("--no-tags")})
                  .exitCode,
              2);
    EXPECT_EQ(listJson().size(), 2) << "the refused generate made nothing";
}

TEST_F(CliTest, ExportWritesWhatListMatchesAsCsvOrJson)
{
    initStore(10);
    generate(QStringLiteral("=deploy"), {QStringLiteral("--tag"), QStringLiteral("ci"),
                                         QStringLiteral("--description"), QStringLiteral("Ships, \"fast\"")});
    generate(QStringLiteral("backup"));

    const CliRun csv = cli({QStringLiteral("export"), QStringLiteral("--sort"), QStringLiteral("label")});
    ASSERT_EQ(csv.exitCode, 0) << describe(csv);
    const QList<QByteArray> lines = csv.out.split('\n');
    ASSERT_EQ(lines.size(), 4) << describe(csv);
    EXPECT_EQ(lines[0], "id,label,masked,role,status,created_by,created_at,expires_at,last_used_at,version,"
                        "description,tags\r");
    EXPECT_TRUE(lines[1].contains(",'=deploy,")) << "first by label, the formula defused: " << describe(csv);
    EXPECT_TRUE(lines[1].endsWith(",\"Ships, \"\"fast\"\"\",ci\r")) << describe(csv);
    EXPECT_TRUE(lines[2].contains(",backup,"));

    const CliRun json = cli({QStringLiteral("export"), QStringLiteral("--format"), QStringLiteral("JSON"),
                             QStringLiteral("--filter"), QStringLiteral("tag:ci")});
    ASSERT_EQ(json.exitCode, 0) << describe(json);
    const QJsonArray rows = json.json().array();
    ASSERT_EQ(rows.size(), 1) << describe(json);
    EXPECT_EQ(rows[0].toObject().value(QStringLiteral("label")).toString(), QStringLiteral("=deploy"))
        << "JSON keeps the text as typed";

    const CliRun bad = cli({QStringLiteral("export"), QStringLiteral("--format"), QStringLiteral("xlsx")});
    EXPECT_EQ(bad.exitCode, 2) << describe(bad);
    EXPECT_TRUE(bad.out.isEmpty()) << "nothing half-written on standard output";
    EXPECT_EQ(cli({QStringLiteral("export"), QStringLiteral("--status"), QStringLiteral("gone")}).exitCode,
              2);
}

TEST_F(CliTest, ListInactiveShowsRevokedAndRotatedTokens)
{
    initStore(10);
    const Created gone = generate(QStringLiteral("gone"));
    const Created renewed = generate(QStringLiteral("renewed"));
    ASSERT_EQ(cli({QStringLiteral("revoke"), QString::number(gone.id), QStringLiteral("--confirm"),
                   QStringLiteral("gone")})
                  .exitCode,
              0);
    ASSERT_EQ(cli({QStringLiteral("rotate"), QString::number(renewed.id)}).exitCode, 0);

    const CliRun json = cli({QStringLiteral("list"), QStringLiteral("--inactive"), QStringLiteral("--json")});
    ASSERT_EQ(json.exitCode, 0) << describe(json);
    const QJsonArray ended = json.json().array();
    ASSERT_EQ(ended.size(), 2) << describe(json);
    const QJsonObject latest = ended.at(0).toObject();
    EXPECT_EQ(latest.value(QStringLiteral("label")).toString(), QStringLiteral("renewed"));
    EXPECT_EQ(latest.value(QStringLiteral("reason")).toString(), QStringLiteral("rotated"));
    for (const char* key : {"label", "masked", "role", "created_by", "ended_at", "ended_by", "reason"})
        EXPECT_TRUE(latest.contains(QLatin1String(key))) << key;
    EXPECT_EQ(ended.at(1).toObject().value(QStringLiteral("reason")).toString(), QStringLiteral("revoked"));
    EXPECT_FALSE(json.out.contains(gone.token.mid(4))) << "never the secret";

    const CliRun table = cli({QStringLiteral("list"), QStringLiteral("--inactive"),
                              QStringLiteral("--filter"), QStringLiteral("gon")});
    ASSERT_EQ(table.exitCode, 0) << describe(table);
    EXPECT_TRUE(table.out.contains("gone")) << describe(table);
    EXPECT_FALSE(table.out.contains("renewed")) << describe(table);
    EXPECT_EQ(cli({QStringLiteral("list"), QStringLiteral("--inactive"), QStringLiteral("--status"),
                   QStringLiteral("active")})
                  .exitCode,
              2);
}

TEST_F(CliTest, RenameChangesTheLabelAndBumpsTheVersion)
{
    initStore();
    const Created created = generate(QStringLiteral("old name"));
    const qint64 version = tokenById(created.id).value(QStringLiteral("version")).toInteger();

    const CliRun run =
        cli({QStringLiteral("rename"), QString::number(created.id), QStringLiteral("new name")});
    ASSERT_EQ(run.exitCode, 0) << describe(run);
    EXPECT_TRUE(run.out.contains("new name")) << describe(run);
    const QJsonObject after = tokenById(created.id);
    EXPECT_EQ(after.value(QStringLiteral("label")).toString(), QStringLiteral("new name"));
    EXPECT_GT(after.value(QStringLiteral("version")).toInteger(), version);

    const CliRun json = cli({QStringLiteral("rename"), QString::number(created.id), QStringLiteral("newer"),
                             QStringLiteral("--json")});
    ASSERT_EQ(json.exitCode, 0) << describe(json);
    EXPECT_EQ(json.json().object().value(QStringLiteral("label")).toString(), QStringLiteral("newer"));
    EXPECT_EQ(json.json().object().value(QStringLiteral("id")).toInteger(), created.id);

    const CliRun missing = cli({QStringLiteral("rename"), QStringLiteral("999"), QStringLiteral("x")});
    EXPECT_EQ(missing.exitCode, 1) << describe(missing);
    EXPECT_TRUE(missing.err.startsWith("error: NOT_FOUND: ")) << describe(missing);
}

TEST_F(CliTest, DisabledTokenFailsVerifyUntilEnabled)
{
    initStore();
    const Created created = generate(QStringLiteral("worker"));

    const CliRun disabled = cli({QStringLiteral("disable"), QString::number(created.id)});
    ASSERT_EQ(disabled.exitCode, 0) << describe(disabled);
    EXPECT_EQ(tokenById(created.id).value(QStringLiteral("status")).toString(), QStringLiteral("disabled"));

    const CliRun rejected = verify(created.token);
    EXPECT_EQ(rejected.exitCode, 3) << describe(rejected);
    EXPECT_EQ(rejected.out, QByteArray("API_KEY_DISABLED\n")) << describe(rejected);
    EXPECT_TRUE(rejected.err.startsWith("error: API_KEY_DISABLED: ")) << describe(rejected);
    EXPECT_EQ(rejected.err.count('\n'), 1) << describe(rejected);

    const CliRun enabled =
        cli({QStringLiteral("enable"), QString::number(created.id), QStringLiteral("--json")});
    ASSERT_EQ(enabled.exitCode, 0) << describe(enabled);
    EXPECT_EQ(enabled.json().object().value(QStringLiteral("status")).toString(), QStringLiteral("active"));

    const CliRun accepted = verify(created.token);
    EXPECT_EQ(accepted.exitCode, 0) << describe(accepted);
    EXPECT_EQ(accepted.outText(), QString::number(created.id) + QStringLiteral(" developer\n"));

    const CliRun json = verify(created.token, {QStringLiteral("--json")});
    ASSERT_EQ(json.exitCode, 0) << describe(json);
    EXPECT_EQ(json.json().object(), (QJsonObject{{QStringLiteral("valid"), true},
                                                 {QStringLiteral("id"), created.id},
                                                 {QStringLiteral("role"), QStringLiteral("developer")},
                                                 {QStringLiteral("label"), QStringLiteral("worker")}}));
}

TEST_F(CliTest, AnAdminTokenOfARemovedUserStillVerifies)
{
    // Issue 13: once bob is removed his Admin token manages nothing (even for a new bob), but
    // tokens belong to the organisation: what verifies it still gets a yes.
    initStore();
    const QString bob = QStringLiteral("bob");
    auto user = [this](const QString& command, const QStringList& extra = {}) {
        return cli(QStringList{QStringLiteral("user"), command, QStringLiteral("bob")} + extra).exitCode;
    };
    ASSERT_EQ(user(QStringLiteral("add"), {QStringLiteral("--admin"), QStringLiteral("--api-access")}), 0);
    const CliRun made =
        cliAs(bob, {QStringLiteral("generate"), QStringLiteral("--json"), QStringLiteral("--label"),
                    QStringLiteral("bob's console"), QStringLiteral("--role"), QStringLiteral("admin")});
    ASSERT_EQ(made.exitCode, 0) << describe(made);
    const QJsonObject object = made.json().object();
    const qint64 id = object.value(QStringLiteral("id")).toInteger();
    const QByteArray token = object.value(QStringLiteral("token")).toString().toLatin1();
    m_tokens << token;
    ASSERT_EQ(user(QStringLiteral("remove")), 0);
    ASSERT_EQ(user(QStringLiteral("add"), {QStringLiteral("--admin"), QStringLiteral("--api-access")}), 0);

    const CliRun accepted = verify(token);
    EXPECT_EQ(accepted.exitCode, 0) << describe(accepted);
    EXPECT_EQ(accepted.outText(), QString::number(id) + QStringLiteral(" admin\n"));
}

TEST_F(CliTest, RotateReplacesTheSecret)
{
    initStore();
    const Created created = generate(QStringLiteral("rotating"));

    const CliRun rotated = cli({QStringLiteral("rotate"), QString::number(created.id)});
    ASSERT_EQ(rotated.exitCode, 0) << describe(rotated);
    EXPECT_TRUE(kTokenLine.match(rotated.outText()).hasMatch()) << describe(rotated);
    const QByteArray fresh = rotated.out.trimmed();
    m_tokens << fresh;
    EXPECT_NE(fresh, created.token);

    const CliRun old = verify(created.token);
    EXPECT_EQ(old.exitCode, 3) << describe(old);
    EXPECT_EQ(old.out, QByteArray("API_KEY_INVALID\n")) << describe(old);
    const CliRun now = verify(fresh);
    EXPECT_EQ(now.exitCode, 0) << describe(now);

    const QJsonArray tokens = listJson();
    ASSERT_EQ(tokens.size(), 1);
    EXPECT_EQ(tokens.at(0).toObject().value(QStringLiteral("label")).toString(), QStringLiteral("rotating"));
}

TEST_F(CliTest, RotateWithGraceKeepsTheOldSecretWorking)
{
    initStore();
    const Created created = generate(QStringLiteral("graceful"));

    const CliRun rotated = cli({QStringLiteral("rotate"), QString::number(created.id),
                                QStringLiteral("--grace"), QStringLiteral("1h"), QStringLiteral("--json")});
    ASSERT_EQ(rotated.exitCode, 0) << describe(rotated);
    const QJsonObject object = rotated.json().object();
    EXPECT_EQ(keysOf(object),
              (QSet<QString>{QStringLiteral("id"), QStringLiteral("token"), QStringLiteral("masked"),
                             QStringLiteral("label"), QStringLiteral("role"), QStringLiteral("expires_at")}));
    const QByteArray fresh = object.value(QStringLiteral("token")).toString().toLatin1();
    m_tokens << fresh;
    EXPECT_TRUE(kTokenLine.match(QString::fromLatin1(fresh + '\n')).hasMatch()) << describe(rotated);
    EXPECT_EQ(object.value(QStringLiteral("label")).toString(), QStringLiteral("graceful"));

    EXPECT_EQ(verify(created.token).exitCode, 0);
    EXPECT_EQ(verify(fresh).exitCode, 0);
}

TEST_F(CliTest, RevokeNeedsTheExactLabel)
{
    initStore();
    const Created created = generate(QStringLiteral("Prod Key"));
    const QString id = QString::number(created.id);

    const CliRun refused =
        cli({QStringLiteral("revoke"), id, QStringLiteral("--confirm"), QStringLiteral("prod key")});
    EXPECT_EQ(refused.exitCode, 1) << describe(refused);
    EXPECT_TRUE(refused.err.startsWith("error: INVALID_INPUT: ")) << describe(refused);
    EXPECT_EQ(verify(created.token).exitCode, 0);

    const CliRun revoked =
        cli({QStringLiteral("revoke"), id, QStringLiteral("--confirm"), QStringLiteral("Prod Key")});
    ASSERT_EQ(revoked.exitCode, 0) << describe(revoked);

    const CliRun after = verify(created.token);
    EXPECT_EQ(after.exitCode, 3) << describe(after);
    EXPECT_EQ(after.out, QByteArray("API_KEY_INVALID\n")) << describe(after);
    EXPECT_TRUE(listJson().isEmpty());
}

TEST_F(CliTest, VerifyRejectsGarbageAndForeignTokens)
{
    initStore();
    const CliRun garbage = verify("not-a-token");
    EXPECT_EQ(garbage.exitCode, 3) << describe(garbage);
    EXPECT_EQ(garbage.out, QByteArray("API_KEY_INVALID\n")) << describe(garbage);
    EXPECT_TRUE(garbage.err.startsWith("error: API_KEY_INVALID: ")) << describe(garbage);

    const CliRun empty = cli({QStringLiteral("verify")}, QByteArray());
    EXPECT_EQ(empty.exitCode, 3) << describe(empty);

    const CliRun json = verify("tdk_nope", {QStringLiteral("--json")});
    EXPECT_EQ(json.exitCode, 3) << describe(json);
    EXPECT_FALSE(json.json().object().value(QStringLiteral("valid")).toBool(true)) << describe(json);
    EXPECT_EQ(json.json().object().value(QStringLiteral("error")).toString(),
              QStringLiteral("API_KEY_INVALID"));

    // Well-formed, but from another store.
    const QString other = m_dir.file(QStringLiteral("other.tokendesk"));
    ASSERT_EQ(
        exec({QStringLiteral("init"), QStringLiteral("--store"), other, QStringLiteral("--admin"), m_admin})
            .exitCode,
        0);
    const CliRun foreign =
        exec({QStringLiteral("--store"), other, QStringLiteral("--as"), m_admin, QStringLiteral("generate"),
              QStringLiteral("--label"), QStringLiteral("elsewhere")});
    ASSERT_EQ(foreign.exitCode, 0) << describe(foreign);
    m_tokens << foreign.out.trimmed();
    const CliRun rejected = verify(foreign.out.trimmed());
    EXPECT_EQ(rejected.exitCode, 3) << describe(rejected);
    EXPECT_EQ(rejected.out, QByteArray("API_KEY_INVALID\n")) << describe(rejected);

    // Only the first line of stdin counts, and surrounding blanks are trimmed.
    const Created mine = generate(QStringLiteral("mine"));
    EXPECT_EQ(cli({QStringLiteral("verify")}, "  " + mine.token + "  \nsecond line\n").exitCode, 0);
}

TEST_F(CliTest, VerifyNeverTakesTheTokenFromArguments)
{
    initStore();
    const Created created = generate(QStringLiteral("argv"));
    const CliRun run = cli({QStringLiteral("verify"), QString::fromLatin1(created.token)});
    EXPECT_EQ(run.exitCode, 2) << describe(run);
    // The usage error does not echo the misplaced token.
    EXPECT_FALSE(run.err.contains(created.token.mid(4))) << describe(run);
    const CliRun asCommand = cli({QString::fromLatin1(created.token)});
    EXPECT_EQ(asCommand.exitCode, 2) << describe(asCommand);
    EXPECT_FALSE(asCommand.err.contains(created.token.mid(4))) << describe(asCommand);
}

TEST_F(CliTest, TokenLimitIsEnforcedAndConfigurable)
{
    initStore(2);
    generate(QStringLiteral("one"));
    generate(QStringLiteral("two"));

    const CliRun third =
        cli({QStringLiteral("generate"), QStringLiteral("--label"), QStringLiteral("three")});
    EXPECT_EQ(third.exitCode, 1) << describe(third);
    EXPECT_TRUE(third.err.startsWith("error: TOKEN_LIMIT_REACHED")) << describe(third);
    EXPECT_EQ(third.err.count('\n'), 1) << describe(third);
    EXPECT_TRUE(third.out.isEmpty()) << describe(third);
    EXPECT_EQ(listJson().size(), 2);

    const CliRun shown = cli({QStringLiteral("settings"), QStringLiteral("--json")});
    ASSERT_EQ(shown.exitCode, 0) << describe(shown);
    EXPECT_EQ(shown.json().object().value(QStringLiteral("token_limit")).toInt(), 2);

    const CliRun raised =
        cli({QStringLiteral("settings"), QStringLiteral("--token-limit"), QStringLiteral("3")});
    ASSERT_EQ(raised.exitCode, 0) << describe(raised);
    generate(QStringLiteral("three"));
    EXPECT_EQ(listJson().size(), 3);
}

// --keep-inactive: how long `list --inactive` keeps a revoked token; refused words are usage errors.
TEST_F(CliTest, SettingsKeepInactiveSetsTheRetentionOfTheInactiveList)
{
    using namespace Qt::StringLiterals;
    initStore(5);
    const CliRun shown = cli({u"settings"_s});
    ASSERT_EQ(shown.exitCode, 0) << describe(shown);
    EXPECT_TRUE(shown.out.contains("inactive tokens kept      for ever")) << describe(shown);
    for (const QString& bad : {u"0"_s, u"3651"_s, u"30d"_s, u"never"_s, u""_s}) {
        const CliRun refused = cli({u"settings"_s, u"--keep-inactive"_s, bad});
        EXPECT_EQ(refused.exitCode, 2) << describe(refused);
        EXPECT_TRUE(refused.err.contains("--keep-inactive")) << describe(refused);
    }
    const CliRun set = cli({u"settings"_s, u"--keep-inactive"_s, u"30"_s});
    ASSERT_EQ(set.exitCode, 0) << describe(set);
    EXPECT_EQ(set.out.trimmed(), "Inactive tokens are kept 30 days.") << describe(set);
    EXPECT_EQ(cli({u"settings"_s, u"--json"_s}).json().object().value(u"inactive_retention_days"_s).toInt(),
              30);
    const CliRun forever = cli({u"settings"_s, u"--keep-inactive"_s, u"forever"_s, u"--json"_s});
    ASSERT_EQ(forever.exitCode, 0) << describe(forever);
    EXPECT_TRUE(forever.json().object().value(u"inactive_retention_days"_s).isNull());
}

// bulk: one change to every token the filters match, refused unless --confirm-count is exact.
TEST_F(CliTest, BulkChangesEveryMatchOnlyWhenTheCountIsConfirmed)
{
    using namespace Qt::StringLiterals;
    initStore(10);
    const QList<Created> ci{generate(u"ci-1"_s), generate(u"ci-2"_s), generate(u"ci-3"_s)};
    const Created other = generate(u"other"_s);
    const QStringList ciOnly{u"--filter"_s, u"ci-"_s};

    const CliRun unconfirmed = cli(QStringList{u"bulk"_s, u"disable"_s} + ciOnly);
    EXPECT_EQ(unconfirmed.exitCode, 2) << describe(unconfirmed);
    EXPECT_TRUE(unconfirmed.err.contains("these filters match 3 tokens")) << describe(unconfirmed);
    const CliRun wrongCount =
        cli(QStringList{u"bulk"_s, u"disable"_s, u"--confirm-count"_s, u"2"_s} + ciOnly);
    EXPECT_EQ(wrongCount.exitCode, 1) << describe(wrongCount);
    EXPECT_TRUE(wrongCount.err.startsWith(
        "error: CONFLICT: these filters match 3 tokens, not 2; nothing was changed"))
        << describe(wrongCount);
    EXPECT_EQ(verify(ci[0].token).exitCode, 0) << "a refused bulk changes nothing";
    for (const QString& bad : {u"-1"_s, u"three"_s, u""_s}) {
        const CliRun refused = cli(QStringList{u"bulk"_s, u"disable"_s, u"--confirm-count"_s, bad} + ciOnly);
        EXPECT_EQ(refused.exitCode, 2) << describe(refused);
    }
    EXPECT_EQ(cli({u"bulk"_s, u"revoke"_s, u"7"_s, u"--confirm-count"_s, u"1"_s}).exitCode, 2)
        << "tokens are chosen by filters, not ids";
    EXPECT_EQ(cli({u"bulk"_s, u"extend"_s, u"--confirm-count"_s, u"4"_s}).exitCode, 2)
        << "--expires is required";

    const CliRun disabled = cli(QStringList{u"bulk"_s, u"disable"_s, u"--confirm-count"_s, u"3"_s} + ciOnly);
    ASSERT_EQ(disabled.exitCode, 0) << describe(disabled);
    EXPECT_EQ(disabled.out.trimmed(), "Disabled 3 tokens.");
    const CliRun again =
        cli(QStringList{u"bulk"_s, u"disable"_s, u"--confirm-count"_s, u"3"_s, u"--json"_s} + ciOnly);
    ASSERT_EQ(again.exitCode, 0) << describe(again);
    EXPECT_EQ(again.json().object().value(u"unchanged"_s).toInt(), 3);
    EXPECT_EQ(again.json().object().value(u"changed"_s).toInt(), 0);
    EXPECT_EQ(again.json().object().value(u"matched"_s).toInt(), 3);
    EXPECT_EQ(verify(ci[1].token).exitCode, 3);
    EXPECT_EQ(verify(other.token).exitCode, 0);

    const CliRun tagged =
        cli({u"bulk"_s, u"tag"_s, u"team=ops"_s, u"--status"_s, u"disabled"_s, u"--confirm-count"_s, u"3"_s});
    ASSERT_EQ(tagged.exitCode, 0) << describe(tagged);
    EXPECT_EQ(listJson({u"--filter"_s, u"tag:team=ops"_s}).size(), 3);
    const CliRun untagged = cli({u"bulk"_s, u"tag"_s, u"team=ops"_s, u"--remove"_s, u"--filter"_s, u"ci-1"_s,
                                 u"--confirm-count"_s, u"1"_s});
    ASSERT_EQ(untagged.exitCode, 0) << describe(untagged);
    EXPECT_EQ(untagged.out.trimmed(), "Changed the tags of 1 token.");
    EXPECT_EQ(listJson({u"--filter"_s, u"tag:team=ops"_s}).size(), 2);

    const CliRun extended =
        cli({u"bulk"_s, u"extend"_s, u"--expires"_s, u"10d"_s, u"--confirm-count"_s, u"4"_s});
    ASSERT_EQ(extended.exitCode, 0) << describe(extended);
    EXPECT_EQ(listJson({u"--expiring-days"_s, u"11"_s}).size(), 4);
    EXPECT_TRUE(listJson({u"--expiring-days"_s, u"9"_s}).isEmpty()) << "all four moved to 10 days from now";

    const CliRun revoked =
        cli({u"bulk"_s, u"revoke"_s, u"--status"_s, u"disabled"_s, u"--confirm-count"_s, u"3"_s});
    ASSERT_EQ(revoked.exitCode, 0) << describe(revoked);
    EXPECT_EQ(revoked.out.trimmed(), "Revoked 3 tokens; they no longer verify.");
    for (const Created& each : ci)
        EXPECT_EQ(verify(each.token).exitCode, 3);
    const QJsonArray left = listJson();
    ASSERT_EQ(left.size(), 1);
    EXPECT_EQ(left[0].toObject().value(u"label"_s), u"other"_s);
    const CliRun audit = cli({u"audit"_s, u"--json"_s});
    EXPECT_EQ(audit.out.count("\"token.revoke\""), 3) << "one audit entry per token";
}

// --expiry-warnings: the days before expiry at which admins and creators are warned.
TEST_F(CliTest, SettingsExpiryWarningsSetsTheWarningDays)
{
    using namespace Qt::StringLiterals;
    initStore(5);
    const CliRun shown = cli({u"settings"_s});
    ASSERT_EQ(shown.exitCode, 0) << describe(shown);
    EXPECT_TRUE(shown.out.contains("expiry warnings           30, 7 and 1 days before")) << describe(shown);
    for (const QString& bad : {u"0"_s, u"30,400"_s, u"soon"_s, u"1,2,3,4,5,6"_s, u""_s}) {
        const CliRun refused = cli({u"settings"_s, u"--expiry-warnings"_s, bad});
        EXPECT_EQ(refused.exitCode, 2) << describe(refused);
    }
    const CliRun set = cli({u"settings"_s, u"--expiry-warnings"_s, u"3, 14"_s});
    ASSERT_EQ(set.exitCode, 0) << describe(set);
    EXPECT_EQ(set.out.trimmed(), "Expiry warnings go out 14 and 3 days before a token expires.")
        << describe(set);
    const QJsonArray days =
        cli({u"settings"_s, u"--json"_s}).json().object().value(u"expiry_warning_days"_s).toArray();
    EXPECT_EQ(days, (QJsonArray{14, 3}));
    const CliRun off = cli({u"settings"_s, u"--expiry-warnings"_s, u"none"_s});
    ASSERT_EQ(off.exitCode, 0) << describe(off);
    EXPECT_EQ(off.out.trimmed(), "Expiry warnings are off.");
}

TEST_F(CliTest, SettingsShowAndSetTheLifetimePolicyWhichGenerateAndExtendFollow)
{
    using namespace Qt::StringLiterals;
    initStore(5);
    const CliRun shown = cli({u"settings"_s});
    ASSERT_EQ(shown.exitCode, 0) << describe(shown);
    EXPECT_TRUE(shown.out.contains("admin token lifetime      default 90 days, no maximum"))
        << describe(shown);

    // Made before the policy is tightened: one admin token that never expires.
    const Created forever = generate(u"forever"_s, {u"--role"_s, u"admin"_s, u"--expires"_s, u"never"_s});
    const CliRun defaultPastMaximum = cli({u"settings"_s, u"--max-lifetime"_s, u"admin=30d"_s});
    EXPECT_EQ(defaultPastMaximum.exitCode, 1) << describe(defaultPastMaximum);
    EXPECT_TRUE(
        defaultPastMaximum.err.startsWith("error: INVALID_INPUT: Admin tokens: the default lifetime (90 "
                                          "days) is longer than the maximum (30 days)"))
        << describe(defaultPastMaximum);
    for (const QString& bad : {u"admin"_s, u"root=3d"_s, u"admin=forever"_s, u"=30d"_s}) {
        const CliRun refused = cli({u"settings"_s, u"--max-lifetime"_s, bad});
        EXPECT_EQ(refused.exitCode, 2) << describe(refused);
    }
    const CliRun set = cli({u"settings"_s, u"--max-lifetime"_s, u"admin=30d"_s, u"--default-lifetime"_s,
                            u"admin=7d"_s, u"--max-lifetime"_s, u"developer=365d"_s});
    ASSERT_EQ(set.exitCode, 0) << describe(set);
    const QJsonObject policy =
        cli({u"settings"_s, u"--json"_s}).json().object().value(u"lifetime_policy"_s).toObject();
    EXPECT_EQ(policy.value(u"admin"_s).toObject().value(u"max_seconds"_s).toInteger(), 30 * 86400);
    EXPECT_EQ(policy.value(u"admin"_s).toObject().value(u"default_seconds"_s).toInteger(), 7 * 86400);
    EXPECT_EQ(policy.value(u"developer"_s).toObject().value(u"max_seconds"_s).toInteger(), 365 * 86400);
    EXPECT_EQ(policy.value(u"developer"_s).toObject().value(u"default_seconds"_s).toInteger(), 90 * 86400);

    const CliRun never =
        cli({u"generate"_s, u"--label"_s, u"x"_s, u"--role"_s, u"admin"_s, u"--expires"_s, u"never"_s});
    EXPECT_EQ(never.exitCode, 1) << describe(never);
    EXPECT_TRUE(never.err.contains("at most 30 days")) << describe(never);
    const Created week = generate(u"week"_s, {u"--role"_s, u"admin"_s});
    const QDateTime expires =
        QDateTime::fromString(tokenById(week.id).value(u"expires_at"_s).toString(), Qt::ISODate);
    EXPECT_LE(std::abs(expires.secsTo(QDateTime::currentDateTimeUtc().addDays(7))), 120)
        << "no --expires: the policy's default";

    const QJsonArray breaking = listJson({u"--breaks-policy"_s});
    ASSERT_EQ(breaking.size(), 1);
    EXPECT_EQ(breaking.at(0).toObject().value(u"id"_s).toInteger(), forever.id);

    const CliRun tooFar = cli({u"extend"_s, QString::number(forever.id), u"--expires"_s, u"60d"_s});
    EXPECT_EQ(tooFar.exitCode, 1) << describe(tooFar);
    const CliRun extended = cli({u"extend"_s, QString::number(forever.id), u"--expires"_s, u"30d"_s});
    ASSERT_EQ(extended.exitCode, 0) << describe(extended);
    EXPECT_TRUE(
        extended.out.startsWith("Token " + QByteArray::number(forever.id) + " \"forever\" now expires "))
        << describe(extended);
    EXPECT_TRUE(listJson({u"--breaks-policy"_s}).isEmpty()) << "moved into the policy";
    EXPECT_EQ(cli({u"extend"_s, QString::number(forever.id)}).exitCode, 2) << "--expires is required";
}

TEST_F(CliTest, UserWithoutApiAccessIsDenied)
{
    initStore();
    ASSERT_EQ(
        cli({QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("bob"), QStringLiteral("--admin")})
            .exitCode,
        0);
    const CliRun run = cliAs(QStringLiteral("bob"), {QStringLiteral("generate"), QStringLiteral("--label"),
                                                     QStringLiteral("sneaky")});
    EXPECT_EQ(run.exitCode, 1) << describe(run);
    EXPECT_TRUE(run.err.startsWith("error: PERMISSION_DENIED: ")) << describe(run);
    EXPECT_TRUE(run.out.isEmpty()) << describe(run);
    EXPECT_TRUE(listJson().isEmpty());
}

TEST_F(CliTest, UsageErrorsExitWithTwo)
{
    initStore();
    const Created created = generate(QStringLiteral("kept"));
    const QString id = QString::number(created.id);
    const QList<QStringList> wrong{
        {},
        {QStringLiteral("frobnicate")},
        {QStringLiteral("user")},
        {QStringLiteral("user"), QStringLiteral("frobnicate")},
        {QStringLiteral("list"), QStringLiteral("--bogus")},
        {QStringLiteral("revoke"), id},
        {QStringLiteral("revoke")},
        {QStringLiteral("rename"), QStringLiteral("abc"), QStringLiteral("label")},
        {QStringLiteral("disable"), QStringLiteral("-3")},
        {QStringLiteral("generate")},
        {QStringLiteral("generate"), QStringLiteral("--label")},
        {QStringLiteral("generate"), QStringLiteral("--label"), QStringLiteral("x"), QStringLiteral("--role"),
         QStringLiteral("root")},
        {QStringLiteral("enable"), id, QStringLiteral("extra")},
    };
    for (const QStringList& arguments : wrong) {
        const CliRun run = cli(arguments);
        EXPECT_EQ(run.exitCode, 2) << qPrintable(arguments.join(QLatin1Char(' '))) << "\n" << describe(run);
        EXPECT_TRUE(run.errText().contains(QStringLiteral("Usage:"))) << describe(run);
        EXPECT_TRUE(run.out.isEmpty()) << describe(run);
    }
    EXPECT_EQ(labelsOf(listJson()), QStringList{QStringLiteral("kept")});
}

TEST_F(CliTest, GlobalOptionsWorkAfterTheCommand)
{
    initStore();
    generate(QStringLiteral("anywhere"));
    const CliRun run = exec({QStringLiteral("list"), QStringLiteral("--json"), QStringLiteral("--store"),
                             m_store, QStringLiteral("--as"), m_admin});
    ASSERT_EQ(run.exitCode, 0) << describe(run);
    EXPECT_EQ(labelsOf(run.json().array()), QStringList{QStringLiteral("anywhere")});
}

TEST_F(CliTest, HelpAndVersion)
{
    const CliRun help = exec({QStringLiteral("--help")});
    EXPECT_EQ(help.exitCode, 0) << describe(help);
    for (const char* command :
         {"init", "user add", "generate", "list", "rotate", "revoke", "verify", "audit"})
        EXPECT_TRUE(help.out.contains(command)) << command << "\n" << describe(help);

    const CliRun revokeHelp = exec({QStringLiteral("revoke"), QStringLiteral("--help")});
    EXPECT_EQ(revokeHelp.exitCode, 0) << describe(revokeHelp);
    EXPECT_TRUE(revokeHelp.out.contains("--confirm")) << describe(revokeHelp);

    const CliRun version = exec({QStringLiteral("--version")});
    EXPECT_EQ(version.exitCode, 0) << describe(version);
    EXPECT_TRUE(version.out.startsWith("tokendesk-cli ")) << describe(version);
    EXPECT_FALSE(QFileInfo::exists(m_dir.file(QStringLiteral("xdg-data/tokendesk/default.tokendesk"))));
}

TEST_F(CliTest, AuditListsHistoryAndVerifiesTheChain)
{
    initStore();
    const Created created = generate(QStringLiteral("audited"));
    ASSERT_EQ(cli({QStringLiteral("disable"), QString::number(created.id)}).exitCode, 0);
    generate(QStringLiteral("other"));

    const CliRun chain = cli({QStringLiteral("audit"), QStringLiteral("--verify")});
    ASSERT_EQ(chain.exitCode, 0) << describe(chain);
    const QRegularExpression intact(QStringLiteral("^audit chain intact \\(([0-9]+) entries\\)\\n$"));
    const QRegularExpressionMatch match = intact.match(chain.outText());
    ASSERT_TRUE(match.hasMatch()) << describe(chain);
    EXPECT_GE(match.captured(1).toInt(), 3);

    const CliRun json = cli({QStringLiteral("audit"), QStringLiteral("--json")});
    ASSERT_EQ(json.exitCode, 0) << describe(json);
    const QJsonArray entries = json.json().array();
    ASSERT_GE(entries.size(), 3) << describe(json);
    EXPECT_EQ(keysOf(entries.at(0).toObject()),
              (QSet<QString>{QStringLiteral("seq"), QStringLiteral("time"), QStringLiteral("actor"),
                             QStringLiteral("action"), QStringLiteral("token_id"), QStringLiteral("label"),
                             QStringLiteral("masked"), QStringLiteral("detail")}));
    QStringList actions;
    for (const auto& entry : entries)
        actions << entry.toObject().value(QStringLiteral("action")).toString();
    EXPECT_TRUE(actions.contains(QStringLiteral("token.generate")))
        << qPrintable(actions.join(QLatin1Char(',')));

    const CliRun mine = cli({QStringLiteral("audit"), QStringLiteral("--json"), QStringLiteral("--token"),
                             QString::number(created.id)});
    ASSERT_EQ(mine.exitCode, 0) << describe(mine);
    const QJsonArray about = mine.json().array();
    ASSERT_EQ(about.size(), 2) << describe(mine);
    for (const auto& entry : about) {
        EXPECT_EQ(entry.toObject().value(QStringLiteral("token_id")).toInteger(), created.id);
        EXPECT_EQ(entry.toObject().value(QStringLiteral("actor")).toString(), m_admin);
    }

    const CliRun table = cli({QStringLiteral("audit")});
    ASSERT_EQ(table.exitCode, 0) << describe(table);
    EXPECT_TRUE(table.out.startsWith("SEQ")) << describe(table);
    EXPECT_TRUE(table.out.contains("audited")) << describe(table);
}

TEST_F(CliTest, AuditVerifyReportsATamperedChain)
{
    initStore();
    generate(QStringLiteral("evidence"));
    {
        // What an attacker with write access to the file would do: rewrite history.
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("tamper"));
        db.setDatabaseName(m_store);
        ASSERT_TRUE(db.open());
        QSqlQuery query(db);
        ASSERT_TRUE(query.exec(QStringLiteral("DROP TRIGGER IF EXISTS audit_no_update")));
        ASSERT_TRUE(query.exec(QStringLiteral("UPDATE audit SET actor = 'mallory' WHERE seq = 2")));
        ASSERT_EQ(query.numRowsAffected(), 1);
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("tamper"));

    const CliRun run = cli({QStringLiteral("audit"), QStringLiteral("--verify")});
    EXPECT_EQ(run.exitCode, 1) << describe(run);
    EXPECT_EQ(run.err, QByteArray("error: STORE_CORRUPT: audit chain broken at entry 2\n")) << describe(run);
    EXPECT_TRUE(run.out.isEmpty()) << describe(run);
}

TEST_F(CliTest, DefaultStoreIsCreatedOnFirstUse)
{
    const QString defaultStore = m_dir.file(QStringLiteral("xdg-data/tokendesk/default.tokendesk"));
    ASSERT_FALSE(QFileInfo::exists(defaultStore));

    const CliRun first = exec({QStringLiteral("user"), QStringLiteral("list"), QStringLiteral("--json")});
    ASSERT_EQ(first.exitCode, 0) << describe(first);
    EXPECT_TRUE(QFileInfo::exists(defaultStore));
    EXPECT_EQ(first.err.count('\n'), 1) << describe(first);
    EXPECT_TRUE(first.errText().contains(defaultStore)) << describe(first);
    const QJsonArray users = first.json().array();
    ASSERT_EQ(users.size(), 1) << describe(first);
    EXPECT_EQ(users.at(0).toObject().value(QStringLiteral("name")).toString(), StorePaths::osLoginName());
    EXPECT_TRUE(users.at(0).toObject().value(QStringLiteral("api_access")).toBool());

    const CliRun second =
        exec({QStringLiteral("generate"), QStringLiteral("--label"), QStringLiteral("mine")});
    ASSERT_EQ(second.exitCode, 0) << describe(second);
    EXPECT_TRUE(second.err.isEmpty()) << describe(second);
    m_tokens << second.out.trimmed();
}

TEST_F(CliTest, MissingExplicitStoreIsUnavailable)
{
    const QString missing = m_dir.file(QStringLiteral("missing/store.tokendesk"));
    const CliRun run = exec({QStringLiteral("--store"), missing, QStringLiteral("list")});
    EXPECT_EQ(run.exitCode, 1) << describe(run);
    EXPECT_TRUE(run.err.startsWith("error: STORE_UNAVAILABLE: ")) << describe(run);
    EXPECT_TRUE(run.err.contains("init")) << describe(run);
    EXPECT_EQ(run.err.count('\n'), 1) << describe(run);
    EXPECT_FALSE(QFileInfo::exists(missing));

    // TOKENDESK_STORE names a store as explicitly as --store does.
    QProcessEnvironment env = m_env;
    env.insert(QStringLiteral("TOKENDESK_STORE"), missing);
    const CliRun fromEnv = execWith(env, {QStringLiteral("list")});
    EXPECT_EQ(fromEnv.exitCode, 1) << describe(fromEnv);
    EXPECT_TRUE(fromEnv.err.startsWith("error: STORE_UNAVAILABLE: ")) << describe(fromEnv);
    EXPECT_FALSE(QFileInfo::exists(missing));
    EXPECT_FALSE(QFileInfo::exists(m_dir.file(QStringLiteral("xdg-data/tokendesk/default.tokendesk"))));
}

TEST_F(CliTest, NoPlaintextTokenInStoreFilesLogsOrListings)
{
    m_env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("tokendesk.*=true"));
    initStore(10);
    const Created first = generate(QStringLiteral("first"));
    const CliRun plain =
        cli({QStringLiteral("generate"), QStringLiteral("--label"), QStringLiteral("second")});
    ASSERT_EQ(plain.exitCode, 0) << describe(plain);
    m_tokens << plain.out.trimmed();
    const CliRun rotated = cli({QStringLiteral("rotate"), QString::number(first.id)});
    ASSERT_EQ(rotated.exitCode, 0) << describe(rotated);
    m_tokens << rotated.out.trimmed();
    const Created third = generate(QStringLiteral("third"));
    const CliRun graced = cli({QStringLiteral("rotate"), QString::number(third.id), QStringLiteral("--grace"),
                               QStringLiteral("1h")});
    ASSERT_EQ(graced.exitCode, 0) << describe(graced);
    m_tokens << graced.out.trimmed();
    for (const QByteArray& token : m_tokens)
        verify(token, {QStringLiteral("--json")});
    verify("tdk_garbage");

    QByteArray listings;
    for (const QStringList& arguments :
         QList<QStringList>{{QStringLiteral("list")},
                            {QStringLiteral("list"), QStringLiteral("--json")},
                            {QStringLiteral("audit")},
                            {QStringLiteral("audit"), QStringLiteral("--json")},
                            {QStringLiteral("user"), QStringLiteral("list")},
                            {QStringLiteral("export")},
                            {QStringLiteral("export"), QStringLiteral("--format"), QStringLiteral("json")}}) {
        const CliRun run = cli(arguments);
        ASSERT_EQ(run.exitCode, 0) << describe(run);
        listings += run.out;
    }

    // Every file the CLI left behind: the store, its -wal/-shm/-journal, anything else.
    QList<QPair<QString, QByteArray>> files;
    QDirIterator it(m_dir.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        files.append({path, readFileBytes(path)});
    }
    ASSERT_FALSE(readFileBytes(m_store).isEmpty());
    for (const char* suffix : {"-wal", "-shm"}) {
        const QString path = m_store + QLatin1String(suffix);
        if (QFileInfo::exists(path))
            files.append({path, readFileBytes(path)});
    }

    ASSERT_EQ(m_tokens.size(), 5);
    for (const QByteArray& token : m_tokens) {
        ASSERT_EQ(token.size(), 40) << token.toStdString();
        const QByteArray body = token.mid(4);
        for (const auto& [path, bytes] : files) {
            EXPECT_FALSE(bytes.contains(body)) << "plaintext in " << qPrintable(path);
        }
        EXPECT_FALSE(m_stderrSeen.contains(body)) << "plaintext on stderr";
        EXPECT_FALSE(listings.contains(body)) << "plaintext in list/audit output";
    }
}

TEST_F(CliTest, SeedFillsTheStoreWithRealisticHashedTokens)
{
    initStore();
    const CliRun seeded = cli({QStringLiteral("seed"), QStringLiteral("--count"), QStringLiteral("1500"),
                               QStringLiteral("--json")});
    ASSERT_EQ(seeded.exitCode, 0) << describe(seeded);
    EXPECT_EQ(seeded.json().object().value(QStringLiteral("inserted")).toInteger(), 1500);
    EXPECT_GT(seeded.json().object().value(QStringLiteral("tokens_per_second")).toDouble(), 0.0);

    const QJsonArray tokens = listJson();
    ASSERT_EQ(tokens.size(), 1500);
    QSet<QString> creators;
    QSet<QString> statuses;
    QSet<QString> roles;
    for (const auto& value : tokens) {
        const QJsonObject token = value.toObject();
        creators.insert(token.value(QStringLiteral("created_by")).toString());
        statuses.insert(token.value(QStringLiteral("status")).toString());
        roles.insert(token.value(QStringLiteral("role")).toString());
        EXPECT_TRUE(
            token.value(QStringLiteral("masked")).toString().startsWith(QStringLiteral("tdk_\u2026")));
    }
    EXPECT_GT(creators.size(), 5) << "many creators";
    EXPECT_EQ(statuses, (QSet<QString>{QStringLiteral("active"), QStringLiteral("disabled"),
                                       QStringLiteral("expired")}));
    EXPECT_EQ(roles, (QSet<QString>{QStringLiteral("developer"), QStringLiteral("admin")}));

    const CliRun audit = cli({QStringLiteral("audit"), QStringLiteral("--json")});
    ASSERT_EQ(audit.exitCode, 0) << describe(audit);
    EXPECT_EQ(audit.json().array().first().toObject().value(QStringLiteral("action")).toString(),
              QStringLiteral("store.seed"));
    EXPECT_EQ(cli({QStringLiteral("audit"), QStringLiteral("--verify")}).exitCode, 0);

    ASSERT_EQ(cli({QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("bob"),
                   QStringLiteral("--api-access")})
                  .exitCode,
              0);
    const CliRun denied = cliAs(QStringLiteral("bob"),
                                {QStringLiteral("seed"), QStringLiteral("--count"), QStringLiteral("5")});
    EXPECT_EQ(denied.exitCode, 1) << describe(denied);
    EXPECT_TRUE(denied.err.startsWith("error: PERMISSION_DENIED")) << describe(denied);
    EXPECT_EQ(cli({QStringLiteral("seed")}).exitCode, 2) << "--count is required";
}

} // namespace
} // namespace tokendesk::test
