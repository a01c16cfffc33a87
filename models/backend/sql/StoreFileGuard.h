// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/Result.h"

#include <QString>

#include <optional>
#include <sys/types.h>

class QSqlDatabase;

namespace tokendesk {

// Whether a SQLite store file is still the one this process opened, and whether the process may
// write it (issue 14). Both are checked before work is done on it, so a fault is reported in the
// store's words (naming the file) instead of as whatever SQLite happens to say halfway through.
//
// Why the file's identity matters: SQLite keeps the file open by descriptor, so after an `rm` or
// a `mv other.tokendesk store.tokendesk` every write still succeeds into an inode that no path
// names any more. Each acknowledged change would vanish at the next start, and the write-ahead
// log beside the path (store.tokendesk-wal, still the old store's) would be read over the new file
// by the next program to open it (https://sqlite.org/howtocorrupt.html, section 2.4).
class StoreFileGuard
{
public:
    // The file `path` names right now (call it right after opening the store).
    explicit StoreFileGuard(QString path);

    // STORE_UNAVAILABLE when `path` no longer names the opened file (deleted, or another file
    // renamed over it). One stat() call.
    Result<Unit> stillInPlace() const;
    // STORE_UNAVAILABLE naming the file when this process may not write it (its permissions, a
    // read-only file system); SQLite would open it read-only and fail each write.
    Result<Unit> writable() const;

    // Why a SQLite open of `path` failed, if it is its folder: a WAL store needs its -wal and
    // -shm files beside it even to be read, so a folder this process may not write, with none
    // left there, keeps it from opening at all. Nothing when that is not the reason.
    static std::optional<Error> folderRefusesLog(const QString& path);

private:
    QString m_path;
    dev_t m_device = 0;
    ino_t m_inode = 0;
    bool m_known = false; // false if the path could not be examined at open: nothing to compare
};

} // namespace tokendesk
