// SPDX-License-Identifier: GPL-3.0-or-later
// The CLI's argument parser and commands (CliApplication::run), with arguments split from the
// input at newlines, against a temporary store that is reset before every run. Every invocation
// must end with one of the documented exit statuses (0, 1, 2, 3).
//
// The harness keeps the CLI inside its temporary directory: it works there (the current
// directory, HOME, XDG_* and TOKENDESK_STORE point into it), an argument holding a '/' is not
// run (so no absolute path, no "..", no postgresql:// URL), libpq is pointed at a socket
// directory where no server listens, standard input is empty and standard output is discarded.
// run.sh closes standard error for it (-close_fd_mask=2): libFuzzer and the sanitizers keep theirs.
#include "app/cli/CliApplication.h"
#include "models/core/StorePaths.h"
#include "tests/fuzz/FuzzSupport.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <fcntl.h>
#include <unistd.h>

using namespace tokendesk;

namespace {

QTemporaryDir* g_dir = nullptr;
QString g_pristine;
QString g_store;

constexpr qsizetype kMaxArguments = 64;
// `seed --count N` inserts N tokens: a real bulk job, bounded here to keep an execution short.
constexpr qint64 kMaxSeedCount = 64;

int runCli(const QStringList& arguments)
{
    cli::CliApplication cli;
    return cli.run(QStringList{QStringLiteral("tokendesk-cli")} + arguments);
}

bool allowed(const QStringList& arguments)
{
    if (arguments.size() > kMaxArguments)
        return false;
    for (const QString& argument : arguments) {
        if (argument.contains(u'/'))
            return false;
    }
    if (arguments.contains(QStringLiteral("seed"))) {
        for (const QString& argument : arguments) {
            bool ok = false;
            const qint64 count = argument.section(u'=', -1).toLongLong(&ok);
            if (ok && count > kMaxSeedCount)
                return false;
        }
    }
    return true;
}

// Everything but the pristine store goes: stores made by init or migrate, journals, ...
void clearWorkDir()
{
    QDir work(g_dir->path());
    const QFileInfoList entries = work.entryInfoList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);
    for (const QFileInfo& entry : entries) {
        if (entry.fileName() == QStringLiteral("pristine.tokendesk"))
            continue;
        if (entry.isDir() && !entry.isSymLink())
            QDir(entry.filePath()).removeRecursively();
        else
            QFile::remove(entry.filePath());
    }
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    fuzz::startQt("tokendesk-cli");
    g_dir = new QTemporaryDir;
    fuzz::require(g_dir->isValid(), "no temporary directory");
    const QByteArray dir = QFile::encodeName(g_dir->path());
    fuzz::require(::chdir(dir.constData()) == 0, "cannot enter the temporary directory");
    for (const char* name : {"HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_RUNTIME_DIR"})
        qputenv(name, dir);
    qputenv("PGHOST", dir + "/no-server-here");
    qputenv("PGPASSFILE", "/dev/null");
    qputenv("PGCONNECT_TIMEOUT", "1");
    g_store = g_dir->filePath(QStringLiteral("store.tokendesk"));
    qputenv("TOKENDESK_STORE", QFile::encodeName(g_store));
    const int null = ::open("/dev/null", O_RDWR);
    fuzz::require(null >= 0 && ::dup2(null, STDIN_FILENO) >= 0 && ::dup2(null, STDOUT_FILENO) >= 0,
                  "cannot redirect standard input and output");

    // The pristine store: what `init` and a few `generate`s make, copied before every run.
    g_pristine = g_dir->filePath(QStringLiteral("pristine.tokendesk"));
    const QString admin = StorePaths::osLoginName();
    fuzz::require(runCli({QStringLiteral("init"), QStringLiteral("--store"), g_pristine,
                          QStringLiteral("--admin"), admin}) == 0,
                  "init failed");
    for (const char* label : {"ci deploy", "billing api", "ops console"}) {
        fuzz::require(runCli({QStringLiteral("generate"), QStringLiteral("--store"), g_pristine,
                              QStringLiteral("--label"), QString::fromLatin1(label)}) == 0,
                      "generate failed");
    }
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QStringList arguments = QString::fromUtf8(fuzz::bytes(data, size)).split(u'\n');
    if (!allowed(arguments))
        return -1; // not added to the corpus
    clearWorkDir();
    fuzz::require(QFile::copy(g_pristine, g_store), "cannot copy the pristine store");
    const int status = runCli(arguments);
    fuzz::require(status >= 0 && status <= 3, "an exit status the CLI does not document");
    return 0;
}
