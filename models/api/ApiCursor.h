// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/Result.h"
#include "models/core/Types.h"

#include <QByteArray>

namespace tokendesk::ApiJson {

// Opaque cursors of GET /v1/tokens: base64url of the page anchor, so a client resumes exactly
// after a row. A cursor arrives from the client and is read as untrusted input: anything this
// server could not have issued is an INVALID_INPUT, never a crash and never a guessed anchor.
inline constexpr qsizetype kMaxCursorBytes = 1024;

QByteArray encodeCursor(const PageAnchor& anchor);
Result<PageAnchor> decodeCursor(const QByteArray& cursor);

} // namespace tokendesk::ApiJson
