// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

// The option names `generate` and `describe` share for a token's description and tags.
namespace tokendesk::cli::TokenDetailOptions {

inline const QString description = QStringLiteral("description");
inline const QString tag = QStringLiteral("tag");

} // namespace tokendesk::cli::TokenDetailOptions
