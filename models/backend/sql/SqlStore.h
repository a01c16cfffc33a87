// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/backend/sql/SqlBackend.h"
#include "models/backend/sql/SqlWorker.h"
#include "models/backend/sql/StoreFileGuard.h"
#include "models/backend/sql/StoreLocation.h"
#include "models/core/Result.h"
#include "models/core/Types.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFuture>
#include <QHash>
#include <QMutex>
#include <QSqlDatabase>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>

namespace tokendesk {

class Crypto;
class TokenVerifier;

// An open store: its connection, its pepper, and the coalesced last-used times.
//
// All SQL runs on one process-wide worker thread (QSqlDatabase connections may only be used by
// the thread that made them). run() queues a job there and returns its future; every member
// marked "worker only" may be called from such a job alone. Jobs hold a shared_ptr to the store,
// so it lives until its last queued job ran; the connection closes on the worker either way.
class SqlStore : public std::enable_shared_from_this<SqlStore>
{
    Q_DECLARE_TR_FUNCTIONS(SqlStore)

public:
    using Clock = std::function<QDateTime()>;

    struct Options
    {
        std::shared_ptr<const Crypto> crypto; // default: defaultCrypto()
        Clock clock;                          // default: the system clock (tests move time)
    };

    // A store object for `path`; nothing is touched until openExisting() or createNew() runs.
    static std::shared_ptr<SqlStore> make(const QString& path, Options options = {});
    ~SqlStore();

    template <typename T, typename Job> QFuture<Result<T>> run(Job job)
    {
        return SqlWorker::instance().post<Result<T>>(
            [self = shared_from_this(), job = std::move(job)]() -> Result<T> {
                // PostgreSQL may have dropped the connection since the last job (a restart, a
                // failover, pg_terminate_backend): it is made again first, so this call succeeds.
                // A SQLite file deleted or replaced meanwhile fails every job from then on.
                if (auto connected = self->readyForJob(); !connected.ok())
                    return connected.error();
                return job(*self);
            });
    }

    QString path() const { return m_path; }
    // A file path or a postgresql:// URL (see StoreLocation); the engine's SQL differences.
    const StoreLocation& location() const { return m_location; }
    const SqlDialect& dialect() const { return m_location.dialect(); }
    bool isPostgres() const { return m_location.isPostgres(); }
    QString displayName() const; // the file name without its directory and extension

    // Worker only.
    // Opens the file and upgrades its schema; STORE_UNAVAILABLE, STORE_CORRUPT or STORE_TOO_NEW.
    Result<Unit> openExisting();
    // Creates the file (mode 0600) with its first admin; ALREADY_EXISTS if there is a file.
    Result<Unit> createNew(const StoreCreateOptions& create);
    // The schema alone, no admin and no key (the target of StoreMigrator): a new file or an empty
    // database. discardEmpty() removes a file made so (a database keeps its empty schema).
    Result<Unit> createEmpty();
    void discardEmpty();
    QSqlDatabase database() const;
    // PostgreSQL: probes the connection (one round trip) and opens it again if the server dropped
    // it; STORE_UNAVAILABLE when it cannot be reached. A SQLite file is never dropped. Runs before
    // every job; pending last-used times stay queued until a flush succeeds.
    Result<Unit> reconnectIfLost();
    // Runs before every job: reconnectIfLost() on PostgreSQL; on SQLite, STORE_UNAVAILABLE once
    // the path no longer names the file opened (see StoreFileGuard). Reads fail too: what the
    // open file holds is no longer what the path holds, and the console must not show it as the
    // store. Verify keeps answering on the read connections already open (TokenVerifier).
    Result<Unit> readyForJob();
    // Before a write on SQLite: readyForJob()'s check again (the job may have run a while), and
    // whether this process may write the file, so a read-only store is refused in words that
    // name it before any SQL runs. Nothing on PostgreSQL.
    Result<Unit> checkWritable();
    QDateTime now() const;
    const Crypto& crypto() const { return *m_crypto; }
    // HMAC-SHA256 of the token under this store's pepper: the only form of a secret the store keeps.
    QByteArray secretHash(QByteArrayView token) const;
    // The same hash computed by another Crypto implementation (they all agree on HMAC-SHA256):
    // the bulk seeder uses libcrypto directly, which is much faster than QCA per call.
    QByteArray secretHash(QByteArrayView token, const Crypto& crypto) const;
    Result<Unit> flushUses();

    // Any thread, once the store is open: the lookup behind verify, on the caller's own read
    // connection (see TokenVerifier).
    TokenVerifier& verifier() const { return *m_verifier; }
    // Any thread. Coalesced last-used bookkeeping: verify records here, the worker writes them
    // in batches (flushUses) at least once a second, before every write and on close.
    // True when a flush is due (a batch is full or the oldest use waited a second).
    bool recordUse(TokenId id, const QDateTime& at);
    QDateTime pendingUse(TokenId id) const;
    void forgetUse(TokenId id);
    // Any thread: queues a flush on the worker unless one is queued already.
    void flushSoon();

    void setClockForTesting(Clock clock) { m_clock = std::move(clock); }

private:
    SqlStore(QString path, Options options);
    Result<Unit> openConnection(bool creating);
    Result<Unit> prepareConnection(bool creating);
    Result<Unit> prepareDatabase(bool creating);
    Result<Unit> loadPepper();
    Result<Unit> initialise(const StoreCreateOptions& create);
    void closeConnection();

    QString m_path;
    StoreLocation m_location;
    std::optional<Error> m_locationError; // a URL that cannot be used, reported by open/create
    QString m_connectionName;
    std::shared_ptr<const Crypto> m_crypto;
    Clock m_clock;
    QByteArray m_pepper;
    std::unique_ptr<TokenVerifier> m_verifier;
    std::optional<StoreFileGuard> m_fileGuard; // SQLite, while open
    bool m_movedReported = false;              // worker only: the log says it once
    mutable QMutex m_usesMutex;                // guards the two below: verify records from any thread
    QHash<TokenId, qint64> m_pendingUses;
    qint64 m_oldestPendingUse = 0;
    std::atomic<bool> m_flushQueued{false};
};

} // namespace tokendesk
