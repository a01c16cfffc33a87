// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/api/HttpExchange.h"
#include "models/core/Result.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QFuture>

#include <chrono>
#include <functional>
#include <memory>

namespace tokendesk {

class SqlStore;
class TokenWriteHook;

// Replays the answer to a create or rotation that carried an Idempotency-Key, so a client that
// retries after a lost response gets the same token back instead of a second one, whichever
// server of the store the retry reaches and even after a restart (issue 13).
//
// The replay lives in the store (idempotency_keys), sealed so only the client can open it (see
// IdempotencySeal), and is written in the same transaction as the token it returns (through a
// TokenWriteHook): a token never exists without its replay. Two requests with one key that race,
// on one server or two, meet on the row's primary key: the loser's transaction creates nothing,
// and it answers with the winner's reply (or 409 CONFLICT when that cannot be read yet).
//
// Only a successful create or rotation is remembered, for `keep` (10 minutes): a refused request
// changed nothing and simply runs again when retried, and a 5xx may be retried for real. The same
// key with another request (`fingerprint`) is refused with 400 INVALID_INPUT. Thread-safe.
class IdempotencyStore
{
    Q_DECLARE_TR_FUNCTIONS(IdempotencyStore)

public:
    // Runs the request; the hook, when there is one, goes into its generate or rotate.
    using Execute = std::function<HttpResponse(const std::shared_ptr<TokenWriteHook>& hook)>;

    explicit IdempotencyStore(std::shared_ptr<SqlStore> store,
                              std::chrono::seconds keep = std::chrono::minutes(10));

    HttpResponse run(const QByteArray& scope, const QByteArray& key, const QByteArray& fingerprint,
                     const Execute& execute);
    // Deletes replays past their time (at most 1000 per call); the server calls it from a timer.
    QFuture<Result<qint64>> sweep();

private:
    std::shared_ptr<SqlStore> m_store;
    std::chrono::seconds m_keep;
};

} // namespace tokendesk
