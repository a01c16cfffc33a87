// SPDX-License-Identifier: GPL-3.0-or-later
// Verify on PostgreSQL: each calling thread keeps its own connection with the lookup prepared
// once (READ COMMITTED autocommit: every lookup sees every revoke committed before it, whichever
// server made it).
#include "models/backend/sql/SqlUtil.h"
#include "models/backend/sql/StoreLocation.h"
#include "models/backend/sql/TokenVerifier.h"
#include "models/backend/sql/VerifierRegistry.h"
#include "models/crypto/Crypto.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QThread>

namespace tokendesk {

namespace {

// One thread's connection, its prepared lookup and its keyed HMAC.
struct PostgresReader
{
    ReaderConnection connection;
    QSqlQuery lookup;
    std::unique_ptr<KeyedHmac> hmac;
};

Result<std::unique_ptr<PostgresReader>> openReader(const StoreLocation& location, const QByteArray& pepper,
                                                   const Crypto& crypto, quint64 serial)
{
    auto reader = std::make_unique<PostgresReader>();
    const QString name = QStringLiteral("tokendesk-pg-verify-%1-%2")
                             .arg(serial)
                             .arg(quintptr(QThread::currentThreadId()), 0, 16);
    {
        QSqlDatabase db = reader->connection.add(QStringLiteral("QPSQL"), name);
        location.configure(db);
        if (!db.open())
            return SqlUtil::fromSqlError(db.lastError());
        reader->lookup = QSqlQuery(db);
    }
    reader->lookup.setForwardOnly(true);
    if (!reader->lookup.prepare(QString::fromLatin1(TokenVerifier::lookupSql())))
        return SqlUtil::fromSqlError(reader->lookup.lastError());
    reader->hmac = crypto.keyedHmacSha256(pepper);
    return reader;
}

class PostgresTokenVerifier final : public TokenVerifier
{
public:
    PostgresTokenVerifier(StoreLocation location, QByteArray pepper, std::shared_ptr<const Crypto> crypto)
        : m_readers([location = std::move(location), pepper = std::move(pepper), crypto = std::move(crypto)](
                        quint64 serial) { return openReader(location, pepper, *crypto, serial); })
    {}

    Result<std::optional<Candidate>> find(QByteArrayView token) override
    {
        // A lookup is a read: when the connection broke (a restart, a failover, the backend
        // terminated) it is made again and the lookup asked once more, so verify keeps answering.
        for (int attempt = 1;; ++attempt) {
            auto reader = m_readers.forThisThread();
            if (!reader.ok())
                return reader.error();
            QSqlQuery& lookup = reader.value()->lookup;
            lookup.bindValue(0, reader.value()->hmac->compute(token));
            if (lookup.exec())
                return candidate(lookup);
            const Error error = SqlUtil::fromSqlError(lookup.lastError());
            m_readers.dropForThisThread();
            if (attempt == 2)
                return error;
        }
    }

private:
    static std::optional<Candidate> candidate(QSqlQuery& lookup)
    {
        std::optional<Candidate> found;
        if (lookup.next()) {
            found = Candidate{lookup.value(0).toLongLong(),
                              roleFromName(lookup.value(1).toString()).value_or(Role::Developer),
                              lookup.value(2).toString(),
                              lookup.value(3).toLongLong() != 0,
                              SqlUtil::toDateTime(lookup.value(4)),
                              !lookup.value(5).isNull(),
                              lookup.value(6).toString(),
                              lookup.value(7).toLongLong() != 0};
        }
        lookup.finish();
        return found;
    }

    VerifierRegistry<PostgresReader> m_readers;
};

} // namespace

std::unique_ptr<TokenVerifier> makePostgresTokenVerifier(const StoreLocation& location, QByteArray pepper,
                                                         std::shared_ptr<const Crypto> crypto)
{
    return std::make_unique<PostgresTokenVerifier>(location, std::move(pepper), std::move(crypto));
}

} // namespace tokendesk
