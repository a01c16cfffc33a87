// SPDX-License-Identifier: GPL-3.0-or-later
// A mutated store file, opened the way the console and the CLI open one (SqlBackend::open), then
// read as they read it right after opening: the session, the first page of tokens, the users and
// the audit chain. A damaged file must give a clear error (a store error code and a message),
// never a crash, a hang or a success that falls over on the first read.
#include "models/backend/sql/SqlBackend.h"
#include "tests/fuzz/FuzzSupport.h"

#include <QFile>
#include <QTemporaryDir>

using namespace tokendesk;

namespace {

QTemporaryDir* g_dir = nullptr;

template <typename T> Result<T> wait(QFuture<Result<T>> future)
{
    future.waitForFinished();
    return future.result();
}

bool clear(const Error& error)
{
    return !error.message.isEmpty() &&
           (error.code == ErrorCode::StoreCorrupt || error.code == ErrorCode::StoreUnavailable ||
            error.code == ErrorCode::StoreTooNew);
}

// A read on an opened store may still fail (a damaged page deep in a table), but only as the
// store's error or as what a healthy store answers this caller.
template <typename T> void read(QFuture<Result<T>> future)
{
    const Result<T> result = wait(std::move(future));
    fuzz::require(result.ok() || clear(result.error()) || result.code() == ErrorCode::PermissionDenied ||
                      result.code() == ErrorCode::NotFound,
                  "a read on an opened store failed without a clear error");
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    fuzz::startQt("tokendesk-fuzz-store-file");
    g_dir = new QTemporaryDir;
    fuzz::require(g_dir->isValid(), "no temporary directory");
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QString path = g_dir->filePath(QStringLiteral("fuzzed.tokendesk"));
    for (const char* suffix : {"", "-wal", "-shm", "-journal"})
        QFile::remove(path + QString::fromLatin1(suffix));
    QFile file(path);
    fuzz::require(file.open(QIODevice::WriteOnly) && file.write(fuzz::bytes(data, size)) == qint64(size),
                  "cannot write the store file");
    file.close();

    // The seed store's admin (tests/fuzz/corpus/store_file/README.md says how it was made).
    Result<std::shared_ptr<SqlBackend>> opened = wait(SqlBackend::open(path, QStringLiteral("fuzz")));
    if (!opened) {
        fuzz::require(clear(opened.error()), "a store that does not open without a clear error");
        return 0;
    }
    const std::shared_ptr<SqlBackend> store = opened.value();
    read(store->session());
    read(store->list(TokenQuery()));
    read(store->count(TokenQuery()));
    read(store->users());
    read(store->verifyAuditChain());
    return 0;
}
