// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/backend/sql/SqlStore.h"

#include "models/backend/sql/AuditLog.h"
#include "models/backend/sql/LifetimePolicySql.h"
#include "models/backend/sql/SqlDialect.h"
#include "models/backend/sql/SqlSchema.h"
#include "models/backend/sql/SqlUtil.h"
#include "models/backend/sql/TokenVerifier.h"
#include "models/backend/sql/UserSql.h"
#include "models/core/Validation.h"
#include "models/crypto/Crypto.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>

#include <atomic>
#include <cstring>
#include <fcntl.h>
#include <optional>
#include <unistd.h>
#include <utility>

Q_LOGGING_CATEGORY(lcStore, "tokendesk.store", QtWarningMsg)

namespace tokendesk {

namespace {

constexpr int kBusyTimeoutMs = 5000;
constexpr qint64 kFlushIntervalMs = 1000;
constexpr int kFlushBatch = 4096;
constexpr int kPepperBytes = 32;

// SQLite gives the -wal and -shm files the mode of the database file, so creating the file
// ourselves with 0600 keeps every file of the store private to its owner.
Result<Unit> createPrivateFile(const QString& path)
{
    const QFileInfo info(path);
    if (info.exists())
        return makeError(ErrorCode::AlreadyExists,
                         SqlStore::tr("A file already exists at %1.").arg(QDir::toNativeSeparators(path)));
    if (!QDir().mkpath(info.absolutePath()))
        return makeError(
            ErrorCode::StoreUnavailable,
            SqlStore::tr("Cannot create the folder %1.").arg(QDir::toNativeSeparators(info.absolutePath())));
    const int fd = ::open(QFile::encodeName(path).constData(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
    if (fd < 0)
        return makeError(ErrorCode::StoreUnavailable,
                         SqlStore::tr("Cannot create %1: %2")
                             .arg(QDir::toNativeSeparators(path), QString::fromLocal8Bit(strerror(errno))));
    ::close(fd);
    return Unit{};
}

void removeStoreFiles(const QString& path)
{
    for (const QString& suffix :
         {QString(), QStringLiteral("-wal"), QStringLiteral("-shm"), QStringLiteral("-journal")})
        QFile::remove(path + suffix);
}

} // namespace

SqlStore::SqlStore(QString path, Options options)
    : m_path(std::move(path)), m_crypto(options.crypto ? std::move(options.crypto) : defaultCrypto()),
      m_clock(std::move(options.clock))
{
    if (auto location = StoreLocation::parse(m_path); location.ok())
        m_location = location.value();
    else
        m_locationError = location.error();
    static std::atomic<int> counter{0};
    m_connectionName = QStringLiteral("tokendesk-store-%1").arg(++counter);
}

SqlStore::~SqlStore()
{
    auto shutDown = [this] {
        if (auto flushed = flushUses(); !flushed.ok())
            qCWarning(lcStore) << "could not write last-used times on close:" << flushed.error().toString();
        closeConnection();
    };
    if (SqlWorker::isCurrentThread()) {
        shutDown();
    } else if (!SqlWorker::isRunning()) {
        qCWarning(lcStore) << "store" << m_path << "outlived the application; last-used times not written";
    } else {
        SqlWorker::instance()
            .post<bool>([&shutDown] {
                shutDown();
                return true;
            })
            .waitForFinished();
    }
}

std::shared_ptr<SqlStore> SqlStore::make(const QString& path, Options options)
{
    return std::shared_ptr<SqlStore>(new SqlStore(path, std::move(options)));
}

Result<Unit> SqlStore::openExisting()
{
    if (m_locationError)
        return *m_locationError;
    return openConnection(false);
}

Result<Unit> SqlStore::createNew(const StoreCreateOptions& create)
{
    auto admin = Validation::userName(create.firstAdmin);
    if (!admin.ok())
        return admin.error();
    if (create.tokenLimit < 1 || create.tokenLimit > 1000)
        return makeError(ErrorCode::InvalidInput, tr("The token limit must be between 1 and 1000."));
    if (auto made = createEmpty(); !made.ok())
        return made;
    auto ready = initialise(StoreCreateOptions{admin.value(), create.tokenLimit});
    // Never leave a half-made store behind. (A database keeps its schema, empty: the next create
    // finds no users and fills it.)
    if (!ready.ok())
        discardEmpty();
    return ready;
}

Result<Unit> SqlStore::createEmpty()
{
    if (m_locationError)
        return *m_locationError;
    if (!isPostgres()) {
        if (auto made = createPrivateFile(m_path); !made.ok())
            return made.error();
    }
    auto ready = openConnection(true);
    if (!ready.ok())
        discardEmpty();
    return ready;
}

void SqlStore::discardEmpty()
{
    closeConnection();
    if (!isPostgres())
        removeStoreFiles(m_path);
}

QString SqlStore::displayName() const
{
    return m_location.displayName();
}

QSqlDatabase SqlStore::database() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

Result<Unit> SqlStore::reconnectIfLost()
{
    if (!isPostgres() || !QSqlDatabase::contains(m_connectionName))
        return Unit{}; // SQLite, or not opened (yet)
    QSqlDatabase db = database();
    if (db.isOpen()) {
        QSqlQuery probe(db);
        if (probe.exec(QStringLiteral("SELECT 1")))
            return Unit{};
    }
    qCWarning(lcStore) << "the connection to" << m_location.displayName() << "was lost; connecting again";
    db.close();
    if (!db.open())
        return makeError(
            ErrorCode::StoreUnavailable,
            tr("Cannot connect to %1: %2").arg(m_location.displayName(), db.lastError().text().trimmed()));
    return Unit{};
}

Result<Unit> SqlStore::readyForJob()
{
    if (isPostgres())
        return reconnectIfLost();
    if (!m_fileGuard)
        return Unit{};
    auto inPlace = m_fileGuard->stillInPlace();
    if (!inPlace.ok() && !std::exchange(m_movedReported, true)) {
        qCWarning(lcStore).noquote() << inPlace.error().toString();
        m_fileGuard->detachFromPath(database());
    }
    return inPlace;
}

Result<Unit> SqlStore::checkWritable()
{
    // PostgreSQL: nothing to check (and no second probe: run() made one before the job).
    if (isPostgres() || !m_fileGuard)
        return Unit{};
    if (auto ready = readyForJob(); !ready.ok())
        return ready;
    return m_fileGuard->writable();
}

QDateTime SqlStore::now() const
{
    return m_clock ? m_clock() : QDateTime::currentDateTimeUtc();
}

QByteArray SqlStore::secretHash(QByteArrayView token) const
{
    return m_crypto->hmacSha256(m_pepper, token);
}

QByteArray SqlStore::secretHash(QByteArrayView token, const Crypto& crypto) const
{
    return crypto.hmacSha256(m_pepper, token);
}

namespace {

quint32 bigEndianAt(const QByteArray& bytes, qsizetype at, qsizetype size)
{
    quint32 value = 0;
    for (qsizetype i = at; i < at + size; ++i)
        value = (value << 8) | quint8(bytes.at(i));
    return value;
}

// SQLite reads a file cut short (a copy that stopped, a full disk during a backup) as far as it
// goes and answers from what is left, so a truncated store looked whole until a query reached the
// missing pages. Pages are written whole, and the header records how many there are: a file that
// is not a whole number of pages, or shorter than its header says, lost its end.
bool sqliteFileIsTruncated(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false; // SQLite reports what is wrong with opening it
    const QByteArray header = file.read(100);
    if (header.size() < 100 || !header.startsWith(QByteArrayView("SQLite format 3\0", 16)))
        return false; // not a SQLite file at all: SQLite says so itself
    const quint32 pageSizeField = bigEndianAt(header, 16, 2);
    const qint64 pageSize = pageSizeField == 1 ? 65536 : pageSizeField;
    if (pageSize < 512 || (pageSize & (pageSize - 1)) != 0)
        return false; // a damaged header, which SQLite refuses as not a database
    const qint64 size = file.size();
    if (size % pageSize != 0)
        return true;
    // The page count is valid only when written by the same change as the counter beside it.
    const bool pageCountValid = bigEndianAt(header, 92, 4) == bigEndianAt(header, 24, 4);
    return pageCountValid && qint64(bigEndianAt(header, 28, 4)) * pageSize > size;
}

} // namespace

Result<Unit> SqlStore::openConnection(bool creating)
{
    if (!isPostgres() && !creating) {
        const QFileInfo file(m_path);
        if (!file.exists())
            return makeError(ErrorCode::StoreUnavailable,
                             tr("There is no store at %1.").arg(QDir::toNativeSeparators(m_path)));
        // SQLite would wait forever reading a pipe, and a directory or device is no store either.
        if (!file.isFile())
            return makeError(ErrorCode::StoreUnavailable,
                             tr("%1 is not a file (a directory, a pipe or a device): it cannot be a store.")
                                 .arg(QDir::toNativeSeparators(m_path)));
        if (sqliteFileIsTruncated(m_path))
            return makeError(
                ErrorCode::StoreCorrupt,
                tr("The store file %1 is truncated: its end is missing. Restore it from a backup.")
                    .arg(QDir::toNativeSeparators(m_path)));
    }
    std::optional<Error> failed;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(
            isPostgres() ? QStringLiteral("QPSQL") : QStringLiteral("QSQLITE"), m_connectionName);
        if (isPostgres()) {
            m_location.configure(db);
        } else {
            configureSqliteForReaders();
            db.setDatabaseName(m_path);
            db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(kBusyTimeoutMs));
        }
        if (!db.open()) {
            // libpq's connection errors carry no SQLSTATE; they all mean the server is out of reach.
            failed = isPostgres()
                         ? makeError(ErrorCode::StoreUnavailable,
                                     tr("Cannot connect to %1: %2")
                                         .arg(m_location.displayName(), db.lastError().text().trimmed()))
                         : SqlUtil::fromSqlError(db.lastError());
        }
    }
    // Closed once this function's handle is gone (removeDatabase warns while one is alive).
    if (failed) {
        closeConnection();
        return *failed;
    }
    // Close only once every handle of the failed preparation is gone (removeDatabase warns otherwise).
    Result<Unit> prepared = isPostgres() ? prepareDatabase(creating) : prepareConnection(creating);
    if (!prepared.ok())
        closeConnection();
    else if (!isPostgres())
        m_fileGuard.emplace(m_path);
    return prepared;
}

Result<Unit> SqlStore::prepareConnection(bool creating)
{
    QSqlDatabase db = database();
    // The first statement is where SQLite notices a file that is not a database at all.
    auto appId = SqlUtil::exec(db, QStringLiteral("PRAGMA application_id"));
    if (!appId.ok()) {
        if (appId.error().code == ErrorCode::StoreUnavailable)
            if (auto folder = StoreFileGuard::folderRefusesLog(m_path))
                return *folder;
        return appId.error();
    }
    const qint64 applicationId = appId.value().next() ? appId.value().value(0).toLongLong() : -1;
    appId.value().finish();
    if (!creating && applicationId != SqlSchema::kApplicationId) {
        return makeError(ErrorCode::StoreCorrupt,
                         tr("%1 is not a TokenDesk store.").arg(QDir::toNativeSeparators(m_path)));
    }
    for (const QString& pragma :
         {QStringLiteral("PRAGMA foreign_keys = ON"), QStringLiteral("PRAGMA journal_mode = WAL"),
          QStringLiteral("PRAGMA synchronous = FULL")}) {
        if (auto done = SqlUtil::exec(db, pragma); !done.ok())
            return done.error();
    }
    if (auto migrated = SqlSchema::migrate(db); !migrated.ok())
        return migrated.error();
    if (!creating)
        return loadPepper();
    return Unit{};
}

// PostgreSQL: the database must exist (made by its administrator); an empty one becomes a store.
Result<Unit> SqlStore::prepareDatabase(bool creating)
{
    QSqlDatabase db = database();
    auto version = SqlSchema::currentVersion(db, dialect());
    if (!version.ok())
        return version.error();
    if (!creating && version.value() == 0)
        return makeError(
            ErrorCode::StoreUnavailable,
            tr("There is no TokenDesk store in %1 yet; create one with tokendesk-cli --db URL init.")
                .arg(m_location.displayName()));
    if (auto migrated = SqlSchema::migrate(db, dialect()); !migrated.ok())
        return migrated.error();
    auto users = SqlUtil::exec(db, QStringLiteral("SELECT COUNT(*) FROM users"));
    if (!users.ok())
        return users.error();
    const bool empty = users.value().next() && users.value().value(0).toLongLong() == 0;
    users.value().finish();
    if (creating) {
        if (!empty)
            return makeError(ErrorCode::AlreadyExists,
                             tr("%1 already holds a TokenDesk store.").arg(m_location.displayName()));
        return Unit{};
    }
    return loadPepper();
}

Result<Unit> SqlStore::loadPepper()
{
    auto pepper =
        SqlUtil::exec(database(), QStringLiteral("SELECT value FROM settings WHERE key = 'pepper'"));
    if (!pepper.ok())
        return pepper.error();
    if (!pepper.value().next() || pepper.value().value(0).toByteArray().size() != kPepperBytes)
        return makeError(ErrorCode::StoreCorrupt, tr("The store has lost its key; it cannot verify tokens."));
    m_pepper = pepper.value().value(0).toByteArray();
    m_verifier = TokenVerifier::make(m_location, m_pepper, m_crypto);
    return Unit{};
}

Result<Unit> SqlStore::initialise(const StoreCreateOptions& create)
{
    QSqlDatabase db = database();
    SqlUtil::Transaction transaction(db, dialect().beginWrite());
    if (auto begun = transaction.begin(); !begun.ok())
        return begun.error();
    m_pepper = m_crypto->randomBytes(kPepperBytes);
    const QString insertSetting = QStringLiteral("INSERT INTO settings (key, value) VALUES (:key, :value)");
    for (const auto& [key, value] :
         {std::pair{"pepper", QVariant(m_pepper)},
          // Settings are bytes in every engine (BYTEA in PostgreSQL); numbers as their digits.
          std::pair{"token_limit", QVariant(QByteArray::number(create.tokenLimit))},
          std::pair{"store_id", QVariant(m_crypto->randomBytes(16).toHex())}}) {
        if (auto done =
                SqlUtil::exec(db, insertSetting, {{"key", QString::fromLatin1(key)}, {"value", value}});
            !done.ok())
            return done.error();
    }
    if (auto policy = LifetimePolicySql::save(*this, LifetimePolicy::newStoreDefault()); !policy.ok())
        return policy.error();
    auto user = UserSql::add(*this, User{create.firstAdmin, true, true});
    if (!user.ok())
        return user.error();
    AuditLog audit(*this);
    auto entry = audit.append(AuditRecord{
        create.firstAdmin,
        QStringLiteral("store.init"),
        0,
        {},
        {},
        QStringLiteral("first admin %1; token limit %2").arg(create.firstAdmin).arg(create.tokenLimit)});
    if (!entry.ok())
        return entry.error();
    if (auto committed = transaction.commit(); !committed.ok())
        return committed;
    m_verifier = TokenVerifier::make(m_location, m_pepper, m_crypto);
    return Unit{};
}

void SqlStore::closeConnection()
{
    m_verifier.reset();
    m_fileGuard.reset();
    if (!QSqlDatabase::contains(m_connectionName))
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        db.close();
        // QSQLITE forgets a connection SQLite refused to close (a statement still open): said
        // here, as the connection's memory then stays taken until the process ends.
        if (db.lastError().driverText() ==
            QCoreApplication::translate("QSQLiteDriver", "Error closing database"))
            qCWarning(lcStore) << "the connection to" << m_location.displayName()
                               << "did not close cleanly:" << db.lastError().text();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

bool SqlStore::recordUse(TokenId id, const QDateTime& at)
{
    const qint64 ms = at.toMSecsSinceEpoch();
    QMutexLocker locker(&m_usesMutex);
    if (m_pendingUses.isEmpty())
        m_oldestPendingUse = ms;
    qint64& pending = m_pendingUses[id];
    pending = std::max(pending, ms);
    return m_pendingUses.size() >= kFlushBatch || ms - m_oldestPendingUse >= kFlushIntervalMs;
}

QDateTime SqlStore::pendingUse(TokenId id) const
{
    QMutexLocker locker(&m_usesMutex);
    const auto it = m_pendingUses.constFind(id);
    return it == m_pendingUses.cend() ? QDateTime() : QDateTime::fromMSecsSinceEpoch(*it, Qt::UTC);
}

void SqlStore::forgetUse(TokenId id)
{
    QMutexLocker locker(&m_usesMutex);
    m_pendingUses.remove(id);
}

void SqlStore::flushSoon()
{
    if (m_flushQueued.exchange(true))
        return;
    run<Unit>([](SqlStore& store) -> Result<Unit> {
        store.m_flushQueued = false;
        auto flushed = store.flushUses();
        if (!flushed.ok())
            qCWarning(lcStore) << "could not write last-used times:" << flushed.error().toString();
        return flushed;
    });
}

Result<Unit> SqlStore::flushUses()
{
    if (!QSqlDatabase::contains(m_connectionName))
        return Unit{};
    QHash<TokenId, qint64> uses;
    {
        QMutexLocker locker(&m_usesMutex);
        uses.swap(m_pendingUses);
    }
    if (uses.isEmpty())
        return Unit{};
    // Put back what could not be written, keeping any newer use recorded meanwhile.
    auto keep = [this, &uses] {
        QMutexLocker locker(&m_usesMutex);
        for (auto it = uses.cbegin(); it != uses.cend(); ++it) {
            qint64& pending = m_pendingUses[it.key()];
            pending = std::max(pending, it.value());
        }
    };
    if (auto writable = checkWritable(); !writable.ok()) {
        keep();
        return writable;
    }
    QSqlDatabase db = database();
    SqlUtil::Transaction transaction(db, dialect().beginWrite());
    if (auto begun = transaction.begin(); !begun.ok()) {
        keep();
        return begun.error();
    }
    // Last use is not an admin's edit: it does not bump the version (no false CONFLICTs).
    QSqlQuery update(db);
    update.prepare(
        QStringLiteral("UPDATE tokens SET last_used_at = %1(COALESCE(last_used_at, 0), :at) WHERE id = :id")
            .arg(dialect().greatestFunction()));
    for (auto it = uses.cbegin(); it != uses.cend(); ++it) {
        update.bindValue(QStringLiteral(":at"), it.value());
        update.bindValue(QStringLiteral(":id"), it.key());
        if (!update.exec()) {
            const Error error = SqlUtil::fromSqlError(update.lastError());
            keep();
            return error;
        }
    }
    if (auto committed = transaction.commit(); !committed.ok()) {
        keep();
        return committed.error();
    }
    return Unit{};
}

} // namespace tokendesk
