// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/Result.h"

namespace tokendesk {

class SqlStore;

struct SeedReport
{
    qint64 inserted = 0;
    qint64 elapsedMs = 0;
};

// Fills a store with `count` realistic tokens for tests, demos and benchmarks: varied labels,
// roles, creators (some long gone), creation and last-used times, expiries and disabled ones.
// Every token is a real one (CSPRNG secret, hashed under the store's pepper like any other);
// the secrets are thrown away. Bypasses the per-user limit and the per-token notices on purpose
// and writes one "store.seed" audit entry for the whole batch. Worker thread only.
namespace StoreSeeder {
Result<SeedReport> seed(SqlStore& store, const QString& actor, qint64 count);
}

} // namespace tokendesk
