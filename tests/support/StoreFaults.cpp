// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/support/StoreFaults.h"

#include "models/backend/sql/SqlBackend.h"
#include "tests/support/TestSupport.h"

#include <QSqlDatabase>
#include <QSqlQuery>

#include <gtest/gtest.h>

#include <grp.h>
#include <sys/wait.h>
#include <unistd.h>

namespace tokendesk::test {

namespace {
constexpr uid_t kNobody = 65534;
}

void PrintTo(const StoreSnapshot& snapshot, std::ostream* os)
{
    *os << "{tokens: [" << qPrintable(snapshot.tokens.join(QStringLiteral("; ")))
        << "], integrity: " << qPrintable(snapshot.integrity) << ", chain "
        << (snapshot.chainIntact ? "intact" : "BROKEN") << " (" << snapshot.auditEntries << " entries)";
    if (!snapshot.openError.isEmpty())
        *os << ", open error: " << qPrintable(snapshot.openError);
    *os << "}";
}

StoreSnapshot snapshotStore(const QString& path, const QString& actor)
{
    StoreSnapshot snapshot;
    {
        auto opened = await(SqlBackend::open(path, actor));
        if (!opened.ok()) {
            snapshot.openError = opened.error().toString();
            return snapshot;
        }
        const std::shared_ptr<SqlBackend> backend = opened.value();
        if (auto tokens = await(backend->list(TokenQuery())); tokens.ok()) {
            for (const Token& token : tokens.value())
                snapshot.tokens << QStringLiteral("#%1 %2 %3 v%4")
                                       .arg(token.id)
                                       .arg(token.label, statusName(token.status))
                                       .arg(token.version);
        } else {
            snapshot.openError = tokens.error().toString();
        }
        if (auto chain = await(backend->verifyAuditChain()); chain.ok()) {
            snapshot.chainIntact = chain.value().intact();
            snapshot.auditEntries = chain.value().entriesChecked;
        }
    }
    const QString connection = QStringLiteral("snapshot-integrity");
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        // Not read-only: a read-only connection leaves a -wal and -shm behind (root's, 0644),
        // which an unprivileged child could then not open.
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery check(db);
            if (check.exec(QStringLiteral("PRAGMA integrity_check")) && check.next())
                snapshot.integrity = check.value(0).toString();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
    return snapshot;
}

QString readOnlyUnavailableReason()
{
    if (geteuid() != 0)
        return {}; // the mode of the file is enough
    // Root: can a child become nobody? (No CAP_SETUID in a restricted container, say.)
    const pid_t child = fork();
    if (child == 0)
        _exit(setgid(kNobody) == 0 && setuid(kNobody) == 0 && access("/", W_OK) != 0 ? 0 : 1);
    int status = 0;
    if (child < 0 || waitpid(child, &status, 0) != child || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return QStringLiteral("running as root, which ignores file permissions, and a child cannot "
                              "become nobody (65534) here to make a read-only store read-only");
    return {};
}

std::function<void()> unprivilegedChild()
{
    if (geteuid() != 0)
        return {};
    return [] {
        // Exit at once rather than run as root: a write that then succeeded would be a failure
        // of the test, not of a missing privilege.
        if (setgroups(0, nullptr) != 0 || setgid(kNobody) != 0 || setuid(kNobody) != 0)
            _exit(126);
    };
}

int writableFolderModeForChild()
{
    return geteuid() == 0 ? 0777 : 0755;
}

void cutOffAuditLog(const QString& path, qint64 keep)
{
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("intruder"));
        db.setDatabaseName(path);
        ASSERT_TRUE(db.open());
        QSqlQuery sql(db);
        ASSERT_TRUE(sql.exec(QStringLiteral("DROP TRIGGER audit_no_delete")));
        ASSERT_TRUE(sql.exec(QStringLiteral("DELETE FROM audit WHERE seq > %1").arg(keep)));
        ASSERT_TRUE(
            sql.exec(QStringLiteral("UPDATE settings SET value = (SELECT hash FROM audit WHERE seq = %1)"
                                    " WHERE key = 'audit_head'")
                         .arg(keep)));
        sql.finish();
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("intruder"));
}

} // namespace tokendesk::test
