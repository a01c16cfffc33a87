// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/backend/sql/SqlUtil.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QLoggingCategory>

#include <optional>
#include <utility>

Q_LOGGING_CATEGORY(lcSql, "tokendesk.sql", QtWarningMsg)

namespace tokendesk::SqlUtil {

namespace {
// SQLite primary result codes (sqlite3.h); the driver reports them as nativeErrorCode().
enum SqliteCode
{
    Busy = 5,
    GenericError = 1,
    Locked = 6,
    NoMem = 7,
    ReadOnly = 8,
    IoErr = 10,
    Corrupt = 11,
    Full = 13,
    CantOpen = 14,
    NotADb = 26
};
thread_local bool t_serializationFailure = false;

// PostgreSQL reports a five-character SQLSTATE (SQLite's native codes are at most four digits).
std::optional<Error> fromSqlState(const QString& state, const QString& detail)
{
    if (state.size() != 5)
        return std::nullopt;
    // 40001 serialization_failure, 40P01 deadlock_detected: the transaction lost a race and
    // may simply be run again (writeTransaction does).
    if (state == QLatin1String("40001") || state == QLatin1String("40P01")) {
        t_serializationFailure = true;
        return makeError(
            ErrorCode::Conflict,
            QCoreApplication::translate(
                "SqlUtil", "Another change to the store got in the way; nothing was changed, try again."));
    }
    const QStringView cls = QStringView(state).left(2);
    // 08 connection, 53 insufficient resources, 57 operator intervention (shutdown), 3D no such
    // database, 28 authentication.
    if (cls == u"08" || cls == u"53" || cls == u"57" || cls == u"3D" || cls == u"28")
        return makeError(
            ErrorCode::StoreUnavailable,
            QCoreApplication::translate("SqlUtil", "The database cannot be reached (%1).").arg(detail));
    return std::nullopt;
}

} // namespace

bool takeSerializationFailure()
{
    return std::exchange(t_serializationFailure, false);
}

Error fromSqlError(const QSqlError& error)
{
    if (auto postgres = fromSqlState(error.nativeErrorCode(),
                                     error.databaseText().isEmpty() ? error.text() : error.databaseText()))
        return *postgres;
    // A connection that died under a statement: libpq reports it without an SQLSTATE. The change
    // in flight may or may not have committed, so it is never reported as done.
    // (SQLite always reports a numeric code; a QPSQL connection that cannot be made has none.)
    if ((error.type() == QSqlError::ConnectionError && error.nativeErrorCode().isEmpty()) ||
        error.text().contains(QLatin1String("server closed the connection")) ||
        error.text().contains(QLatin1String("no connection to the server")))
        return makeError(
            ErrorCode::StoreUnavailable,
            QCoreApplication::translate("SqlUtil", "The connection to the database was lost (%1); reload to "
                                                   "see whether the change was made.")
                .arg(error.text().trimmed()));
    bool numeric = false;
    const int native =
        error.nativeErrorCode().toInt(&numeric) & 0xff; // extended codes keep the primary in the low byte
    const QString detail = error.databaseText().isEmpty() ? error.text() : error.databaseText();
    if (numeric) {
        switch (native) {
        case Busy:
        case Locked:
            return makeError(
                ErrorCode::StoreUnavailable,
                QCoreApplication::translate(
                    "SqlUtil", "The store is locked by another program; try again in a moment."));
        case Corrupt:
        case NotADb:
            return makeError(ErrorCode::StoreCorrupt,
                             QCoreApplication::translate(
                                 "SqlUtil", "The store file is damaged or is not a TokenDesk store (%1).")
                                 .arg(detail));
        case Full:
            return makeError(
                ErrorCode::StoreUnavailable,
                QCoreApplication::translate("SqlUtil", "The disk is full; nothing was changed."));
        case ReadOnly:
            // SQLITE_READONLY_DBMOVED: SQLite's own check that the file was renamed or deleted.
            if (error.nativeErrorCode().toInt() == (ReadOnly | (4 << 8)))
                return makeError(ErrorCode::StoreUnavailable,
                                 QCoreApplication::translate("SqlUtil", "The store file was deleted or "
                                                                        "replaced while it was open; "
                                                                        "nothing was changed."));
            return makeError(
                ErrorCode::StoreUnavailable,
                QCoreApplication::translate("SqlUtil", "The store is read-only (%1); nothing was changed.")
                    .arg(detail));
        case IoErr:
        case CantOpen:
        case NoMem:
            return makeError(
                ErrorCode::StoreUnavailable,
                QCoreApplication::translate("SqlUtil", "The store cannot be read or written (%1).")
                    .arg(detail));
        case GenericError:
            // Our statements are fixed and tested against the schema the migrations make: a table or
            // column they cannot find means the file's schema was damaged or changed outside
            // TokenDesk while its version still says it is current. "unsupported file format" is
            // SQLite reading a schema format number in the file's header that it does not know.
            if (detail.startsWith(QLatin1String("no such table")) ||
                detail.startsWith(QLatin1String("no such column")) ||
                detail.startsWith(QLatin1String("unsupported file format")))
                return makeError(
                    ErrorCode::StoreCorrupt,
                    QCoreApplication::translate(
                        "SqlUtil", "The store file is damaged or was changed outside TokenDesk (%1).")
                        .arg(detail));
            break;
        default:
            break;
        }
    }
    qCWarning(lcSql) << "database error:" << error.nativeErrorCode() << detail;
    return makeError(ErrorCode::Internal,
                     QCoreApplication::translate("SqlUtil", "Database error: %1").arg(detail));
}

Result<QSqlQuery> exec(const QSqlDatabase& db, const QString& sql, std::initializer_list<Binding> bindings)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.prepare(sql))
        return fromSqlError(query.lastError());
    for (const auto& [name, value] : bindings)
        query.bindValue(QChar(u':') + QString::fromLatin1(name), value);
    if (!query.exec())
        return fromSqlError(query.lastError());
    return query;
}

Result<QSqlQuery> exec(const QSqlDatabase& db, const QString& sql, const QVariantMap& bindings)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.prepare(sql))
        return fromSqlError(query.lastError());
    for (auto it = bindings.cbegin(); it != bindings.cend(); ++it)
        query.bindValue(QChar(u':') + it.key(), it.value());
    if (!query.exec())
        return fromSqlError(query.lastError());
    return query;
}

QString idList(const QList<qint64>& ids)
{
    QStringList parts;
    parts.reserve(ids.size());
    for (const qint64 id : ids)
        parts.append(QString::number(id));
    return parts.join(QStringLiteral(", "));
}

QString notNull(const QString& text)
{
    return text.isNull() ? QStringLiteral("") : text;
}

QVariant fromDateTime(const QDateTime& time)
{
    return time.isValid() ? QVariant(time.toMSecsSinceEpoch()) : QVariant(QMetaType::fromType<qint64>());
}

QDateTime toDateTime(const QVariant& value)
{
    if (value.isNull())
        return {};
    return QDateTime::fromMSecsSinceEpoch(value.toLongLong(), Qt::UTC);
}

Transaction::~Transaction()
{
    if (m_open)
        QSqlQuery(m_db).exec(QStringLiteral("ROLLBACK"));
}

Result<Unit> Transaction::begin()
{
    QSqlQuery query(m_db);
    if (!query.exec(m_begin))
        return fromSqlError(query.lastError());
    m_open = true;
    return Unit{};
}

Result<Unit> Transaction::commit()
{
    QSqlQuery query(m_db);
    if (!query.exec(QStringLiteral("COMMIT")))
        return fromSqlError(query.lastError());
    m_open = false;
    return Unit{};
}

QString substringPattern(const QString& text)
{
    QString escaped = text;
    escaped.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
    escaped.replace(QLatin1Char('%'), QStringLiteral("\\%"));
    escaped.replace(QLatin1Char('_'), QStringLiteral("\\_"));
    return QLatin1Char('%') + escaped + QLatin1Char('%');
}

} // namespace tokendesk::SqlUtil
