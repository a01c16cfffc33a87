// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/backend/sql/StoreFileGuard.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace tokendesk {

StoreFileGuard::StoreFileGuard(QString path) : m_path(std::move(path))
{
    struct stat info
    {
    };
    if (::stat(QFile::encodeName(m_path).constData(), &info) == 0) {
        m_device = info.st_dev;
        m_inode = info.st_ino;
        m_known = true;
    }
}

Result<Unit> StoreFileGuard::stillInPlace() const
{
    if (!m_known)
        return Unit{};
    struct stat info
    {
    };
    if (::stat(QFile::encodeName(m_path).constData(), &info) == 0 && info.st_dev == m_device &&
        info.st_ino == m_inode)
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
