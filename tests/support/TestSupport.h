// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/Result.h"

#include <QFuture>
#include <QString>
#include <QTemporaryDir>

#include <gtest/gtest.h>

namespace tokendesk::test {

// Blocks the test thread until the backend's worker has answered. Fine in tests (no GUI here).
template <typename T> T await(QFuture<T> future)
{
    future.waitForFinished();
    return future.result();
}

// Unwraps a Result that the test expects to succeed, failing the test with the error otherwise.
template <typename T> T expectOk(Result<T> result)
{
    if (!result.ok()) {
        ADD_FAILURE() << "unexpected error: " << qPrintable(result.error().toString());
        throw std::runtime_error("expected success");
    }
    return std::move(result).value();
}

template <typename T> T awaitOk(QFuture<Result<T>> future)
{
    return expectOk(await(std::move(future)));
}

// A fresh directory that is removed when the test ends.
class TempDir
{
public:
    TempDir();
    QString path() const { return m_dir.path(); }
    QString file(const QString& name) const { return m_dir.filePath(name); }

private:
    QTemporaryDir m_dir;
};

// Reads a whole file as bytes (empty if missing).
QByteArray readFileBytes(const QString& path);

// A port on 127.0.0.1 that nothing listens on right now (bound and released at once), for the
// servers the tests start (SMTP, PostgreSQL, ...).
quint16 freeLoopbackPort();

} // namespace tokendesk::test

// Lets gtest print our error codes in assertion messages.
namespace tokendesk {
void PrintTo(ErrorCode code, std::ostream* os);
}
