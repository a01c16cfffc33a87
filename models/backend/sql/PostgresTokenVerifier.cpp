// SPDX-License-Identifier: GPL-3.0-or-later
// Verify on PostgreSQL: each calling thread keeps its own libpq connection with the lookup
// prepared once (READ COMMITTED autocommit: every lookup sees every revoke committed before it,
// whichever server made it).
//
// libpq directly rather than QSqlQuery, as the SQLite verifier uses SQLite's C API: QPSQL sends
// the parameter as text (the hash hex-escaped), receives every column as text, and rebuilds the
// record's description (names, types, QSqlField objects) on each execution. Here the hash goes
// out as 32 binary bytes and the row comes back in binary: one round trip, no parsing.
#include "models/backend/sql/SqlUtil.h"
#include "models/backend/sql/StoreLocation.h"
#include "models/backend/sql/TokenVerifier.h"
#include "models/backend/sql/VerifierRegistry.h"
#include "models/crypto/Crypto.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QtEndian>

#include <libpq-fe.h>
#include <memory>
#include <vector>

namespace tokendesk {

namespace {

constexpr const char* kLookupName = "tokendesk_verify";
constexpr Oid kByteaOid = 17; // pg_type.h is a server header; bytea's OID is fixed

struct ConnectionCloser
{
    void operator()(PGconn* connection) const { PQfinish(connection); }
};
struct ResultClearer
{
    void operator()(PGresult* result) const { PQclear(result); }
};
using Connection = std::unique_ptr<PGconn, ConnectionCloser>;
using QueryResult = std::unique_ptr<PGresult, ResultClearer>;

// The lookup as PostgreSQL's protocol takes it: its one '?' becomes $1 (the text is shared with
// SQLite, which takes '?').
QByteArray lookupForLibpq()
{
    QByteArray sql(TokenVerifier::lookupSql());
    Q_ASSERT(sql.count('?') == 1);
    return sql.replace('?', "$1");
}

// libpq's failures mapped as the writer's QPSQL ones are (SqlUtil::fromSqlError): a lost
// connection or one that cannot be made is STORE_UNAVAILABLE. Only libpq's and the server's
// primary message is shown; the parameter (the secret's hash) is binary and never part of it.
Error readerError(const PGconn* connection, const PGresult* result)
{
    const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    const char* primary = result != nullptr ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
    const QString message =
        QString::fromUtf8(primary != nullptr ? primary : PQerrorMessage(connection)).trimmed();
    const bool broken = PQstatus(connection) != CONNECTION_OK;
    return SqlUtil::fromSqlError(QSqlError(
        message, message, broken && state == nullptr ? QSqlError::ConnectionError : QSqlError::StatementError,
        QString::fromLatin1(state != nullptr ? state : "")));
}

// One thread's connection, its prepared lookup and its keyed HMAC.
struct PostgresReader
{
    Connection connection;
    std::unique_ptr<KeyedHmac> hmac;
};

Connection connect(const StoreLocation& location)
{
    // Keyword and value arrays, never a conninfo string: no value can be read as another keyword.
    const QList<StoreLocation::ConnectParameter> given = location.connectParameters();
    std::vector<const char*> keywords;
    std::vector<const char*> values;
    for (const auto& [keyword, value] : given) {
        keywords.push_back(keyword.constData());
        values.push_back(value.constData());
    }
    // Text columns arrive as UTF-8 whatever the database's encoding, as QPSQL asks for too.
    keywords.push_back("client_encoding");
    values.push_back("UTF8");
    keywords.push_back(nullptr);
    values.push_back(nullptr);
    // expand_dbname 0: a database named like a conninfo string stays a name.
    return Connection(PQconnectdbParams(keywords.data(), values.data(), 0));
}

Result<std::unique_ptr<PostgresReader>> openReader(const StoreLocation& location, const QByteArray& pepper,
                                                   const Crypto& crypto)
{
    auto reader = std::make_unique<PostgresReader>();
    reader->connection = connect(location);
    PGconn* connection = reader->connection.get();
    if (connection == nullptr) // out of memory in libpq
        return makeError(ErrorCode::StoreUnavailable,
                         QCoreApplication::translate("TokenVerifier", "Cannot connect to the database."));
    if (PQstatus(connection) != CONNECTION_OK)
        return readerError(connection, nullptr);
    const QByteArray sql = lookupForLibpq();
    const QueryResult prepared(PQprepare(connection, kLookupName, sql.constData(), 1, &kByteaOid));
    if (PQresultStatus(prepared.get()) != PGRES_COMMAND_OK)
        return readerError(connection, prepared.get());
    reader->hmac = crypto.keyedHmacSha256(pepper);
    return reader;
}

// A column of the binary row: PostgreSQL sends integers big-endian in their own width (the
// lookup's are BIGINT and INTEGER columns and an INTEGER expression).
qint64 integerAt(const PGresult* result, int column)
{
    const auto* value = reinterpret_cast<const uchar*>(PQgetvalue(result, 0, column));
    switch (PQgetlength(result, 0, column)) {
    case 8:
        return qFromBigEndian<qint64>(value);
    case 4:
        return qFromBigEndian<qint32>(value);
    case 2:
        return qFromBigEndian<qint16>(value);
    case 1:
        return value[0]; // a boolean
    default:
        Q_ASSERT_X(false, "integerAt", "not an integer column");
        return 0;
    }
}

QString textAt(const PGresult* result, int column)
{
    return QString::fromUtf8(PQgetvalue(result, 0, column), PQgetlength(result, 0, column));
}

TokenVerifier::Candidate candidate(const PGresult* row)
{
    const QDateTime expiresAt = PQgetisnull(row, 0, 4) != 0
                                    ? QDateTime()
                                    : QDateTime::fromMSecsSinceEpoch(integerAt(row, 4), Qt::UTC);
    return TokenVerifier::Candidate{integerAt(row, 0), roleFromName(textAt(row, 1)).value_or(Role::Developer),
                                    textAt(row, 2),    integerAt(row, 3) != 0,
                                    expiresAt,         PQgetisnull(row, 0, 5) == 0,
                                    textAt(row, 6),    integerAt(row, 7) != 0};
}

class PostgresTokenVerifier final : public TokenVerifier
{
public:
    PostgresTokenVerifier(StoreLocation location, QByteArray pepper, std::shared_ptr<const Crypto> crypto)
        : m_readers([location = std::move(location), pepper = std::move(pepper),
                     crypto = std::move(crypto)](quint64) { return openReader(location, pepper, *crypto); })
    {}

    Result<std::optional<Candidate>> find(QByteArrayView token) override
    {
        // A lookup is a read: when the connection broke (a restart, a failover, the backend
        // terminated) it is made again and the lookup asked once more, so verify keeps answering.
        for (int attempt = 1;; ++attempt) {
            auto reader = m_readers.forThisThread();
            if (!reader.ok())
                return reader.error();
            PGconn* connection = reader.value()->connection.get();
            const QByteArray hash = reader.value()->hmac->compute(token);
            const char* values[] = {hash.constData()};
            const int lengths[] = {int(hash.size())};
            const int binary[] = {1};
            const QueryResult result(
                PQexecPrepared(connection, kLookupName, 1, values, lengths, binary, /*resultFormat=*/1));
            if (PQresultStatus(result.get()) == PGRES_TUPLES_OK) {
                if (PQntuples(result.get()) == 0)
                    return std::optional<Candidate>();
                return std::optional<Candidate>(candidate(result.get()));
            }
            const Error error = readerError(connection, result.get());
            m_readers.dropForThisThread();
            if (attempt == 2)
                return error;
        }
    }

private:
    VerifierRegistry<PostgresReader> m_readers;
};

} // namespace

std::unique_ptr<TokenVerifier> makePostgresTokenVerifier(const StoreLocation& location, QByteArray pepper,
                                                         std::shared_ptr<const Crypto> crypto)
{
    return std::make_unique<PostgresTokenVerifier>(location, std::move(pepper), std::move(crypto));
}

} // namespace tokendesk
