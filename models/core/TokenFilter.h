// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

namespace tokendesk {

// The search text of a token list, as typed into the console's search field, `list --filter`
// or `?filter=`: words "tag:NAME" and "tag:NAME=VALUE" are tag conditions (all must hold), the
// other words, rejoined with single spaces, are one case-insensitive substring. Parsed where the
// query runs (TokenSql), so every client and backend reads the same text the same way.
struct TokenFilter
{
    QString text;
    QStringList tags; // normalised by Validation::tag
    // A "tag:" word that is no valid tag: no token can carry it, so nothing matches.
    bool impossible = false;

    static TokenFilter parse(const QString& filter);
};

} // namespace tokendesk
