// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

#include <functional>
#include <ostream>

namespace tokendesk::test {

// What a storage fault must leave alone (issue 14): the tokens as listed, the file's own
// consistency check and the audit chain.
struct StoreSnapshot
{
    QStringList tokens; // "#id label status vN", without last-used times (verifies record uses)
    QString integrity;  // what PRAGMA integrity_check answers: "ok" for a whole file
    bool chainIntact = false;
    qint64 auditEntries = 0;
    QString openError; // why the store did not open (then the rest is empty)

    bool operator==(const StoreSnapshot&) const = default;
};
void PrintTo(const StoreSnapshot& snapshot, std::ostream* os);

// Opens the SQLite store at `path` in this process as `actor`, reads it and closes it again.
StoreSnapshot snapshotStore(const QString& path, const QString& actor = QStringLiteral("alice"));

// Root ignores file permissions, so a read-only store is only read-only for a process that is
// not root. When the tests run as root, the child (tokendesk-cli, tokendesk-server) gives root up
// for nobody (65534) before exec; as any other user the file's mode is enough and the hook does
// nothing. readOnlyUnavailableReason() says why neither can work here (empty when one can).
QString readOnlyUnavailableReason();
std::function<void()> unprivilegedChild();
// The mode a folder needs so that the unprivileged child may create files in it (the
// write-ahead log beside the store): 0777 when that child is nobody, 0755 otherwise.
int writableFolderModeForChild();

// What an intruder with write access to the SQLite file at `path` can do to its audit log: drop
// the append-only trigger, delete every entry after `keep`, and rewrite the head the store keeps
// of itself to match what is left. No check inside the store can tell afterwards.
void cutOffAuditLog(const QString& path, qint64 keep);

} // namespace tokendesk::test
