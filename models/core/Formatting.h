// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/Types.h"

#include <QDateTime>
#include <QString>

// How token fields read to a person, for every widget that shows them (the table, the filter
// bar, the details panel). Translated; the stable machine names are roleName()/statusName().
namespace tokendesk::Formatting {

// "3 days ago", "just now", "Never". `now` is a parameter so tests can pin it.
QString relativeTime(const QDateTime& at, const QDateTime& now);
// "Developer", "Admin".
QString roleText(Role role);
// "Active", "Disabled", "Expired".
QString statusText(TokenStatus status);
// A certificate's SHA-256 digest as people compare it: "AB:CD:…", in upper case.
QString fingerprint(const QByteArray& sha256);
// `text` with every character that would act on a terminal or a log instead of being shown
// (controls such as ESC, line and paragraph separators, bidi controls, unpaired surrogates,
// noncharacters) written as \u{XXXX}, so it cannot forge log lines, recolour a terminal or
// reorder what an admin reads. A line feed is kept when `keepLineFeeds`; at most `maxCharacters`
// characters are shown, then "…" (-1: all).
QString escapeForDisplay(const QString& text, bool keepLineFeeds = false, qsizetype maxCharacters = -1);
// Text someone sent (a path, a field name, an address) as an error message may quote it:
// escaped, on one line, and cut to `maxLength` characters.
QString quotedInput(const QString& text, qsizetype maxLength = 80);

} // namespace tokendesk::Formatting
