// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/Result.h"

#include <QDateTime>
#include <QString>

#include <chrono>

namespace tokendesk::Validation {

inline constexpr int kMaxLabelLength = 64;
inline constexpr int kMaxUserNameLength = 64;

// Trims, then requires 1–64 characters and no control, line-separator or bidi-override
// characters (those let a label spoof what an admin sees). Returns the normalised label.
Result<QString> label(const QString& raw);

// A user name: 1–64 characters of letters, digits and . _ - @, starting with a letter or digit.
Result<QString> userName(const QString& raw);

// "90s", "15m", "12h", "30d", "2w": a positive duration. Used by --expires and --grace.
Result<std::chrono::seconds> duration(const QString& text);

// An expiry must lie in the future (relative to now) and within 10 years.
Result<QDateTime> expiry(const QDateTime& expiresAt, const QDateTime& now);

} // namespace tokendesk::Validation
