// SPDX-License-Identifier: GPL-3.0-or-later
// Verify on PostgreSQL: each calling thread keeps its own connection with the lookup prepared
// once (READ COMMITTED autocommit: every lookup sees every revoke committed before it, whichever
// server made it).
#include "models/backend/sql/SqlUtil.h"
#include "models/backend/sql/StoreLocation.h"
#include "models/backend/sql/TokenVerifier.h"
#include "models/crypto/Crypto.h"

#include <QCoreApplication>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QThread>

#include <atomic>

namespace tokendesk {

namespace {

class PostgresTokenVerifier final : public TokenVerifier
{
public:
    PostgresTokenVerifier(StoreLocation location, QByteArray pepper, std::shared_ptr<const Crypto> crypto)
        : m_location(std::move(location)), m_pepper(std::move(pepper)), m_crypto(std::move(crypto)),
          m_serial([] {
              static std::atomic<quint64> counter{0};
              return ++counter;
          }())
    {}

    ~PostgresTokenVerifier() override
    {
        // Nobody verifies through a verifier that is being destroyed; libpq connections may be
        // closed from any thread.
        for (Reader* reader : std::as_const(m_readers)) {
            const QString name = reader->connectionName;
            delete reader;
            QSqlDatabase::removeDatabase(name);
        }
    }

    Result<std::optional<Candidate>> find(QByteArrayView token) override
    {
        auto reader = readerForThisThread();
        if (!reader.ok())
            return reader.error();
        QSqlQuery& lookup = reader.value()->lookup;
        lookup.bindValue(0, reader.value()->hmac->compute(token));
        if (!lookup.exec()) {
            const Error error = SqlUtil::fromSqlError(lookup.lastError());
            // A broken connection (server restarted) is made again on the next verify.
            dropReaderForThisThread();
            return error;
        }
        std::optional<Candidate> found;
        if (lookup.next()) {
            found = Candidate{lookup.value(0).toLongLong(),
                              roleFromName(lookup.value(1).toString()).value_or(Role::Developer),
                              lookup.value(2).toString(),
                              lookup.value(3).toLongLong() != 0,
                              SqlUtil::toDateTime(lookup.value(4)),
                              !lookup.value(5).isNull(),
                              lookup.value(6).toString()};
        }
        lookup.finish();
        return found;
    }

private:
    struct Reader
    {
        QString connectionName;
        QSqlQuery lookup;
        std::unique_ptr<KeyedHmac> hmac;
    };

    Result<Reader*> readerForThisThread()
    {
        const Qt::HANDLE thread = QThread::currentThreadId();
        QMutexLocker locker(&m_mutex);
        if (Reader* reader = m_readers.value(thread))
            return reader;
        auto made = std::make_unique<Reader>();
        made->connectionName =
            QStringLiteral("tokendesk-pg-verify-%1-%2").arg(m_serial).arg(quintptr(thread), 0, 16);
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), made->connectionName);
        m_location.configure(db);
        if (!db.open()) {
            const Error error = SqlUtil::fromSqlError(db.lastError());
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(made->connectionName);
            return error;
        }
        made->lookup = QSqlQuery(db);
        made->lookup.setForwardOnly(true);
        if (!made->lookup.prepare(
                QStringLiteral("SELECT id, role, label, enabled, expires_at, superseded_by, created_by"
                               " FROM tokens WHERE secret_hash = ?"))) {
            const Error error = SqlUtil::fromSqlError(made->lookup.lastError());
            const QString name = made->connectionName;
            made.reset();
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(name);
            return error;
        }
        made->hmac = m_crypto->keyedHmacSha256(m_pepper);
        Reader* reader = made.release();
        m_readers.insert(thread, reader);
        return reader;
    }

    void dropReaderForThisThread()
    {
        QMutexLocker locker(&m_mutex);
        if (Reader* reader = m_readers.take(QThread::currentThreadId())) {
            const QString name = reader->connectionName;
            delete reader;
            QSqlDatabase::removeDatabase(name);
        }
    }

    const StoreLocation m_location;
    const QByteArray m_pepper;
    const std::shared_ptr<const Crypto> m_crypto;
    const quint64 m_serial;
    QMutex m_mutex;
    QHash<Qt::HANDLE, Reader*> m_readers; // owned; one per thread that verified
};

} // namespace

std::unique_ptr<TokenVerifier> makePostgresTokenVerifier(const StoreLocation& location, QByteArray pepper,
                                                         std::shared_ptr<const Crypto> crypto)
{
    return std::make_unique<PostgresTokenVerifier>(location, std::move(pepper), std::move(crypto));
}

} // namespace tokendesk
