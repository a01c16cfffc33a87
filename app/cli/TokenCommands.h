// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/cli/CliCommand.h"
#include "models/core/Types.h"

#include <QCoreApplication>
#include <QList>

#include <optional>

namespace tokendesk::cli {

// Creating and listing tokens: generate, rotate, list.
class TokenCommands
{
    Q_DECLARE_TR_FUNCTIONS(TokenCommands)

public:
    static QList<CliCommand> all();

private:
    static int generate(CliContext& ctx);
    static int rotate(CliContext& ctx);
    static int list(CliContext& ctx);
    static int printGenerated(CliContext& ctx, const GeneratedToken& generated);
    static std::optional<TokenQuery> listQuery(CliContext& ctx);
};

} // namespace tokendesk::cli
