// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace tokendesk::test {

// A core file written by Debian's gdb (`gcore`), read back whole, for the tests that look for a
// secret a process handled (issue 14: secrets in memory). gdb leaves out what the process marked
// MADV_DONTDUMP, as the kernel does for a real core dump.
struct CoreDump
{
    QByteArray bytes; // empty when no dump was made
    QString log;      // what gdb printed: why there is no dump, and the program's own output
    bool ok() const { return !bytes.isEmpty(); }
};

// gdb can attach here (installed, and not inside a sanitizer build, whose shadow memory makes
// a dump of many terabytes of address space).
bool canDumpProcesses();

// Dumps the running process `pid` (another one, or this one: gdb stops it meanwhile).
CoreDump dumpProcess(qint64 pid, const QString& folder);

// Runs `program arguments` under gdb until it calls exit() (main has returned, its objects are
// gone), dumps it there and lets it finish. Its standard output ends up in `log`.
CoreDump dumpAtExit(const QString& program, const QStringList& arguments, const QString& folder);

// How often `text` appears in the dump, as Latin-1/UTF-8 bytes or as UTF-16 (QString's own form).
int occurrences(const CoreDump& dump, QByteArrayView text);

// `text` with every byte XOR'd with 0x5a: a test that must remember a secret without keeping it
// in its own memory (the process it dumps may be itself) keeps it in this form.
QByteArray scrambled(QByteArrayView text);

} // namespace tokendesk::test
