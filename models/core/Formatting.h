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
// Text someone sent (a path, a field name, an address) as an error message may quote it: control,
// line-separator and text-direction characters and unpaired surrogates shown as \u{XXXX}, and
// cut to `maxLength` characters with "…", so a message stays one readable line that cannot
// forge log lines, recolour a terminal or reorder what an admin reads.
QString quotedInput(const QString& text, qsizetype maxLength = 80);

} // namespace tokendesk::Formatting
