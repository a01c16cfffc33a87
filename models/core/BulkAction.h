// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/Error.h"
#include "models/core/Types.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace tokendesk {

// One change applied to many tokens (Backend::bulk): each token is changed as the single call
// would change it (same checks, one audit entry each), and what one token refuses is reported
// without stopping the others.
enum class BulkActionKind
{
    Disable,
    Enable,
    Revoke,
    Extend,   // moves the expiry to `expiresAt` (invalid: never), within the lifetime policy
    AddTag,   // adds `tag` (a token that has it already is unchanged)
    RemoveTag // removes `tag` (a token without it is unchanged)
};

// "disable" | "enable" | "revoke" | "extend" | "tag" | "untag" (stable: CLI and REST use them).
QString bulkActionName(BulkActionKind kind);
std::optional<BulkActionKind> bulkActionFromName(QStringView name);

struct BulkAction
{
    BulkActionKind kind = BulkActionKind::Disable;
    QDateTime expiresAt; // Extend only; invalid: never expires
    QString tag;         // AddTag and RemoveTag only

    bool operator==(const BulkAction&) const = default;
};

// A token to change. With a version, the change is refused with CONFLICT if the token has moved
// on since the caller saw it; without one (0, as for a selection made by a filter) it applies to
// the token as it is now.
struct BulkItem
{
    static constexpr qint64 kAnyVersion = 0;
    TokenId id = 0;
    qint64 expectedVersion = kAnyVersion;

    // The tokens a filter chose, each as it is now.
    static QList<BulkItem> anyVersionOf(const QList<TokenId>& ids);
};

struct BulkFailure
{
    TokenId id = 0;
    QString label; // empty when the token was not found
    Error error;
};

// What one or more bulk calls did: `changed` tokens now differ (and have an audit entry),
// `unchanged` ones were already as asked, each failure names the token and why.
struct BulkOutcome
{
    // Items per Backend::bulk call: one transaction each, short enough that a writer waiting for
    // it (another admin, a verify's last-used flush) waits well under a second.
    static constexpr int kMaxItems = 1000;
    int changed = 0;
    int unchanged = 0;
    QList<BulkFailure> failures;

    int processed() const { return changed + unchanged + int(failures.size()); }
    void add(const BulkOutcome& other);
};

} // namespace tokendesk
