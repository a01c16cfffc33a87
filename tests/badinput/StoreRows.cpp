// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/badinput/StoreRows.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QStringList>
#include <QUuid>

namespace tokendesk::test {

namespace {

QByteArray dumpTables(QSqlDatabase& db)
{
    QStringList tables;
    {
        QSqlQuery names(db);
        if (!names.exec(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")))
            return "cannot list tables: " + names.lastError().text().toUtf8();
        while (names.next())
            tables << names.value(0).toString();
    }
    QByteArray dump;
    for (const QString& table : tables) {
        dump += "[" + table.toUtf8() + "]\n";
        QSqlQuery rows(db);
        if (!rows.exec(QStringLiteral("SELECT * FROM \"%1\" ORDER BY rowid").arg(table)) &&
            !rows.exec(QStringLiteral("SELECT * FROM \"%1\"").arg(table))) {
            dump += "unreadable\n";
            continue;
        }
        while (rows.next()) {
            const QSqlRecord record = rows.record();
            for (int i = 0; i < record.count(); ++i) {
                if (record.fieldName(i).contains(QStringLiteral("last_used")))
                    continue;
                dump += record.fieldName(i).toUtf8() + '=' + rows.value(i).toByteArray().toHex() + ';';
            }
            dump += '\n';
        }
    }
    return dump;
}

} // namespace

QByteArray storeRows(const QString& storePath)
{
    const QString connection =
        QStringLiteral("snapshot-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    QByteArray dump;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        db.setDatabaseName(storePath);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        dump = db.open() ? dumpTables(db) : "cannot open: " + db.lastError().text().toUtf8();
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
    return dump;
}

} // namespace tokendesk::test
