// SPDX-License-Identifier: GPL-3.0-or-later
// tokendesk-cli migrate (issue 7): a local store moved into PostgreSQL and back, by the real
// executable; tokens keep working (same hashes, same pepper) and the audit chain stays intact.
#include "tests/support/CliProcess.h"
#include "tests/support/PgCluster.h"
#include "tests/support/TestSupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <gtest/gtest.h>

namespace tokendesk::test {
namespace {

CliRun cli(const QStringList& arguments, const QByteArray& input = {})
{
    return runCli(CliInvocation(QStringLiteral(TOKENDESK_CLI_PATH), arguments, input));
}

// The listing without last-used times (verifying in between records uses).
QJsonArray listing(const QStringList& store)
{
    QJsonArray rows =
        QJsonDocument::fromJson(cli(store + QStringList{QStringLiteral("--as"), QStringLiteral("alice"),
                                                        QStringLiteral("--json"), QStringLiteral("list")})
                                    .out)
            .array();
    for (qsizetype i = 0; i < rows.size(); ++i) {
        QJsonObject row = rows.at(i).toObject();
        row.remove(QStringLiteral("last_used_at"));
        rows.replace(i, row);
    }
    return rows;
}

TEST(CliMigrateTest, AStoreMovesIntoPostgresAndBackAndItsTokensKeepWorking)
{
    if (const QString why = PgCluster::unavailableReason(); !why.isEmpty())
        GTEST_SKIP() << why.toStdString();
    TempDir dir;
    const QStringList local{QStringLiteral("--store"), dir.file(QStringLiteral("local.tokendesk"))};
    const QStringList as{QStringLiteral("--as"), QStringLiteral("alice")};
    ASSERT_EQ(
        cli(local + QStringList{QStringLiteral("init"), QStringLiteral("--admin"), QStringLiteral("alice"),
                                QStringLiteral("--token-limit"), QStringLiteral("10")})
            .exitCode,
        0);
    QList<QByteArray> secrets;
    for (const QString& label :
         {QStringLiteral("ci-deploy"), QStringLiteral("billing"), QStringLiteral("grafana")}) {
        const CliRun made =
            cli(local + as + QStringList{QStringLiteral("generate"), QStringLiteral("--label"), label});
        ASSERT_EQ(made.exitCode, 0) << made.err.constData();
        secrets.append(made.out.trimmed());
    }
    ASSERT_EQ(cli(local + as + QStringList{QStringLiteral("disable"), QStringLiteral("2")}).exitCode, 0);
    // A description and tags move with their token (the tags live in a table of their own).
    ASSERT_EQ(
        cli(local + as +
            QStringList{QStringLiteral("describe"), QStringLiteral("1"), QStringLiteral("--description"),
                        QStringLiteral("Deploys from CI"), QStringLiteral("--tag"), QStringLiteral("ci"),
                        QStringLiteral("--tag"), QStringLiteral("env=prod")})
            .exitCode,
        0);
    // Token 4 is made and revoked: its id must never name another token, not even after a move.
    ASSERT_EQ(
        cli(local + as +
            QStringList{QStringLiteral("generate"), QStringLiteral("--label"), QStringLiteral("short-lived")})
            .exitCode,
        0);
    ASSERT_EQ(cli(local + as +
                  QStringList{QStringLiteral("revoke"), QStringLiteral("4"), QStringLiteral("--confirm"),
                              QStringLiteral("short-lived")})
                  .exitCode,
              0);
    ASSERT_EQ(cli(local + as +
                  QStringList{QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("bob"),
                              QStringLiteral("--admin")})
                  .exitCode,
              0);
    const QJsonArray before = listing(local);
    ASSERT_EQ(before.size(), 3);
    ASSERT_EQ(before.at(0).toObject().value(QStringLiteral("tags")).toArray().size(), 2);

    const QString url = freshPostgresDatabase();
    const QStringList shared{QStringLiteral("--db"), url};
    const CliRun there = cli({QStringLiteral("migrate"), QStringLiteral("--from"),
                              QStringLiteral("sqlite:") + local.last(), QStringLiteral("--to"), url});
    ASSERT_EQ(there.exitCode, 0) << there.err.constData();
    EXPECT_EQ(listing(shared), before) << "same ids, labels, roles, states, creators, times, versions";
    EXPECT_EQ(cli(shared + as + QStringList{QStringLiteral("verify")}, secrets[0] + '\n').exitCode, 0)
        << "the same token verifies against PostgreSQL";
    EXPECT_EQ(cli(shared + as + QStringList{QStringLiteral("verify")}, secrets[1] + '\n').exitCode, 3)
        << "and a disabled one stays disabled";
    EXPECT_EQ(cli(shared + as + QStringList{QStringLiteral("audit"), QStringLiteral("--verify")}).exitCode,
              0);
    const CliRun fresh = cli(shared + as +
                             QStringList{QStringLiteral("--json"), QStringLiteral("generate"),
                                         QStringLiteral("--label"), QStringLiteral("made-in-pg")});
    ASSERT_EQ(fresh.exitCode, 0) << fresh.err.constData();
    EXPECT_EQ(QJsonDocument::fromJson(fresh.out).object().value(QStringLiteral("id")).toInteger(), 5)
        << "new ids continue after every id the source gave out, the revoked token 4 included";

    const CliRun again = cli({QStringLiteral("migrate"), QStringLiteral("--from"),
                              QStringLiteral("sqlite:") + local.last(), QStringLiteral("--to"), url});
    EXPECT_EQ(again.exitCode, 1) << "a database that holds a store is never overwritten";
    EXPECT_TRUE(again.err.contains("ALREADY_EXISTS")) << again.err.constData();

    // Revoked in PostgreSQL: the highest id there is 3 again, its sequence remembers 5.
    ASSERT_EQ(cli(shared + as +
                  QStringList{QStringLiteral("revoke"), QStringLiteral("5"), QStringLiteral("--confirm"),
                              QStringLiteral("made-in-pg")})
                  .exitCode,
              0);
    const QString back = dir.file(QStringLiteral("back.tokendesk"));
    const CliRun home = cli({QStringLiteral("migrate"), QStringLiteral("--from"), url, QStringLiteral("--to"),
                             QStringLiteral("sqlite:") + back});
    ASSERT_EQ(home.exitCode, 0) << home.err.constData();
    const QStringList returned{QStringLiteral("--store"), back};
    EXPECT_EQ(listing(returned), listing(shared));
    EXPECT_EQ(cli(returned + as + QStringList{QStringLiteral("verify")}, secrets[2] + '\n').exitCode, 0);
    const CliRun afterReturn = cli(returned + as +
                                   QStringList{QStringLiteral("--json"), QStringLiteral("generate"),
                                               QStringLiteral("--label"), QStringLiteral("made-at-home")});
    ASSERT_EQ(afterReturn.exitCode, 0) << afterReturn.err.constData();
    EXPECT_EQ(QJsonDocument::fromJson(afterReturn.out).object().value(QStringLiteral("id")).toInteger(), 6)
        << "PostgreSQL's sequence (5, revoked there) moves back into SQLite's counter";
    EXPECT_EQ(cli(returned + as + QStringList{QStringLiteral("audit"), QStringLiteral("--verify")}).exitCode,
              0);

    const CliRun password =
        cli({QStringLiteral("--db"), QStringLiteral("postgresql://alice:secret@127.0.0.1/x"),
             QStringLiteral("list")});
    EXPECT_EQ(password.exitCode, 1);
    EXPECT_TRUE(password.err.contains("INVALID_INPUT") && password.err.contains("PGPASSFILE"))
        << password.err.constData();
    EXPECT_FALSE(password.err.contains("secret")) << "the password is not echoed";

    const CliRun both = cli(local + shared + QStringList{QStringLiteral("list")});
    EXPECT_EQ(both.exitCode, 2) << "--store and --db together are a usage error";
    EXPECT_TRUE(both.err.contains("--db")) << both.err.constData();
}

TEST(CliMigrateTest, ARevokedTokensIdIsNeverGivenOutAgainAfterAMove)
{
    TempDir dir;
    const QString source = dir.file(QStringLiteral("source.tokendesk"));
    const QStringList from{QStringLiteral("--store"), source, QStringLiteral("--as"),
                           QStringLiteral("alice")};
    ASSERT_EQ(cli({QStringLiteral("init"), QStringLiteral("--store"), source, QStringLiteral("--admin"),
                   QStringLiteral("alice")})
                  .exitCode,
              0);
    for (const QString& label : {QStringLiteral("kept"), QStringLiteral("gone")})
        ASSERT_EQ(
            cli(from + QStringList{QStringLiteral("generate"), QStringLiteral("--label"), label}).exitCode,
            0);
    ASSERT_EQ(cli(from + QStringList{QStringLiteral("revoke"), QStringLiteral("2"),
                                     QStringLiteral("--confirm"), QStringLiteral("gone")})
                  .exitCode,
              0);
    const QString target = dir.file(QStringLiteral("target.tokendesk"));
    const CliRun moved =
        cli({QStringLiteral("migrate"), QStringLiteral("--from"), QStringLiteral("sqlite:") + source,
             QStringLiteral("--to"), QStringLiteral("sqlite:") + target});
    ASSERT_EQ(moved.exitCode, 0) << moved.err.constData();
    const CliRun made = cli({QStringLiteral("--store"), target, QStringLiteral("--as"),
                             QStringLiteral("alice"), QStringLiteral("--json"), QStringLiteral("generate"),
                             QStringLiteral("--label"), QStringLiteral("after the move")});
    ASSERT_EQ(made.exitCode, 0) << made.err.constData();
    EXPECT_EQ(QJsonDocument::fromJson(made.out).object().value(QStringLiteral("id")).toInteger(), 3)
        << "id 2 named the revoked token and names no other";
}

} // namespace
} // namespace tokendesk::test
