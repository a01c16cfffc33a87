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
    // The file `path` names right now, and its -wal and -shm files (call it right after the
    // store was opened and first read, when SQLite has made them).
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

    // Once stillInPlace() failed, on the connection that wrote the store (worker only, once):
    // checkpoints the write-ahead log into the opened file through SQLite's own descriptors, so
    // a store that was only renamed elsewhere is complete there, then takes its -wal and -shm
    // off the path if they are still the ones opened. SQLite keeps them on close once the file
    // has moved, and the next program to open the path would read them over the file now there.
    void detachFromPath(const QSqlDatabase& db) const;

private:
    struct Identity
    {
        dev_t device = 0;
        ino_t inode = 0;
        bool known = false; // false if the path could not be examined: nothing to compare
    };
    static Identity identityOf(const QString& path);
    static bool same(const Identity& a, const Identity& b);

    QString m_path;
    Identity m_file;
    Identity m_wal;
    Identity m_shm;
};

} // namespace tokendesk
