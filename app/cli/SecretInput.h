// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/Secret.h"

#include <QString>

namespace tokendesk::cli {

// Reads a token from standard input, never from argv (argv is visible to every local user in
// /proc and lands in shell history).
class SecretInput
{
public:
    // The first line of standard input, trimmed. On a terminal the prompt goes to stderr and
    // echo is off while typing. Reads byte by byte up to the newline, so nothing after the first
    // line is consumed and no stdio buffer keeps a copy of the token.
    static Secret readLine(const QString& prompt);
};

} // namespace tokendesk::cli
