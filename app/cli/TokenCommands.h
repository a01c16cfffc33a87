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
    // list's filter and sort options, and the query they ask for (export reads the same ones).
    static QList<QCommandLineOption> listOptions();
    static std::optional<TokenQuery> listQuery(CliContext& ctx);
    // The options and query of list's filters alone (no order, no limit): what bulk selects by.
    static QList<QCommandLineOption> filterOptions();
    static std::optional<TokenQuery> filterQuery(CliContext& ctx);

private:
    static int generate(CliContext& ctx);
    static int rotate(CliContext& ctx);
    static int list(CliContext& ctx);
    static int listInactive(CliContext& ctx);
    static QList<QCommandLineOption> listCommandOptions();
    static int printGenerated(CliContext& ctx, const GeneratedToken& generated);
};

} // namespace tokendesk::cli
