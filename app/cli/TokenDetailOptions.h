// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/Result.h"

#include <QDateTime>
#include <QString>

// The option names `generate`, `describe` and `extend` share for a token's description, tags and
// expiry.
namespace tokendesk::cli::TokenDetailOptions {

inline const QString description = QStringLiteral("description");
inline const QString tag = QStringLiteral("tag");
inline const QString expires = QStringLiteral("expires");

// --expires DURATION (from now) or never (an invalid QDateTime); INVALID_INPUT otherwise.
Result<QDateTime> expiryFromOption(const QString& value);

} // namespace tokendesk::cli::TokenDetailOptions
