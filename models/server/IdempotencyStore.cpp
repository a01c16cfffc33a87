// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/server/IdempotencyStore.h"

#include "models/backend/sql/IdempotencySql.h"
#include "models/backend/sql/SqlStore.h"
#include "models/backend/sql/TokenWriteHook.h"
#include "models/server/ApiReplies.h"
#include "models/server/IdempotencySeal.h"

#include <atomic>

namespace tokendesk {

namespace {

constexpr int kSweepBatch = 1000;

QString stillRunning()
{
    return IdempotencyStore::tr(
        "A request with this Idempotency-Key is still being processed; retry in a moment.");
}

// The claim of one keyed request, carried into its generate or rotate: takes the key first in
// the transaction and stores the sealed reply last, so both commit or neither does.
class Claim final : public TokenWriteHook
{
public:
    Claim(std::shared_ptr<const IdempotencySeal> seal, QByteArray fingerprint, std::chrono::seconds keep)
        : m_seal(std::move(seal)), m_fingerprint(std::move(fingerprint)), m_keep(keep)
    {}

    // True when another request held the key: this one created nothing.
    bool lost() const { return m_lost.load(); }

    Result<Unit> before(SqlStore& store) override
    {
        m_lost = false; // a retried transaction starts over
        auto claimed = IdempotencySql::claim(store, m_seal->lookup(), m_fingerprint,
                                             store.now().addSecs(m_keep.count()));
        if (!claimed.ok())
            return claimed.error();
        if (!claimed.value()) {
            m_lost = true;
            return makeError(ErrorCode::Conflict, stillRunning());
        }
        return Unit{};
    }

    Result<Unit> after(SqlStore& store, const GeneratedToken& generated) override
    {
        HttpResponse reply = ApiReplies::generatedResponse(generated);
        const QByteArray sealed = m_seal->seal(reply, m_fingerprint);
        secureWipe(reply.body); // the plaintext leaves only in the response the handler builds
        return IdempotencySql::complete(store, m_seal->lookup(), reply.status, sealed);
    }

private:
    std::shared_ptr<const IdempotencySeal> m_seal;
    QByteArray m_fingerprint;
    std::chrono::seconds m_keep;
    std::atomic<bool> m_lost{false};
};

Result<std::optional<IdempotencySql::Row>> findRow(SqlStore& store, const QByteArray& lookup)
{
    auto future = store.run<std::optional<IdempotencySql::Row>>(
        [lookup](SqlStore& self) { return IdempotencySql::find(self, lookup); });
    future.waitForFinished();
    return future.result();
}

// The stored answer to `key`, or why there is none to give.
HttpResponse replay(const IdempotencySql::Row& row, const IdempotencySeal& seal, const QByteArray& key,
                    const QByteArray& fingerprint)
{
    if (row.fingerprint != fingerprint)
        return ApiReplies::failure(
            Error{ErrorCode::InvalidInput,
                  IdempotencyStore::tr("Idempotency-Key '%1' was used for a different request.")
                      .arg(QString::fromLatin1(key))});
    if (row.status == 0) // not reachable through a committed row; kept as the honest answer
        return ApiReplies::failure(Error{ErrorCode::Conflict, stillRunning()});
    std::optional<HttpResponse> opened = seal.open(row.status, fingerprint, row.sealed);
    if (!opened)
        return ApiReplies::failure(
            Error{ErrorCode::Internal,
                  IdempotencyStore::tr(
                      "The stored answer to this Idempotency-Key is damaged and cannot be replayed; "
                      "nothing was created. Retry with a new key after checking the token list.")});
    opened->headers.emplaceBack("Idempotent-Replayed", "true");
    opened->sensitive = true; // only generate and rotate are replayed: the body holds the token
    return std::move(*opened);
}

} // namespace

IdempotencyStore::IdempotencyStore(std::shared_ptr<SqlStore> store, std::chrono::seconds keep)
    : m_store(std::move(store)), m_keep(keep)
{}

HttpResponse IdempotencyStore::run(const QByteArray& scope, const QByteArray& key,
                                   const QByteArray& fingerprint, const Execute& execute)
{
    auto seal = std::make_shared<const IdempotencySeal>(m_store->crypto(), scope, key);
    auto found = findRow(*m_store, seal->lookup());
    if (!found.ok())
        return ApiReplies::failure(found.error());
    if (found.value())
        return replay(*found.value(), *seal, key, fingerprint);
    auto claim = std::make_shared<Claim>(seal, fingerprint, m_keep);
    HttpResponse response = execute(claim);
    if (!claim->lost())
        return response;
    // Another request with this key got there first, on this server or another: its transaction
    // has committed (the claim waited for it), so its reply is this request's answer too.
    auto winner = findRow(*m_store, seal->lookup());
    if (winner.ok() && winner.value())
        return replay(*winner.value(), *seal, key, fingerprint);
    return ApiReplies::failure(Error{ErrorCode::Conflict, stillRunning()});
}

QFuture<Result<qint64>> IdempotencyStore::sweep()
{
    return m_store->run<qint64>([](SqlStore& store) { return IdempotencySql::sweep(store, kSweepBatch); });
}

} // namespace tokendesk
