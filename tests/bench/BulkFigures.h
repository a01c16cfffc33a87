// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <optional>

namespace tokendesk::bench {

struct BulkFigures
{
    double matchingIdsMs = 0; // every id of the whole store (a selection of all, resolved)
    qint64 matchedIds = 0;
    double revokeSeconds = 0; // BulkRun revoking `revoked` tokens, the console's and the CLI's path
    qint64 revoked = 0;
    double longestStallMs = 0; // the longest the event loop went without running a 5 ms timer
};

// Copies the store at `storePath` (VACUUM INTO, so the benchmark's own store keeps its tokens),
// resolves a selection of every token to ids, and revokes the first `count` of them through
// BulkRun while a timer measures how long the event loop was ever kept from running.
std::optional<BulkFigures> measureBulkRevoke(const QString& storePath, qint64 count);

} // namespace tokendesk::bench
