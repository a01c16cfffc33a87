// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/backend/sql/StoreFileGuard.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>

Q_LOGGING_CATEGORY(lcStoreFile, "tokendesk.store.file", QtWarningMsg)

namespace tokendesk {

StoreFileGuard::StoreFileGuard(QString path)
    : m_path(std::move(path)), m_file(identityOf(m_path)), m_wal(identityOf(m_path + QStringLiteral("-wal"))),
      m_shm(identityOf(m_path + QStringLiteral("-shm")))
{}

StoreFileGuard::Identity StoreFileGuard::identityOf(const QString& path)
{
    struct stat info;
    if (::stat(QFile::encodeName(path).constData(), &info) != 0)
        return {};
    return {info.st_dev, info.st_ino, true};
}

bool StoreFileGuard::same(const Identity& a, const Identity& b)
{
    return a.known && b.known && a.device == b.device && a.inode == b.inode;
}

Result<Unit> StoreFileGuard::stillInPlace() const
{
    if (!m_file.known || same(identityOf(m_path), m_file))
        return Unit{};
    return makeError(ErrorCode::StoreUnavailable,
                     QCoreApplication::translate("StoreFileGuard",
                                                 "The store file %1 was deleted or replaced while it was "
                                                 "open; nothing was changed. Open the store again.")
                         .arg(QDir::toNativeSeparators(m_path)));
}

Result<Unit> StoreFileGuard::writable() const
{
    // AT_EACCESS: the effective user's rights, which are what SQLite's open() gets.
    if (::faccessat(AT_FDCWD, QFile::encodeName(m_path).constData(), W_OK, AT_EACCESS) == 0)
        return Unit{};
    const int reason = errno;
    if (reason != EACCES && reason != EPERM && reason != EROFS)
        return Unit{}; // gone or unreachable: stillInPlace() or SQLite itself says so
    return makeError(
        ErrorCode::StoreUnavailable,
        QCoreApplication::translate("StoreFileGuard",
                                    "The store file %1 is read-only (%2); nothing was changed.")
            .arg(QDir::toNativeSeparators(m_path), QString::fromLocal8Bit(std::strerror(reason))));
}

void StoreFileGuard::detachFromPath(const QSqlDatabase& db) const
{
    QSqlQuery checkpoint(db);
    // TRUNCATE: every frame copied into the opened file and the log emptied, or nothing.
    if (!checkpoint.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")) || !checkpoint.next() ||
        checkpoint.value(0).toInt() != 0) {
        // Its frames are the only copy of the last changes; removing the log would lose them.
        qCWarning(lcStoreFile) << "could not checkpoint the moved store's log; left at" << m_path
                               << checkpoint.lastError().text();
        return;
    }
    checkpoint.finish();
    for (const auto& [suffix, opened] : {std::pair{"-wal", &m_wal}, std::pair{"-shm", &m_shm}}) {
        const QString companion = m_path + QLatin1String(suffix);
        if (same(identityOf(companion), *opened))
            QFile::remove(companion);
    }
}

std::optional<Error> StoreFileGuard::folderRefusesLog(const QString& path)
{
    const QString folder = QFileInfo(path).absolutePath();
    if (QFileInfo::exists(path + QStringLiteral("-wal")) ||
        ::faccessat(AT_FDCWD, QFile::encodeName(folder).constData(), W_OK, AT_EACCESS) == 0)
        return std::nullopt;
    const int reason = errno;
    if (reason != EACCES && reason != EPERM && reason != EROFS)
        return std::nullopt;
    return makeError(ErrorCode::StoreUnavailable,
                     QCoreApplication::translate("StoreFileGuard",
                                                 "The store %1 cannot be opened: its folder %2 is read-only "
                                                 "(%3), and SQLite must keep the store's write-ahead log "
                                                 "there, even to read it.")
                         .arg(QDir::toNativeSeparators(path), QDir::toNativeSeparators(folder),
                              QString::fromLocal8Bit(std::strerror(reason))));
}

} // namespace tokendesk
