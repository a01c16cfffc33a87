// SPDX-License-Identifier: GPL-3.0-or-later
// The store schema on PostgreSQL (issue 7): the same concepts, version for version, as on SQLite
// (SqlDialect::postgres()), on a throwaway cluster this suite starts itself.
#include "models/backend/sql/SqlDialect.h"
#include "models/backend/sql/SqlSchema.h"
#include "tests/support/PgCluster.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QUuid>

#include <gtest/gtest.h>

#include <memory>

namespace tokendesk::test {

namespace {

class PostgresSchemaTest : public ::testing::Test
{
protected:
    static void SetUpTestSuite()
    {
        if (!PgCluster::unavailableReason().isEmpty())
            return;
        s_cluster = new PgCluster;
        QString error;
        if (!s_cluster->start(&error)) {
            s_error = error;
            delete s_cluster;
            s_cluster = nullptr;
        }
    }
    static void TearDownTestSuite()
    {
        delete s_cluster;
        s_cluster = nullptr;
    }

    void SetUp() override
    {
        if (const QString why = PgCluster::unavailableReason(); !why.isEmpty())
            GTEST_SKIP() << why.toStdString();
        ASSERT_NE(s_cluster, nullptr) << s_error.toStdString();
        m_database = QStringLiteral("schema_%1").arg(++s_databases);
        QString error;
        ASSERT_TRUE(s_cluster->createDatabase(m_database, &error)) << error.toStdString();
        m_db = connect();
        ASSERT_TRUE(m_db.isOpen()) << m_db.lastError().text().toStdString();
    }
    void TearDown() override
    {
        for (const QString& name : m_connections) {
            QSqlDatabase::database(name, false).close();
            QSqlDatabase::removeDatabase(name);
        }
    }

    QSqlDatabase connect()
    {
        const QString name = QUuid::createUuid().toString(QUuid::WithoutBraces);
        m_connections.append(name);
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
        db.setHostName(QStringLiteral("127.0.0.1"));
        db.setPort(s_cluster->port());
        db.setUserName(s_cluster->superuser());
        db.setDatabaseName(m_database);
        db.open();
        return db;
    }

    bool exec(const QString& sql, QString* error = nullptr)
    {
        QSqlQuery query(m_db);
        const bool ok = query.exec(sql);
        if (!ok && error)
            *error = query.lastError().text();
        return ok;
    }
    qint64 scalar(const QString& sql)
    {
        QSqlQuery query(m_db);
        EXPECT_TRUE(query.exec(sql)) << query.lastError().text().toStdString();
        return query.next() ? query.value(0).toLongLong() : -1;
    }

    static inline PgCluster* s_cluster = nullptr;
    static inline QString s_error;
    static inline int s_databases = 0;
    QString m_database;
    QStringList m_connections;
    QSqlDatabase m_db;
};

const SqlDialect& pg()
{
    return SqlDialect::postgres();
}

} // namespace

TEST_F(PostgresSchemaTest, AnEmptyDatabaseBecomesAStoreAtTheLatestVersionOnce)
{
    EXPECT_EQ(SqlSchema::currentVersion(m_db, pg()).value(), 0);
    const auto migrated = SqlSchema::migrate(m_db, pg());
    ASSERT_TRUE(migrated.ok()) << migrated.error().toString().toStdString();
    EXPECT_EQ(SqlSchema::currentVersion(m_db, pg()).value(), SqlSchema::kLatestVersion);
    for (const char* table : {"settings", "users", "tokens", "audit", "notices", "token_rows"})
        EXPECT_EQ(scalar(QStringLiteral("SELECT COUNT(*) FROM %1").arg(QLatin1String(table))) >= 0, true)
            << table;
    EXPECT_TRUE(SqlSchema::migrate(m_db, pg()).ok()) << "a second run changes nothing";
    EXPECT_EQ(SqlSchema::currentVersion(m_db, pg()).value(), SqlSchema::kLatestVersion);
}

TEST_F(PostgresSchemaTest, TheAuditLogIsAppendOnlyAndTheRowCounterFollowsInsertsAndDeletes)
{
    ASSERT_TRUE(SqlSchema::migrate(m_db, pg()).ok());
    ASSERT_TRUE(exec(QStringLiteral("INSERT INTO audit (seq, at, actor, action, prev_hash, hash)"
                                    " VALUES (1, 0, 'alice', 'store.init', '\\x00', '\\x01')")));
    QString error;
    EXPECT_FALSE(exec(QStringLiteral("UPDATE audit SET actor = 'mallory'"), &error));
    EXPECT_TRUE(error.contains(QStringLiteral("append-only"))) << error.toStdString();
    EXPECT_FALSE(exec(QStringLiteral("DELETE FROM audit"), &error));
    EXPECT_FALSE(exec(QStringLiteral("TRUNCATE audit"), &error));
    EXPECT_EQ(scalar(QStringLiteral("SELECT COUNT(*) FROM audit")), 1);

    EXPECT_EQ(scalar(QStringLiteral("SELECT count FROM token_rows")), 0);
    for (int n = 0; n < 3; ++n) {
        ASSERT_TRUE(
            exec(QStringLiteral("INSERT INTO tokens (secret_hash, last4, label, role, created_by, created_at)"
                                " VALUES ('\\x%1', 'abcd', 'token %1', 'developer', 'alice', 0)")
                     .arg(n, 2, 10, QLatin1Char('0')),
                 &error))
            << error.toStdString();
    }
    ASSERT_TRUE(exec(QStringLiteral("DELETE FROM tokens WHERE label = 'token 01'")));
    EXPECT_EQ(scalar(QStringLiteral("SELECT count FROM token_rows")), 2);
    EXPECT_EQ(scalar(QStringLiteral("SELECT COUNT(*) FROM tokens")), 2);
}

TEST_F(PostgresSchemaTest, AForeignDatabaseAndANewerStoreAreRefused)
{
    ASSERT_TRUE(exec(QStringLiteral("CREATE TABLE invoices (id INTEGER)")));
    auto foreign = SqlSchema::migrate(m_db, pg());
    ASSERT_FALSE(foreign.ok());
    EXPECT_EQ(foreign.code(), ErrorCode::StoreCorrupt);
    EXPECT_EQ(scalar(QStringLiteral("SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public'")), 1)
        << "nothing was added to someone else's database";

    ASSERT_TRUE(exec(QStringLiteral("DROP TABLE invoices")));
    ASSERT_TRUE(SqlSchema::migrate(m_db, pg()).ok());
    ASSERT_TRUE(
        exec(QStringLiteral("UPDATE schema_meta SET version = %1").arg(SqlSchema::kLatestVersion + 1)));
    EXPECT_EQ(SqlSchema::migrate(m_db, pg()).code(), ErrorCode::StoreTooNew);
}

TEST_F(PostgresSchemaTest, ServersStartingTogetherMigrateOnceWithoutErrors)
{
    // Four connections migrate the same empty database at once (several servers starting): the
    // advisory lock lets one build each version and the others find it done.
    std::vector<QString> errors(4);
    std::vector<std::unique_ptr<QThread>> threads;
    const quint16 port = s_cluster->port();
    const QString user = s_cluster->superuser();
    const QString database = m_database;
    for (int n = 0; n < 4; ++n) {
        threads.emplace_back(QThread::create([&errors, n, port, user, database] {
            const QString name = QStringLiteral("migrator-%1").arg(n);
            {
                QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
                db.setHostName(QStringLiteral("127.0.0.1"));
                db.setPort(port);
                db.setUserName(user);
                db.setDatabaseName(database);
                if (!db.open()) {
                    errors[n] = db.lastError().text();
                } else if (auto migrated = SqlSchema::migrate(db, SqlDialect::postgres()); !migrated.ok()) {
                    errors[n] = migrated.error().toString();
                }
                db.close();
            }
            QSqlDatabase::removeDatabase(name);
        }));
        threads.back()->start();
    }
    for (auto& thread : threads)
        thread->wait();
    for (const QString& error : errors) {
        EXPECT_TRUE(error.isEmpty()) << error.toStdString();
    }
    EXPECT_EQ(SqlSchema::currentVersion(m_db, pg()).value(), SqlSchema::kLatestVersion);
    EXPECT_EQ(scalar(QStringLiteral("SELECT COUNT(*) FROM schema_meta")), 1);
}

} // namespace tokendesk::test
