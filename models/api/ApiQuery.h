// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/Result.h"
#include "models/core/Types.h"

#include <QUrlQuery>

namespace tokendesk::ApiJson {

// The query strings of the listing endpoints. Parameters are held to the same rule as body
// fields: one the endpoint does not know, or a value out of range, is an INVALID_INPUT naming it.

inline constexpr int kMaxPageSize = TokenQuery::kMaxPageSize;
inline constexpr int kMaxAuditPage = 5000;

// TokenQuery <-> the query string of GET /v1/tokens.
QUrlQuery toUrlQuery(const TokenQuery& query);
Result<TokenQuery> tokenQueryFromUrl(const QUrlQuery& url);
// The query string of GET /v1/audit.
Result<AuditQuery> auditQueryFromUrl(const QUrlQuery& url);

} // namespace tokendesk::ApiJson
