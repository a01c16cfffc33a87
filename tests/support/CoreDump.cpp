// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/support/CoreDump.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>

namespace tokendesk::test {

namespace {

// No symbol servers (there is no network), no init files: only the dump.
const QStringList kQuietGdb = {QStringLiteral("-nx"), QStringLiteral("-batch"),
                               QStringLiteral("-ex"), QStringLiteral("set debuginfod enabled off"),
                               QStringLiteral("-ex"), QStringLiteral("set pagination off")};

QByteArray readCore(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QByteArray bytes = file.readAll();
    file.close();
    QFile::remove(path); // a core is over 100 MB; the test's temporary folder need not keep it
    return bytes;
}

CoreDump runGdb(const QStringList& arguments, const QString& corePath)
{
    QProcess gdb;
    gdb.setProcessChannelMode(QProcess::MergedChannels);
    gdb.start(QStringLiteral("gdb"), kQuietGdb + arguments);
    CoreDump dump;
    if (!gdb.waitForFinished(120'000)) {
        gdb.kill();
        gdb.waitForFinished();
        dump.log = QStringLiteral("gdb did not finish within 120 s\n");
    }
    dump.log += QString::fromLocal8Bit(gdb.readAll());
    dump.bytes = readCore(corePath);
    return dump;
}

int count(const QByteArray& haystack, QByteArrayView needle)
{
    int found = 0;
    for (qsizetype at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1))
        ++found;
    return found;
}

} // namespace

bool canDumpProcesses()
{
#if defined(__SANITIZE_ADDRESS__)
    return false;
#else
    return !QStandardPaths::findExecutable(QStringLiteral("gdb")).isEmpty();
#endif
}

CoreDump dumpProcess(qint64 pid, const QString& folder)
{
    const QString core = QDir(folder).filePath(QStringLiteral("core.%1").arg(pid));
    return runGdb({QStringLiteral("-p"), QString::number(pid), QStringLiteral("-ex"),
                   QStringLiteral("gcore %1").arg(core), QStringLiteral("-ex"), QStringLiteral("detach")},
                  core);
}

CoreDump dumpAtExit(const QString& program, const QStringList& arguments, const QString& folder)
{
    const QString core = QDir(folder).filePath(QStringLiteral("core.at-exit"));
    return runGdb(QStringList{QStringLiteral("-ex"), QStringLiteral("set breakpoint pending on"),
                              QStringLiteral("-ex"), QStringLiteral("break exit"), QStringLiteral("-ex"),
                              QStringLiteral("run"), QStringLiteral("-ex"),
                              QStringLiteral("gcore %1").arg(core), QStringLiteral("-ex"),
                              QStringLiteral("continue"), QStringLiteral("--args"), program} +
                      arguments,
                  core);
}

int occurrences(const CoreDump& dump, QByteArrayView text)
{
    QByteArray utf16;
    utf16.reserve(text.size() * 2);
    for (const char c : text)
        utf16.append(c).append('\0');
    return count(dump.bytes, text) + count(dump.bytes, utf16);
}

QByteArray scrambled(QByteArrayView text)
{
    QByteArray out(text.data(), text.size());
    for (char& c : out)
        c = char(c ^ 0x5a);
    return out;
}

} // namespace tokendesk::test
