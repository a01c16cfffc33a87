// SPDX-License-Identifier: GPL-3.0-or-later
// The throwaway PostgreSQL cluster the PostgreSQL suites stand on (issue 7): it starts from
// nothing, as an unprivileged account when the tests run as root, takes QPSQL connections,
// and is gone afterwards.
#include "tests/support/PgCluster.h"

#include <QDir>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

#include <gtest/gtest.h>

namespace tokendesk::test {

TEST(PgClusterTest, AThrowawayClusterStartsServesAndStops)
{
    if (const QString why = PgCluster::unavailableReason(); !why.isEmpty())
        GTEST_SKIP() << why.toStdString();
    QString error;
    auto cluster = std::make_unique<PgCluster>();
    ASSERT_TRUE(cluster->start(&error)) << error.toStdString();
    ASSERT_TRUE(cluster->createDatabase(QStringLiteral("probe"), &error)) << error.toStdString();
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), QStringLiteral("probe"));
        db.setHostName(QStringLiteral("127.0.0.1"));
        db.setPort(cluster->port());
        db.setUserName(cluster->superuser());
        db.setDatabaseName(QStringLiteral("probe"));
        ASSERT_TRUE(db.open()) << db.lastError().text().toStdString();
        QSqlQuery query(db);
        ASSERT_TRUE(query.exec(QStringLiteral("SELECT current_setting('server_version_num')::int / 10000, "
                                              "current_user")));
        ASSERT_TRUE(query.next());
        EXPECT_GE(query.value(0).toInt(), 15);
        EXPECT_EQ(query.value(1).toString(), cluster->superuser());
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("probe"));
    const quint16 port = cluster->port();
    cluster.reset();
    QSqlDatabase gone = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), QStringLiteral("gone"));
    gone.setHostName(QStringLiteral("127.0.0.1"));
    gone.setPort(port);
    gone.setUserName(QStringLiteral("tokendesk"));
    gone.setDatabaseName(QStringLiteral("probe"));
    EXPECT_FALSE(gone.open()) << "the cluster is stopped";
    gone = QSqlDatabase();
    QSqlDatabase::removeDatabase(QStringLiteral("gone"));
}

} // namespace tokendesk::test
