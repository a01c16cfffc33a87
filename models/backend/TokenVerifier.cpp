// SPDX-License-Identifier: GPL-3.0-or-later
#include "TokenVerifier.h"

#include "backend/SqlUtil.h"
#include "crypto/Crypto.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QThread>

#include <atomic>

namespace tokendesk {

namespace {

constexpr int kBusyTimeoutMs = 5000;

// The last reader this thread used: skips the shared map (and its lock) on the hot path.
struct CachedReader
{
    quint64 serial = 0;
    void* reader = nullptr;
};
thread_local CachedReader t_cachedReader;

} // namespace

struct TokenVerifier::Reader
{
    QString connectionName;
    QSqlQuery lookup;
    std::unique_ptr<KeyedHmac> hmac;
};

TokenVerifier::TokenVerifier(QString path, QByteArray pepper, std::shared_ptr<const Crypto> crypto)
    : m_path(std::move(path)), m_pepper(std::move(pepper)), m_crypto(std::move(crypto)), m_serial([] {
          static std::atomic<quint64> counter{0};
          return ++counter;
      }())
{}

TokenVerifier::~TokenVerifier()
{
    // The threads that made these readers may be gone or busy elsewhere; SQLite connections may be
    // closed from any thread, and nobody verifies through a verifier that is being destroyed.
    for (Reader* reader : std::as_const(m_readers)) {
        const QString name = reader->connectionName;
        reader->lookup = QSqlQuery();
        delete reader;
        QSqlDatabase::removeDatabase(name);
    }
}

Result<TokenVerifier::Reader*> TokenVerifier::readerForThisThread()
{
    if (t_cachedReader.serial == m_serial)
        return static_cast<Reader*>(t_cachedReader.reader);
    const Qt::HANDLE thread = QThread::currentThreadId();
    QMutexLocker locker(&m_readersMutex);
    Reader* reader = m_readers.value(thread);
    if (reader == nullptr) {
        auto made = std::make_unique<Reader>();
        made->connectionName =
            QStringLiteral("tokendesk-verify-%1-%2").arg(m_serial).arg(quintptr(thread), 0, 16);
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), made->connectionName);
        db.setDatabaseName(m_path);
        db.setConnectOptions(
            QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=%1").arg(kBusyTimeoutMs));
        if (!db.open()) {
            const Error error = SqlUtil::fromSqlError(db.lastError());
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(made->connectionName);
            return error;
        }
        // Memory-mapped reads: a lookup in a large store touches a few index pages at random;
        // mapping them saves a read() system call per page.
        QSqlQuery(QStringLiteral("PRAGMA mmap_size = 1073741824"), db).finish();
        made->lookup = QSqlQuery(db);
        made->lookup.setForwardOnly(true); // one row at most: no client-side row cache
        if (!made->lookup.prepare(
                QStringLiteral("SELECT id, role, label, enabled, expires_at, superseded_by FROM tokens"
                               " WHERE secret_hash = ?"))) {
            const Error error = SqlUtil::fromSqlError(made->lookup.lastError());
            made->lookup = QSqlQuery();
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(made->connectionName);
            return error;
        }
        made->hmac = m_crypto->keyedHmacSha256(m_pepper);
        reader = made.release();
        m_readers.insert(thread, reader);
    }
    t_cachedReader = CachedReader{m_serial, reader};
    return reader;
}

Result<std::optional<TokenVerifier::Candidate>> TokenVerifier::find(QByteArrayView token)
{
    auto reader = readerForThisThread();
    if (!reader.ok())
        return reader.error();
    QSqlQuery& lookup = reader.value()->lookup;
    lookup.bindValue(0, reader.value()->hmac->compute(token));
    if (!lookup.exec())
        return SqlUtil::fromSqlError(lookup.lastError());
    std::optional<Candidate> found;
    if (lookup.next()) {
        found = Candidate{lookup.value(0).toLongLong(),
                          roleFromName(lookup.value(1).toString()).value_or(Role::Developer),
                          lookup.value(2).toString(),
                          lookup.value(3).toBool(),
                          SqlUtil::toDateTime(lookup.value(4)),
                          lookup.value(5).toLongLong() != 0};
    }
    // Ends the read transaction now, so the next lookup sees every write committed since.
    lookup.finish();
    return found;
}

} // namespace tokendesk
