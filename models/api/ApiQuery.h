// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/Result.h"
#include "models/core/Types.h"

#include <QUrlQuery>

#include <optional>

namespace tokendesk::ApiJson {

// The query strings of the listing endpoints. Parameters are held to the same rule as body
// fields: one the endpoint does not know, or a value out of range, is an INVALID_INPUT naming it.

inline constexpr int kMaxPageSize = TokenQuery::kMaxPageSize;
inline constexpr int kMaxAuditPage = 5000;

// TokenQuery <-> the query string of GET /v1/tokens.
QUrlQuery toUrlQuery(const TokenQuery& query);
Result<TokenQuery> tokenQueryFromUrl(const QUrlQuery& url);
// InactiveQuery <-> the query string of GET /v1/tokens/inactive.
QUrlQuery toUrlQuery(const InactiveQuery& query);
Result<InactiveQuery> inactiveQueryFromUrl(const QUrlQuery& url);
// The query string of GET /v1/audit.
Result<AuditQuery> auditQueryFromUrl(const QUrlQuery& url);

// A whole number as the API reads one in a query, a path or a header: ASCII digits only (no
// sign, blanks or other scripts' digits, which a lenient toInt() would take), at most 18 of them.
std::optional<qint64> plainNumber(QStringView text);

} // namespace tokendesk::ApiJson
