// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/LifetimePolicy.h"
#include "models/core/Result.h"

#include <QVariantMap>

namespace tokendesk {

class SqlStore;

// The lifetime policy as the settings table keeps it: one row per role and limit
// ("lifetime.admin.max" = "90d" or "never"), so a store made before the policy existed, which has
// none of them, reads as LifetimePolicy::unrestricted(). Worker thread only.
namespace LifetimePolicySql {

Result<LifetimePolicy> load(SqlStore& store);
// Inside the caller's write transaction; the policy is validated by the caller.
Result<Unit> save(SqlStore& store, const LifetimePolicy& policy);
// The WHERE condition on the tokens table that holds for rows breaking `policy` at `now`
// ("0 = 1" when no role has a maximum); its values go into `bindings`.
QString breachCondition(const LifetimePolicy& policy, const QDateTime& now, QVariantMap& bindings);

} // namespace LifetimePolicySql
} // namespace tokendesk
